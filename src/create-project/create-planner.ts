/**
 * Plans a create-project run (pure): from the validated request, the rendered files, the secrets that
 * have values and what GitHub already holds, decide every step and its dependencies. Planning never
 * knows whether the plan will be printed (dry run) or applied.
 */
import type { KitConfig, SecretSpec } from "../config/kit-config";
import type { ProjectSpec } from "../project/project-spec";
import { classicProtectionBody, rulesetBody } from "../protection/protection-requests";
import type { RenderedTree } from "../templates/template-renderer";
import type { CreatePlan, PlanStep, SecretScope } from "./create-plan";
import {
  checkGrants,
  checkResumeAuthority,
  decideOwnerTeam,
  type OwnerRecords,
  plannedTeamGrants,
  type RepoGrants,
} from "./repo-authority";

export type RepoObservation =
  | { state: "absent" }
  | {
      state: "owned";
      defaultBranchExists: boolean;
      topics: string[];
      customProperties: Record<string, string | null>;
      /** Where the repo records its owner team. */
      owner: OwnerRecords;
      /** Its direct collaborators and team grants. */
      grants: RepoGrants;
      /** The kit's own login (undefined for a GitHub App, which is never a collaborator). */
      kitLogin?: string;
      /** Id of the ruleset named like the kit's, when one exists. */
      kitRulesetId?: number;
    };

export interface ProjectObservation {
  /** Custom property names the org defines (empty when it has none, or they cannot be read). */
  orgCustomProperties: string[];
  /** Ids of every team the plan refers to, by slug. */
  teamIds: Record<string, number>;
  repo: RepoObservation;
}

export interface ProvidedSecrets {
  repository: SecretSpec[];
  environments: Record<string, SecretSpec[]>;
}

export interface PlanInputs {
  config: KitConfig;
  spec: ProjectSpec;
  tree: RenderedTree;
  observation: ProjectObservation;
  /** Secrets whose value is present (absent optional ones are left out by the caller). */
  secrets: ProvidedSecrets;
  /** `GITHUB_SERVER_URL`, for the browser and clone URLs. */
  serverUrl: string;
  /** Notes from earlier stages (e.g. optional secrets with no value). */
  notes?: string[];
}

/** Team slugs a plan needs ids of: the project team, the platform team and explicit reviewers. */
export function referencedTeams(config: KitConfig, team: string): string[] {
  const reviewers = config.environments.flatMap((env) => env.reviewers);
  const slugs = [team, config.teams.platform, ...reviewers.filter((r) => r !== "team" && r !== "platform")];
  return [...new Set(slugs)];
}

export function planCreateProject(inputs: PlanInputs): CreatePlan {
  const { config, spec, observation } = inputs;
  const org = config.org;
  const repo = spec.name;
  const owner = { owner: org, repo };
  const server = inputs.serverUrl.replace(/\/+$/, "");
  const notes = [...(inputs.notes ?? [])];
  const steps: PlanStep[] = [];
  const has = (id: string) => steps.some((s) => s.id === id);
  const after = (...ids: string[]) => ids.filter(has);

  const grants = plannedTeamGrants(config, spec.team);
  if (observation.repo.state === "owned") {
    // Refusals before any step exists: an existing repo is only ever resumed for its owner team, and
    // only when nobody else was given access to it (docs/security.md, "another member of the org").
    const fullName = `${org}/${repo}`;
    const ownerTeam = decideOwnerTeam(fullName, observation.repo.owner, config.teams.platform);
    checkResumeAuthority(fullName, spec.team, ownerTeam, config.teams.platform);
    checkGrants(fullName, observation.repo.grants, grants, observation.repo.kitLogin, config.teams.platform);
  }
  const desiredProperties = customPropertyValues(config, spec, observation.orgCustomProperties, notes);

  if (observation.repo.state === "absent") {
    steps.push({
      id: "repository",
      kind: "create-repository",
      area: "repository",
      description: `Create ${visibilityLabel(spec.visibility)} repository ${org}/${repo}`,
      dependsOn: [],
      route: "POST /orgs/{org}/repos",
      params: {
        org,
        name: repo,
        description: spec.description,
        visibility: spec.visibility,
        auto_init: false,
        has_wiki: false,
        has_projects: false,
        allow_merge_commit: config.repository.allowMergeCommit,
        allow_squash_merge: config.repository.allowSquashMerge,
        allow_rebase_merge: config.repository.allowRebaseMerge,
        delete_branch_on_merge: config.repository.deleteBranchOnMerge,
        // Set in the same request as the repo itself, so the ownership marker can never be missing.
        ...(Object.keys(desiredProperties).length > 0 ? { custom_properties: desiredProperties } : {}),
      },
    });
  } else {
    const current = observation.repo.customProperties;
    const changed = Object.entries(desiredProperties).filter(([name, value]) => current[name] !== value);
    if (changed.length > 0) {
      steps.push({
        id: "properties",
        kind: "request",
        area: "properties",
        // Names only: values may be a person's text, and descriptions are shown as the kit's own words.
        description: `Set custom properties ${changed.map(([n]) => n).join(", ")}`,
        dependsOn: [],
        route: "PATCH /repos/{owner}/{repo}/properties/values",
        params: { ...owner, properties: changed.map(([property_name, value]) => ({ property_name, value })) },
      });
    }
  }

  const branch = config.repository.defaultBranch;
  if (observation.repo.state === "absent" || !observation.repo.defaultBranchExists) {
    steps.push({
      id: "content",
      kind: "push-initial-commit",
      area: "content",
      description: `Push the ${spec.template} template (${inputs.tree.size} files) as the first commit of ${branch}`,
      dependsOn: after("repository"),
      branch,
      tree: inputs.tree,
      message: `Create ${spec.name} from the ${spec.template} template (mlops-kit)`,
    });
  } else {
    notes.push(`${branch} already has commits: the initial content is not pushed again`);
  }

  const existingTopics = observation.repo.state === "owned" ? observation.repo.topics : [];
  const topics = [...new Set([...spec.topics, ...existingTopics])].slice(0, 20);
  steps.push({
    id: "topics",
    kind: "request",
    area: "topics",
    description: `Set topics ${topics.join(", ")}`,
    dependsOn: after("repository"),
    route: "PUT /repos/{owner}/{repo}/topics",
    params: { ...owner, names: topics },
  });

  for (const [team, permission] of grants) {
    steps.push({
      id: `access:${team}`,
      kind: "request",
      area: "access",
      description: `Grant team ${team} ${permission} access`,
      dependsOn: after("repository"),
      route: "PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}",
      params: { org, team_slug: team, ...owner, permission },
    });
  }

  for (const env of config.environments) {
    const reviewerSlugs = [
      ...new Set(
        env.reviewers.map((r) => (r === "team" ? spec.team : r === "platform" ? config.teams.platform : r)),
      ),
    ];
    const reviewers = reviewerSlugs.map((slug) => ({ type: "Team", id: observation.teamIds[slug] }));
    steps.push({
      id: `environment:${env.name}`,
      kind: "request",
      area: "environments",
      description: `Create environment ${env.name}${reviewerSlugs.length ? ` (reviewers: ${reviewerSlugs.join(", ")})` : ""}`,
      // A reviewer team must have access to the repo first, or GitHub may refuse it as a reviewer.
      dependsOn: after("repository", ...reviewerSlugs.map((slug) => `access:${slug}`)),
      route: "PUT /repos/{owner}/{repo}/environments/{environment_name}",
      params: {
        ...owner,
        environment_name: env.name,
        wait_timer: env.waitTimerMinutes,
        reviewers,
        ...(reviewers.length > 0 ? { prevent_self_review: env.preventSelfReview } : {}),
        deployment_branch_policy:
          env.deploymentBranches === "protected"
            ? { protected_branches: true, custom_branch_policies: false }
            : null,
      },
    });
  }

  const secretStep = (scope: SecretScope, spec: SecretSpec, dependsOn: string[]): PlanStep => ({
    id: scope.type === "repository" ? `secret:${spec.name}` : `secret:${scope.environment}:${spec.name}`,
    kind: "set-secret",
    area: "secrets",
    description:
      scope.type === "repository"
        ? `Set repository secret ${spec.name} (sealed)`
        : `Set secret ${spec.name} of environment ${scope.environment} (sealed)`,
    dependsOn,
    scope,
    name: spec.name,
    fromEnv: spec.fromEnv,
  });
  for (const secret of inputs.secrets.repository)
    steps.push(secretStep({ type: "repository" }, secret, after("repository")));
  for (const [environment, specs] of Object.entries(inputs.secrets.environments)) {
    for (const secret of specs) {
      steps.push(
        secretStep(
          { type: "environment", environment },
          secret,
          after("repository", `environment:${environment}`),
        ),
      );
    }
  }

  // Protection comes after the first push: a protected branch would refuse it.
  const protectionDeps = after("repository", "content");
  if (config.branchProtection.mechanism === "classic") {
    steps.push({
      id: "protection",
      kind: "request",
      area: "protection",
      description: `Protect ${branch} (reviews, status checks ${config.branchProtection.requiredStatusChecks.join(", ") || "none"}, no force push or deletion)`,
      dependsOn: protectionDeps,
      route: "PUT /repos/{owner}/{repo}/branches/{branch}/protection",
      params: { ...owner, branch, ...classicProtectionBody(config.branchProtection) },
    });
  } else {
    const existingRulesetId = observation.repo.state === "owned" ? observation.repo.kitRulesetId : undefined;
    steps.push({
      id: "protection",
      kind: "upsert-ruleset",
      area: "protection",
      description: `${existingRulesetId ? "Update" : "Create"} the kit's ruleset on the default branch`,
      dependsOn: protectionDeps,
      ...(existingRulesetId ? { existingRulesetId } : {}),
      body: rulesetBody(config.branchProtection) as unknown as Record<string, unknown>,
    });
  }

  return {
    org,
    repo,
    url: `${server}/${org}/${repo}`,
    cloneUrl: `${server}/${org}/${repo}.git`,
    mode: observation.repo.state === "absent" ? "create" : "resume",
    steps,
    notes,
  };
}

/** The ownership marker and cost tags, for the custom properties the org defines. */
function customPropertyValues(
  config: KitConfig,
  spec: ProjectSpec,
  orgProperties: readonly string[],
  notes: string[],
): Record<string, string> {
  const values: Record<string, string> = {};
  const { ownership } = config.repository;
  if (orgProperties.includes(ownership.customProperty)) values[ownership.customProperty] = ownership.value;
  else {
    notes.push(
      `the org has no custom property "${ownership.customProperty}": ownership is marked with the topic "${ownership.topic}" only (see docs/platform-team.md)`,
    );
  }
  for (const tag of spec.costTags) {
    if (!tag.customProperty) continue;
    if (orgProperties.includes(tag.customProperty)) values[tag.customProperty] = tag.value;
    else
      notes.push(
        `the org has no custom property "${tag.customProperty}": cost tag ${tag.key} is set as a topic or job tag only`,
      );
  }
  return values;
}

function visibilityLabel(visibility: string): string {
  return visibility === "internal" ? "an internal" : `a ${visibility}`;
}
