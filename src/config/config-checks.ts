/**
 * Checks the schema cannot express: references between sections, regular expressions that compile,
 * duplicates. Runs on schema-valid data; each problem names the key path it is about.
 */
import { checkProjectName } from "../naming/naming-convention";
import type { KitConfig } from "./kit-config";

export interface ConfigProblem {
  path: (string | number)[];
  message: string;
  /** Point at the key itself rather than its value (unknown keys). */
  atKey?: boolean;
}

const TEAM_SLUG = /^[a-z0-9][a-z0-9-]*$/;

export function checkConfigSemantics(
  config: KitConfig,
  availableTemplates?: readonly string[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: (string | number)[], message: string): void => {
    problems.push({ path, message });
  };

  const { naming } = config;
  if (naming.minLength > naming.maxLength) {
    add(["naming", "minLength"], `is greater than naming.maxLength (${naming.maxLength})`);
  }
  naming.parts.forEach((part, i) => {
    if (part.pattern !== undefined) {
      const error = regexError(part.pattern);
      if (error) add(["naming", "parts", i, "pattern"], `is not a valid regular expression: ${error}`);
    }
    if (part.allowed && part.pattern !== undefined) {
      add(["naming", "parts", i], "set either allowed or pattern, not both");
    }
  });
  for (const name of duplicates(naming.parts.map((p) => p.name)))
    add(["naming", "parts"], `part name "${name}" is used twice`);
  if (naming.example !== undefined && problems.length === 0) {
    const check = checkProjectName(naming.example, naming);
    if (!check.ok)
      add(["naming", "example"], `does not follow the convention: ${check.problems[0]!.message}`);
  }

  const { templates } = config;
  if (!templates.offered.includes(templates.default)) {
    add(
      ["templates", "default"],
      `"${templates.default}" is not in templates.offered (${templates.offered.join(", ")})`,
    );
  }
  if (availableTemplates) {
    templates.offered.forEach((name, i) => {
      if (!availableTemplates.includes(name)) {
        add(
          ["templates", "offered", i],
          `no template "${name}" (available: ${availableTemplates.join(", ")})`,
        );
      }
    });
  }

  const alertTeams = [...config.teams.allowed, config.teams.platform];
  for (const team of Object.keys(config.teams.alerts)) {
    if (!alertTeams.includes(team)) {
      add(["teams", "alerts", team], `"${team}" is neither an allowed team nor the platform team`);
    }
  }

  const { repository } = config;
  if (!repository.allowedVisibilities.includes(repository.defaultVisibility)) {
    add(["repository", "defaultVisibility"], `is not in repository.allowedVisibilities`);
  }

  const environmentNames = config.environments.map((e) => e.name);
  for (const name of duplicates(environmentNames))
    add(["environments"], `environment "${name}" is declared twice`);
  config.environments.forEach((env, i) => {
    env.reviewers.forEach((reviewer, j) => {
      if (reviewer !== "team" && reviewer !== "platform" && !TEAM_SLUG.test(reviewer)) {
        add(["environments", i, "reviewers", j], `"${reviewer}" is not "team", "platform" or a team slug`);
      }
    });
  });

  for (const name of duplicates(config.secrets.repository.map((s) => s.name)))
    add(["secrets", "repository"], `secret "${name}" is declared twice`);
  for (const [envName, specs] of Object.entries(config.secrets.environments)) {
    if (!environmentNames.includes(envName)) {
      add(
        ["secrets", "environments", envName],
        `environment "${envName}" is not declared under environments`,
      );
    }
    for (const name of duplicates(specs.map((s) => s.name)))
      add(["secrets", "environments", envName], `secret "${name}" is declared twice`);
  }

  const partNames = naming.parts.map((p) => p.name);
  for (const key of duplicates(config.costTags.map((t) => t.key)))
    add(["costTags"], `tag "${key}" is declared twice`);
  config.costTags.forEach((tag, i) => {
    if (tag.from === "fixed" && tag.value === undefined) add(["costTags", i], "from: fixed needs a value");
    if (tag.from.startsWith("naming:") && !partNames.includes(tag.from.slice("naming:".length))) {
      add(
        ["costTags", i, "from"],
        `naming has no part "${tag.from.slice("naming:".length)}" (parts: ${partNames.join(", ")})`,
      );
    }
    if (tag.pattern !== undefined) {
      const error = regexError(tag.pattern);
      if (error) add(["costTags", i, "pattern"], `is not a valid regular expression: ${error}`);
      else if (tag.value !== undefined && !new RegExp(`^(?:${tag.pattern})$`, "u").test(tag.value)) {
        add(["costTags", i, "value"], `"${tag.value}" does not match the tag's pattern ${tag.pattern}`);
      }
    }
    if (tag.allowed && tag.value !== undefined && !tag.allowed.includes(tag.value)) {
      add(["costTags", i, "value"], `"${tag.value}" is not one of the tag's allowed values`);
    }
  });

  if (config.platform.type === "databricks") {
    for (const env of environmentNames) {
      if (!config.platform.databricks.hosts[env]) {
        add(["platform", "databricks", "hosts"], `no workspace URL for environment "${env}"`);
      }
    }
  }

  const { enforcement } = config;
  if (
    !enforcement.selectByNamingConvention &&
    !enforcement.selectByCustomProperty &&
    enforcement.include.length === 0
  ) {
    add(["enforcement"], "selects no repos: enable a selector or list repos under include");
  }
  return problems;
}

function regexError(source: string): string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
