/**
 * Turns a create request (name, team, template, ...) into a validated project spec (pure). Every
 * problem is collected, so a rejected request lists all that is wrong at once, and nothing downstream
 * (rendering, GitHub, git) ever sees an unchecked value.
 */
import type { CostTagSpec, KitConfig, RepoVisibility } from "../config/kit-config";
import { KitError } from "../errors";
import { checkProjectName, formatNameCheck } from "../naming/naming-convention";
import {
  resolveTemplateAnswers,
  type TemplateAnswer,
  type TemplateManifest,
} from "../templates/template-manifest";
import { quoteForDisplay } from "../text/display";
import { closestMatch } from "../text/edit-distance";
import { singleLineProblems } from "../text/unicode-rules";

/**
 * `${` in a value that reaches `databricks.yml` would be resolved by the Databricks CLI as a variable
 * reference (it has no escape), so free text may not hold it.
 */
function expressionProblems(field: string, value: string): string[] {
  return value.includes("${")
    ? [`${field} must not contain "\${" (Databricks would read it as a variable reference)`]
    : [];
}

export interface ProjectRequest {
  name: string;
  team: string;
  template?: string;
  description?: string;
  costCenter?: string;
  visibility?: string;
  /** GitHub login of whoever asked (empty for a local create). */
  requester?: string;
  /** Answers to the template's own variables. */
  variables?: Readonly<Record<string, TemplateAnswer>>;
}

export interface ResolvedCostTag {
  key: string;
  value: string;
  customProperty?: string;
  topic: boolean;
}

export interface ProjectSpec {
  name: string;
  /** Python import name: the project name with `-` and `.` as `_`. */
  packageName: string;
  description: string;
  team: string;
  template: string;
  visibility: RepoVisibility;
  requester: string;
  nameParts: Record<string, string>;
  costTags: ResolvedCostTag[];
  topics: string[];
  answers: Record<string, TemplateAnswer>;
}

/** GitHub's limit on repository descriptions. */
const MAX_DESCRIPTION_LENGTH = 350;
const MAX_TOPICS = 20;

/** Problems with the request that do not depend on the template's manifest. */
export function checkRequest(config: KitConfig, request: ProjectRequest): string[] {
  const problems: string[] = [];
  const nameCheck = checkProjectName(request.name, config.naming);
  if (!nameCheck.ok) problems.push(formatNameCheck(nameCheck, config.naming));

  if (!config.teams.allowed.includes(request.team)) {
    const hint = closestMatch(request.team, config.teams.allowed);
    problems.push(
      `team ${quoteForDisplay(request.team)} may not own ML projects${hint ? ` (did you mean "${hint}"?)` : ""}; allowed teams: ${config.teams.allowed.join(", ")}`,
    );
  }
  const template = request.template || config.templates.default;
  if (!config.templates.offered.includes(template)) {
    problems.push(
      `template ${quoteForDisplay(template)} is not offered; choose one of: ${config.templates.offered.join(", ")}`,
    );
  }
  const visibility = request.visibility || config.repository.defaultVisibility;
  if (!(config.repository.allowedVisibilities as string[]).includes(visibility)) {
    problems.push(
      `visibility ${quoteForDisplay(visibility)} is not allowed; choose one of: ${config.repository.allowedVisibilities.join(", ")}`,
    );
  }
  const description = request.description ?? "";
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push(
      `the description is ${description.length} characters long; GitHub allows ${MAX_DESCRIPTION_LENGTH}`,
    );
  }
  problems.push(...singleLineProblems("description", description));
  problems.push(...expressionProblems("description", description));
  return problems;
}

const DATABRICKS_APP_NAME_MAX = 30;

export function resolveProjectSpec(
  config: KitConfig,
  request: ProjectRequest,
  manifest: TemplateManifest,
): ProjectSpec {
  const problems = checkRequest(config, request);
  let answers: Record<string, TemplateAnswer> = {};
  try {
    answers = resolveTemplateAnswers(manifest, request.variables ?? {});
  } catch (error) {
    problems.push(...((error as KitError).details ?? [(error as Error).message]));
  }
  const nameCheck = checkProjectName(request.name, config.naming);
  const nameParts = nameCheck.ok ? nameCheck.parts : {};
  // A service deploys as a Databricks App named after the project, and app names stop at 30 characters.
  if (manifest.kind === "service" && request.name.length > DATABRICKS_APP_NAME_MAX) {
    problems.push(
      `name: ${request.name.length} characters, but template ${manifest.name} deploys a Databricks App, whose name is at most ${DATABRICKS_APP_NAME_MAX} characters: shorten the use case`,
    );
  }
  const template = request.template || config.templates.default;
  const base = {
    name: request.name,
    team: request.team,
    template,
    requester: request.requester ?? "",
    costCenter: request.costCenter ?? "",
    nameParts,
  };
  const costTags: ResolvedCostTag[] = [];
  for (const tag of config.costTags) {
    // A bad name is reported once; tags taken from its parts would only repeat it.
    if (!nameCheck.ok && tag.from.startsWith("naming:")) continue;
    const resolved = resolveCostTag(tag, base);
    if (typeof resolved === "string") problems.push(resolved);
    else if (resolved) costTags.push(resolved);
  }
  if (problems.length > 0) {
    throw new KitError("request-invalid", "the project request is not valid; nothing was created", problems);
  }
  const topics = projectTopics(config, costTags);
  return {
    name: request.name,
    packageName: request.name.replace(/[-.]/g, "_"),
    description: request.description ?? "",
    team: request.team,
    template,
    visibility: (request.visibility || config.repository.defaultVisibility) as RepoVisibility,
    requester: request.requester ?? "",
    nameParts,
    costTags,
    topics,
    answers,
  };
}

interface TagSourceValues {
  name: string;
  team: string;
  template: string;
  requester: string;
  costCenter: string;
  nameParts: Record<string, string>;
}

/** The tag, nothing (optional and empty), or a problem. */
function resolveCostTag(tag: CostTagSpec, source: TagSourceValues): ResolvedCostTag | string | undefined {
  const fromSource = (): string => {
    switch (tag.from) {
      case "cost-center":
        return source.costCenter;
      case "team":
        return source.team;
      case "project":
        return source.name;
      case "template":
        return source.template;
      case "requester":
        return source.requester;
      case "fixed":
        return "";
      default:
        return source.nameParts[tag.from.slice("naming:".length)] ?? "";
    }
  };
  const given = fromSource();
  const value = given.trim() || tag.value || "";
  // Checked before trimming too: trim() would silently drop line separators at either end.
  const characterProblems = [
    ...singleLineProblems(`cost tag ${tag.key}`, given.trim() ? given : value),
    ...expressionProblems(`cost tag ${tag.key}`, value),
  ];
  if (!value) return tag.required ? `cost tag ${tag.key} needs a value (from ${tag.from})` : undefined;
  if (characterProblems.length > 0) return characterProblems.join("; ");
  if (value.length > 256) return `cost tag ${tag.key} must be at most 256 characters`;
  if (tag.pattern !== undefined && !new RegExp(`^(?:${tag.pattern})$`, "u").test(value)) {
    return `cost tag ${tag.key} ${quoteForDisplay(value)} must match ${tag.pattern}`;
  }
  if (tag.allowed && !tag.allowed.includes(value)) {
    return `cost tag ${tag.key} ${quoteForDisplay(value)} must be one of: ${tag.allowed.join(", ")}`;
  }
  return {
    key: tag.key,
    value,
    ...(tag.customProperty ? { customProperty: tag.customProperty } : {}),
    topic: tag.topic,
  };
}

/** Config topics, the ownership topic and `<key>-<value>` topics of tags that ask for one (GitHub's topic rules). */
export function projectTopics(config: KitConfig, costTags: readonly ResolvedCostTag[]): string[] {
  const tagTopics = costTags
    .filter((t) => t.topic)
    .map((t) =>
      `${t.key}-${t.value}`
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 50),
    );
  const all = [config.repository.ownership.topic, ...config.repository.topics, ...tagTopics].filter(Boolean);
  return [...new Set(all)].slice(0, MAX_TOPICS);
}
