/**
 * Carries out plan steps against GitHub and git (adapter). Every step converges when repeated: PUT and
 * PATCH replace, the repo create accepts "already exists" when the repo is the kit's, the ruleset is
 * updated by name, and the push is skipped when the branch is already there.
 */
import type { KitConfig } from "../config/kit-config";
import { KitError } from "../errors";
import { pushInitialCommit } from "../git/git-pusher";
import type { KitOctokitClient } from "../github/github-client";
import { statusOf } from "../github/github-errors";
import { sealSecret } from "../github/secret-sealer";
import { createProtectionClient, protectionTransportOf } from "../protection/protection-client";
import type { CreatePlan, PlanStep, SecretScope } from "./create-plan";
import type { StepExecutor } from "./plan-applier";
import { isOwnedByKit, readKitLogin, readOrgCustomProperties, readRepoGrants } from "./project-observer";
import {
  checkGrants,
  checkMarkerDefinitions,
  checkResumeAuthority,
  ownerTeamProperty,
  plannedTeamGrants,
} from "./repo-authority";

export interface GitHubStepExecutorOptions {
  octokit: KitOctokitClient;
  config: KitConfig;
  plan: CreatePlan;
  /** The project's team (the grants the kit makes depend on it). */
  team: string;
  /** Token for git over HTTPS (the same identity as the API client). */
  token: string;
  /** Secret values by environment variable name (already masked in the log). */
  secretValues: Readonly<Record<string, string>>;
  /** Backoff of the push when GitHub has not replicated a new repo yet. */
  pushRetryDelaysMs?: number[];
  log: (line: string) => void;
}

export function createGitHubStepExecutor(options: GitHubStepExecutorOptions): StepExecutor {
  const { octokit, config, plan } = options;
  const owner = plan.org;
  const repo = plan.repo;
  const protection = createProtectionClient(protectionTransportOf(octokit));
  const publicKeys = new Map<string, Promise<{ key: string; key_id: string }>>();

  const publicKeyFor = (scope: SecretScope) => {
    const cacheKey = scope.type === "repository" ? "" : scope.environment;
    let key = publicKeys.get(cacheKey);
    if (!key) {
      key = (
        scope.type === "repository"
          ? octokit.rest.actions.getRepoPublicKey({ owner, repo })
          : octokit.rest.actions.getEnvironmentPublicKey({ owner, repo, environment_name: scope.environment })
      ).then((r) => r.data);
      key.catch(() => publicKeys.delete(cacheKey));
      publicKeys.set(cacheKey, key);
    }
    return key;
  };

  return async (step: PlanStep): Promise<string> => {
    switch (step.kind) {
      case "create-repository": {
        try {
          await octokit.request(step.route, step.params as never);
          return "created";
        } catch (error) {
          // The retry plugin repeats POSTs: a create that succeeded may come back as 422 on its retry.
          if (
            statusOf(error) !== 422 ||
            !/already exists/i.test(
              JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? ""),
            )
          ) {
            throw error;
          }
          await confirmExistingRepo(octokit, config, owner, repo, options.team);
          return "already-existed";
        }
      }
      case "push-initial-commit": {
        const result = await pushInitialCommit({
          remoteUrl: plan.cloneUrl,
          token: options.token,
          branch: step.branch,
          tree: step.tree,
          message: step.message,
          ...(options.pushRetryDelaysMs ? { notFoundRetryDelaysMs: options.pushRetryDelaysMs } : {}),
          onRetry: (attempt, delayMs, reason) =>
            options.log(`  push attempt ${attempt}: ${reason}; retrying in ${delayMs} ms`),
        });
        return result.outcome === "pushed" ? `pushed ${result.commit.slice(0, 12)}` : "already-present";
      }
      case "request":
        await octokit.request(step.route, step.params as never);
        return "applied";
      case "set-secret": {
        const value = options.secretValues[step.fromEnv];
        if (value === undefined)
          throw new KitError("secret-missing", `no value for ${step.name} (${step.fromEnv} is empty)`);
        const { key, key_id } = await publicKeyFor(step.scope);
        const encrypted_value = await sealSecret(value, key);
        if (step.scope.type === "repository") {
          await octokit.rest.actions.createOrUpdateRepoSecret({
            owner,
            repo,
            secret_name: step.name,
            encrypted_value,
            key_id,
          });
        } else {
          await octokit.rest.actions.createOrUpdateEnvironmentSecret({
            owner,
            repo,
            environment_name: step.scope.environment,
            secret_name: step.name,
            encrypted_value,
            key_id,
          });
        }
        return "sealed";
      }
      case "upsert-ruleset":
        // Found by name when a retried POST had succeeded (422): updated, never duplicated.
        return protection.upsertKitRuleset({ owner, repo }, step.body, step.existingRulesetId);
    }
  };
}

/**
 * A create answered "already exists": fine only if the repo is the kit's (trusted marker), this team's,
 * and carries no grant the kit does not make; otherwise nothing is provisioned into it.
 */
async function confirmExistingRepo(
  octokit: KitOctokitClient,
  config: KitConfig,
  owner: string,
  repo: string,
  team: string,
): Promise<void> {
  const { data } = await octokit.rest.repos.get({ owner, repo });
  const existing = {
    customProperties: (data as { custom_properties?: Record<string, string | null> }).custom_properties ?? {},
    topics: data.topics ?? [],
  };
  const definitions = await readOrgCustomProperties(octokit, owner);
  checkMarkerDefinitions(config, definitions);
  if (
    !isOwnedByKit(
      config,
      definitions.map((d) => d.name),
      existing,
    )
  ) {
    throw new KitError(
      "repository-not-owned",
      `${owner}/${repo} was created by someone else meanwhile; it was left untouched`,
    );
  }
  // Not created by this request after all (or by its retry): it must be this team's, and
  // before anything is provisioned into it, only the kit's own grants may be there.
  const teamProperty = ownerTeamProperty(config);
  const recorded = teamProperty ? existing.customProperties[teamProperty] : undefined;
  if (recorded) checkResumeAuthority(`${owner}/${repo}`, team, recorded, config.teams.platform);
  const [grants, kitLogin] = await Promise.all([readRepoGrants(octokit, owner, repo), readKitLogin(octokit)]);
  checkGrants(`${owner}/${repo}`, grants, plannedTeamGrants(config, team), kitLogin, config.teams.platform);
}
