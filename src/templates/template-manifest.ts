/**
 * A template's manifest (`templates/<name>/template.yml`): what it is for and the variables it asks
 * for, each typed, with a default, a pattern and a description. Answers are validated against it
 * before anything is rendered.
 */
import { parse } from "yaml";
import { KitError } from "../errors";
import { compiledValidator } from "../schema/compiled-validator";
import { quoteForDisplay } from "../text/display";
import { singleLineProblems } from "../text/unicode-rules";

export type TemplateVariableType = "string" | "integer" | "boolean" | "enum";
export type TemplateAnswer = string | number | boolean;

export interface TemplateVariable {
  name: string;
  description: string;
  type: TemplateVariableType;
  default: TemplateAnswer;
  pattern?: string;
  values?: string[];
  minimum?: number;
  maximum?: number;
}

export interface TemplateManifest {
  name: string;
  description: string;
  /** The compute job shape, shown in docs and the job summary. */
  kind: "batch" | "service";
  variables: TemplateVariable[];
  /** Rendered paths (globs with `*`) that get mode 755. */
  executable: string[];
}

const manifestSchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "description", "kind"],
  properties: {
    name: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$" },
    description: { type: "string", minLength: 1 },
    kind: { type: "string", enum: ["batch", "service"] },
    executable: { type: "array", items: { type: "string" }, default: [] },
    variables: {
      type: "array",
      default: [],
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "description", "type", "default"],
        properties: {
          name: { type: "string", pattern: "^[a-zA-Z][a-zA-Z0-9]*$" },
          description: { type: "string", minLength: 1 },
          type: { type: "string", enum: ["string", "integer", "boolean", "enum"] },
          default: { type: ["string", "integer", "boolean"] },
          pattern: { type: "string" },
          values: { type: "array", items: { type: "string" }, minItems: 1 },
          minimum: { type: "integer" },
          maximum: { type: "integer" },
        },
      },
    },
  },
} as const;

const validateManifestSchema = compiledValidator("template-manifest", manifestSchema, {
  allErrors: true,
  useDefaults: true,
  allowUnionTypes: true,
});

export function parseTemplateManifest(text: string, fileName: string): TemplateManifest {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new KitError("template-invalid", `${fileName} is not valid YAML: ${(error as Error).message}`);
  }
  if (!validateManifestSchema(data)) {
    throw new KitError(
      "template-invalid",
      `${fileName} is not a valid template manifest`,
      (validateManifestSchema.errors ?? []).map((e) => `${e.instancePath || "(top level)"} ${e.message}`),
    );
  }
  const manifest = data as unknown as TemplateManifest;
  for (const variable of manifest.variables) {
    const problem = checkAnswer(variable, variable.default);
    if (problem)
      throw new KitError("template-invalid", `${fileName}: default of ${variable.name} ${problem}`);
  }
  return manifest;
}

/**
 * Typed answers for every variable: given values (strings from a CLI or workflow input, or typed
 * values) are coerced and checked; missing ones take the default; unknown names are refused.
 */
export function resolveTemplateAnswers(
  manifest: TemplateManifest,
  given: Readonly<Record<string, TemplateAnswer>>,
): Record<string, TemplateAnswer> {
  const problems: string[] = [];
  const known = new Set(manifest.variables.map((v) => v.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      problems.push(
        `unknown variable ${quoteForDisplay(name)} (template ${manifest.name} has: ${[...known].join(", ") || "no variables"})`,
      );
    }
  }
  const answers: Record<string, TemplateAnswer> = {};
  for (const variable of manifest.variables) {
    const raw = Object.hasOwn(given, variable.name) ? given[variable.name]! : variable.default;
    const value = coerce(variable, raw);
    const problem =
      value === undefined
        ? `must be ${variable.type === "integer" ? "an integer" : `a ${variable.type}`}`
        : checkAnswer(variable, value);
    if (problem) problems.push(`${variable.name} (${variable.description}) ${problem}`);
    else answers[variable.name] = value!;
  }
  if (problems.length > 0) {
    throw new KitError(
      "template-answers-invalid",
      `answers for template ${manifest.name} are not valid`,
      problems,
    );
  }
  return answers;
}

function coerce(variable: TemplateVariable, raw: TemplateAnswer): TemplateAnswer | undefined {
  switch (variable.type) {
    case "integer": {
      const n = typeof raw === "number" ? raw : /^-?\d+$/.test(String(raw)) ? Number(raw) : Number.NaN;
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case "boolean":
      if (typeof raw === "boolean") return raw;
      return raw === "true" ? true : raw === "false" ? false : undefined;
    default:
      return typeof raw === "string" ? raw : undefined;
  }
}

function checkAnswer(variable: TemplateVariable, value: TemplateAnswer): string | undefined {
  if (variable.type === "integer" && typeof value === "number") {
    if (variable.minimum !== undefined && value < variable.minimum)
      return `must be at least ${variable.minimum}`;
    if (variable.maximum !== undefined && value > variable.maximum)
      return `must be at most ${variable.maximum}`;
  }
  if (typeof value !== "string") return undefined;
  // Answers end up in YAML, TOML and Python: no control characters or template syntax, whatever the pattern.
  const characterProblems = singleLineProblems("value", value);
  if (characterProblems.length > 0) return characterProblems.join("; ");
  if (value.includes("{{") || value.includes("${")) return "must not contain template or expression syntax";
  if (variable.type === "enum" && !(variable.values ?? []).includes(value)) {
    return `must be one of: ${(variable.values ?? []).join(", ")}`;
  }
  if (variable.pattern !== undefined && !new RegExp(`^(?:${variable.pattern})$`, "u").test(value)) {
    return `${quoteForDisplay(value)} must match ${variable.pattern}`;
  }
  return undefined;
}
