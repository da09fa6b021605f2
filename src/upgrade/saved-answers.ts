/**
 * Reads a generated repo's `.mlops-kit/answers.yml` (how it was generated) and turns it back into the
 * project spec a template renders with (pure). Read with a YAML parser, so plain and quoted scalars
 * both work. Against a newer template, a question the repo never answered takes its default and an
 * answer to a question the template dropped is left out.
 */
import { parse } from "yaml";
import type { KitConfig, RepoVisibility } from "../config/kit-config";
import { KitError } from "../errors";
import { checkProjectName } from "../naming/naming-convention";
import type { ProjectSpec } from "../project/project-spec";
import {
  resolveTemplateAnswers,
  type TemplateAnswer,
  type TemplateManifest,
} from "../templates/template-manifest";
import { normalizeVersion } from "./kit-versions";

export interface SavedAnswers {
  template: string;
  kitVersion: string;
  kitRepository: string;
  kitRef: string;
  project: { name: string; description: string; team: string; visibility: string; requester: string };
  costTags: Record<string, string>;
  variables: Record<string, TemplateAnswer>;
}

const str = (value: unknown): string => (value === undefined || value === null ? "" : String(value));

export function parseSavedAnswers(text: string, where: string): SavedAnswers {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new KitError("answers-invalid", `${where} is not valid YAML: ${(error as Error).message}`);
  }
  const record = (value: unknown): Record<string, unknown> =>
    value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const root = record(doc);
  const project = record(root.project);
  const missing = ["template", "kitVersion"]
    .filter((k) => !str(root[k]))
    .concat(project.name ? [] : ["project.name"]);
  if (missing.length > 0) {
    throw new KitError(
      "answers-invalid",
      `${where} lacks ${missing.join(", ")}; it was not written by mlops-kit`,
    );
  }
  const variables: Record<string, TemplateAnswer> = {};
  for (const [key, value] of Object.entries(record(root.variables))) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      variables[key] = value;
  }
  return {
    template: str(root.template),
    kitVersion: normalizeVersion(str(root.kitVersion), `kitVersion in ${where}`),
    kitRepository: str(root.kitRepository),
    kitRef: str(root.kitRef),
    project: {
      name: str(project.name),
      description: str(project.description),
      team: str(project.team),
      visibility: str(project.visibility),
      requester: str(project.requester),
    },
    costTags: Object.fromEntries(Object.entries(record(root.costTags)).map(([k, v]) => [k, str(v)])),
    variables,
  };
}

/** The spec to render `manifest` with for this repo: its saved answers, defaults for new questions. */
export function specFromAnswers(
  config: KitConfig,
  saved: SavedAnswers,
  manifest: TemplateManifest,
): ProjectSpec {
  const known = new Set(manifest.variables.map((v) => v.name));
  const given = Object.fromEntries(Object.entries(saved.variables).filter(([name]) => known.has(name)));
  const nameCheck = checkProjectName(saved.project.name, config.naming);
  return {
    name: saved.project.name,
    packageName: saved.project.name.replace(/[-.]/g, "_"),
    description: saved.project.description,
    team: saved.project.team,
    template: saved.template,
    visibility: (saved.project.visibility || config.repository.defaultVisibility) as RepoVisibility,
    requester: saved.project.requester,
    nameParts: nameCheck.ok ? nameCheck.parts : {},
    costTags: Object.entries(saved.costTags).map(([key, value]) => ({ key, value, topic: false })),
    topics: [],
    answers: resolveTemplateAnswers(manifest, given),
  };
}
