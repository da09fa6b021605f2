/**
 * Parses and validates the text of `mlops-kit.config.yml` (pure: no file access).
 * Every problem is reported with its key path and line, e.g.
 * `mlops-kit.config.yml:14:9 naming.parts[1].allowed[0]: must match ^[a-z0-9]+$`.
 */
import type { ErrorObject } from "ajv";
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from "yaml";
import { KitError } from "../errors";
import { KIT_VERSION } from "../kit-version";
import { compiledValidator } from "../schema/compiled-validator";
import { closestMatch } from "../text/edit-distance";
import { type ConfigProblem, checkConfigSemantics } from "./config-checks";
import type { KitConfig } from "./kit-config";
import { kitConfigSchema } from "./kit-config-schema";
import { applyProtectionPreset } from "./protection-presets";

type PathSegment = string | number;

const validateSchema = compiledValidator("kit-config", kitConfigSchema, {
  allErrors: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
});

export interface ParseKitConfigOptions {
  /** Name shown in messages (the file's path). */
  fileName: string;
  /** Template folders that exist, to check `templates.offered` against. */
  availableTemplates?: readonly string[];
}

export function parseKitConfig(text: string, options: ParseKitConfigOptions): KitConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined) => {
    if (offset === undefined) return options.fileName;
    const { line, col } = lineCounter.linePos(offset);
    return `${options.fileName}:${line}:${col}`;
  };

  if (doc.errors.length > 0) {
    throw new KitError(
      "config-invalid",
      `${options.fileName} is not valid YAML`,
      doc.errors.map((e) => `${where(e.pos[0])} ${e.message.split("\n")[0]}`),
    );
  }
  const data: unknown = doc.toJS() ?? {};
  // A preset fills the protection keys left out, before the schema's defaults (the `default` preset) do.
  applyProtectionPreset(data);
  const problems: ConfigProblem[] = [];
  if (!validateSchema(data)) {
    problems.push(...(validateSchema.errors ?? []).map(describeSchemaError));
  } else {
    problems.push(...checkConfigSemantics(data as unknown as KitConfig, options.availableTemplates));
  }
  if (problems.length > 0) {
    const located = problems.map((p) => ({ ...p, offset: offsetOf(doc.contents, p.path, p.atKey) }));
    located.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
    throw new KitError(
      "config-invalid",
      `${options.fileName} has ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
      located.map((p) => `${where(p.offset)} ${formatPath(p.path) || "(top level)"}: ${p.message}`),
    );
  }
  const config = data as unknown as KitConfig;
  config.kit.ref ??= `v${KIT_VERSION}`;
  return config;
}

export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === "number" ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    "",
  );
}

function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describeSchemaError(error: ErrorObject): ConfigProblem {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = knownKeysAt(error.schemaPath);
      const hint = closestMatch(key, known);
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : known.length ? ` (expected one of: ${known.join(", ")})` : ""}`,
      };
    }
    case "required":
      return { path, message: `missing required key "${String(params.missingProperty)}"` };
    case "enum":
      return { path, message: `must be one of: ${(params.allowedValues as unknown[]).join(", ")}` };
    case "pattern":
      return { path, message: `must match ${String(params.pattern)}` };
    case "not":
      return { path, message: "is not allowed here (names starting with GITHUB_ are reserved by GitHub)" };
    case "type":
      return { path, message: `must be ${articleFor(String(params.type))}` };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

function articleFor(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The property names the schema allows at the object whose `additionalProperties` failed. */
function knownKeysAt(schemaPath: string): string[] {
  let node: unknown = kitConfigSchema;
  for (const seg of schemaPath.replace(/^#\//, "").split("/").slice(0, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[seg];
  }
  const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties).filter((k) => k !== "$schema") : [];
}

/** Source offset of the node at `path` (or of its key), falling back to the nearest existing ancestor. */
function offsetOf(root: Node | null, path: readonly PathSegment[], atKey = false): number | undefined {
  let node: unknown = root;
  let offset = (root as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (!node || typeof node !== "object" || !("items" in node)) break;
    const items = (node as YAMLMap).items as unknown[];
    let next: unknown;
    if (isMap(node)) {
      const pair = items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
      if (!isPair(pair)) break;
      const keyOffset = (pair.key as Node).range?.[0];
      if (atKey && i === path.length - 1) return keyOffset;
      next = pair.value;
      offset = (next as Node | null)?.range?.[0] ?? keyOffset;
    } else {
      next = typeof seg === "number" ? items[seg] : undefined;
      if (!next) break;
      offset = (next as Node).range?.[0] ?? offset;
    }
    node = next;
  }
  return offset;
}
