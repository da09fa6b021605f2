/**
 * Renders a project: the template's files with the project's context, plus `.mlops-kit/answers.yml`
 * (template, kit version and answers), so the repo can be re-rendered from a newer template later.
 * Pure: the template source is already in memory and nothing is written.
 */
import type { KitConfig } from "../config/kit-config";
import { KitError } from "../errors";
import { KIT_VERSION } from "../kit-version";
import { type RenderedTree, renderTemplate, type TemplateSource } from "../templates/template-renderer";
import { yamlDocument } from "../text/quoted-string";
import type { ProjectSpec } from "./project-spec";

export const ANSWERS_FILE = ".mlops-kit/answers.yml";

export interface RenderOptions {
  /** Base URL of the GitHub server, for links (default https://github.com). */
  serverUrl?: string;
  /**
   * The kit version and ref to render for (default: this kit's version and the config's ref). An update
   * renders the template as it was at the repo's recorded version, with the ref the repo pinned then.
   */
  kit?: { version: string; ref: string };
}

/** Everything a template can refer to. Documented in docs/templates.md. */
export function buildTemplateContext(config: KitConfig, spec: ProjectSpec, options: RenderOptions = {}) {
  const serverUrl = (options.serverUrl ?? "https://github.com").replace(/\/+$/, "");
  return {
    org: config.org,
    project: {
      name: spec.name,
      fullName: `${config.org}/${spec.name}`,
      packageName: spec.packageName,
      description: spec.description,
      team: spec.team,
      template: spec.template,
      visibility: spec.visibility,
      requester: spec.requester,
    },
    naming: spec.nameParts,
    kit: {
      version: options.kit?.version ?? KIT_VERSION,
      repository: config.kit.repository,
      ref: options.kit?.ref ?? config.kit.ref,
      url: `${serverUrl}/${config.kit.repository}`,
    },
    teams: { platform: config.teams.platform },
    // Failure notifications of the project's jobs: its team's destinations from the kit config.
    alerts: {
      emails: config.teams.alerts[spec.team]?.emails ?? [],
      webhookDestinations: config.teams.alerts[spec.team]?.webhookDestinations ?? [],
    },
    repository: { defaultBranch: config.repository.defaultBranch },
    costTags: Object.fromEntries(spec.costTags.map((t) => [t.key, t.value])),
    costTagList: spec.costTags.map((t) => ({ key: t.key, value: t.value })),
    environments: config.environments.map((env) => ({
      name: env.name,
      host: config.platform.databricks.hosts[env.name] ?? "",
    })),
    python: { version: config.python.version },
    platform: {
      type: config.platform.type,
      databricks: {
        sparkVersion: config.platform.databricks.sparkVersion,
        nodeTypeId: config.platform.databricks.nodeTypeId,
        auth: config.platform.databricks.auth,
      },
    },
    requiredStatusChecks: config.branchProtection.requiredStatusChecks,
    vars: spec.answers,
  };
}

export function renderProject(
  config: KitConfig,
  spec: ProjectSpec,
  source: TemplateSource,
  options: RenderOptions = {},
): RenderedTree {
  const tree = renderTemplate(source, buildTemplateContext(config, spec, options));
  if (tree.has(ANSWERS_FILE)) {
    throw new KitError(
      "template-invalid",
      `template ${spec.template} must not contain ${ANSWERS_FILE}; the kit writes it`,
    );
  }
  tree.set(ANSWERS_FILE, {
    path: ANSWERS_FILE,
    content: answersFileContent(config, spec, options),
    mode: 0o644,
  });
  return new Map([...tree.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function answersFileContent(
  config: KitConfig,
  spec: ProjectSpec,
  options: RenderOptions = {},
): string {
  const answers = {
    template: spec.template,
    kitVersion: options.kit?.version ?? KIT_VERSION,
    kitRepository: config.kit.repository,
    kitRef: options.kit?.ref ?? config.kit.ref,
    project: {
      name: spec.name,
      description: spec.description,
      team: spec.team,
      visibility: spec.visibility,
      requester: spec.requester,
    },
    costTags: Object.fromEntries(spec.costTags.map((t) => [t.key, t.value])),
    variables: spec.answers,
  };
  // Every key and string a double-quoted scalar: a person's text stays one string in any YAML reader.
  return `# Written by mlops-kit: how this repo was generated. Keep it; updates from newer templates read it.\n${yamlDocument(answers)}\n`;
}
