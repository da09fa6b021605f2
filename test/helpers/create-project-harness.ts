/**
 * Runs the bundled create-project action against the GitHub simulator's demo org, and reads back the
 * end state of a created repository through the API, git and the simulator's secret controls, so tests
 * can compare runs field by field.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Octokit } from "@octokit/rest";
import { expect } from "vitest";
import { type LocalActionResult, runLocalAction } from "../../src/actions-runner/local-action-runner";
import { kitRoot } from "../../src/kit-paths";
import type { ClassicProtectionResponse, RulesetResponse } from "../../src/protection/protection-requests";
import {
  factsFromClassicProtection,
  factsFromRuleset,
  mergeFacts,
} from "../../src/protection/scorecard-facts";
import { computeScorecardScore } from "../../src/protection/scorecard-score";
import {
  createSimControls,
  demoSeedPath,
  loadSeedFile,
  type RequestLogEntry,
  type RunningSimulator,
  startSimulator,
} from "../../src/simulator/index";

export const ORG = "acme";
export const BOT_TOKEN = "sim-token-mlops-bot";

/** Secret values the org would map from its org secrets; each distinct so a mix-up shows. */
export const SECRET_ENV: Record<string, string> = {
  MLOPS_MODEL_REGISTRY_TOKEN: 'registry-t0ken with spaces & "quotes"',
  MLOPS_DEV_DATABRICKS_CLIENT_ID: "dev-client-id-1111",
  MLOPS_DEV_DATABRICKS_CLIENT_SECRET: "dev-s3cret-\u00e9\u00e8-2222",
  MLOPS_PROD_DATABRICKS_CLIENT_ID: "prod-client-id-3333",
  MLOPS_PROD_DATABRICKS_CLIENT_SECRET: "prod-s3cret-4444",
};

/** A request that changes something on GitHub (the push included). */
export const isWrite = (r: RequestLogEntry) =>
  !["GET", "HEAD"].includes(r.method) || r.operationId === "git:receive-pack";

/** No secret value and no token in anything the action leaves behind: log, summary, JSON report, outputs. */
export function expectNoSecretIn(result: CreateActionResult): void {
  for (const value of [...Object.values(SECRET_ENV), BOT_TOKEN]) {
    expect(result.log).not.toContain(value);
    expect(result.summary).not.toContain(value);
    expect(result.report).not.toContain(value);
    for (const output of Object.values(result.outputs)) expect(output).not.toContain(value);
  }
}

export async function startDemoSimulator(options: { gitReplicationLagRequests?: number } = {}) {
  const sim = await startSimulator({ seed: loadSeedFile(demoSeedPath()), ...options });
  return { sim, controls: createSimControls(sim.apiUrl) };
}

export interface CreateRun {
  inputs?: Record<string, string>;
  actor?: string;
  triggeringActor?: string;
  env?: Record<string, string>;
}

export interface CreateActionResult extends LocalActionResult {
  /** The JSON report the action wrote (empty when it wrote none). */
  report: string;
}

export async function runCreateAction(
  sim: RunningSimulator,
  run: CreateRun = {},
): Promise<CreateActionResult> {
  const actor = run.actor ?? "bob";
  const reportDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-report-"));
  const reportFile = path.join(reportDir, "report.json");
  try {
    const result = await runLocalAction({
      actionDir: path.join(kitRoot(), "actions", "create-project"),
      inputs: {
        name: "acme-forecast-demand",
        team: "forecasting",
        "cost-center": "CC-1234",
        description: "Daily demand forecast",
        token: BOT_TOKEN,
        // Tests run many flows: no one-second pacing, few fast retries.
        "space-writes": "false",
        "api-retries": "2",
        "report-file": reportFile,
        ...run.inputs,
      },
      env: {
        GITHUB_API_URL: sim.apiUrl,
        GITHUB_SERVER_URL: sim.serverUrl,
        GITHUB_REPOSITORY: `${ORG}/mlops-kit`,
        GITHUB_ACTOR: actor,
        GITHUB_TRIGGERING_ACTOR: run.triggeringActor ?? actor,
        GITHUB_WORKSPACE: kitRoot(),
        MLOPS_KIT_RETRY_BASE_MS: "5",
        MLOPS_KIT_PUSH_RETRY_DELAYS_MS: "20,40,80,160,320",
        ...SECRET_ENV,
        ...run.env,
      },
    });
    return { ...result, report: existsSync(reportFile) ? readFileSync(reportFile, "utf8") : "" };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

export function octokitFor(sim: RunningSimulator, token = BOT_TOKEN): Octokit {
  // Quiet: 404s are expected answers here (no protection yet, no repo yet).
  const quiet = () => {};
  return new Octokit({
    baseUrl: sim.apiUrl,
    auth: token,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}

async function orNull<T>(read: () => Promise<{ data: T }>): Promise<T | null> {
  try {
    return (await read()).data;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

const execFileAsync = promisify(execFile);

/**
 * The tree hash of the default branch (content only: commit times differ between runs) and its files.
 * Git runs asynchronously: the simulator serves it from this same process.
 */
export async function clonedTree(
  sim: RunningSimulator,
  repo: string,
): Promise<{ tree: string | null; files: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), "mlops-kit-clone-"));
  const git = async (...args: string[]) =>
    (
      await execFileAsync("git", args, { cwd: dir, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } })
    ).stdout.trim();
  try {
    const auth = Buffer.from(`x-access-token:${BOT_TOKEN}`).toString("base64");
    try {
      await git(
        "-c",
        `http.extraheader=AUTHORIZATION: basic ${auth}`,
        "clone",
        "-q",
        `${sim.serverUrl}/${ORG}/${repo}.git`,
        ".",
      );
    } catch {
      return { tree: null, files: [] };
    }
    const tree = await git("rev-parse", "HEAD^{tree}").catch(() => "");
    return { tree: tree || null, files: tree ? (await git("ls-files")).split("\n") : [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * OpenSSF Scorecard's Branch-Protection score of a repo's default branch, from what the API answers:
 * classic protection and the repo's active rulesets (merged as GitHub enforces them), and whether a
 * CODEOWNERS file is where GitHub looks for one.
 */
export async function scorecardReadBack(sim: RunningSimulator, repo = "acme-forecast-demand") {
  const octokit = octokitFor(sim);
  const owner = ORG;
  const { data: repository } = await octokit.rest.repos.get({ owner, repo });
  const branch = repository.default_branch;
  const classic = await orNull(() => octokit.rest.repos.getBranchProtection({ owner, repo, branch }));
  const summaries = (await octokit.rest.repos.getRepoRulesets({ owner, repo, includes_parents: false })).data;
  const rulesets = await Promise.all(
    summaries.map(
      async (r) => (await octokit.rest.repos.getRepoRuleset({ owner, repo, ruleset_id: r.id })).data,
    ),
  );
  let codeownersFile = false;
  for (const path of [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]) {
    if (await orNull(() => octokit.rest.repos.getContent({ owner, repo, path, ref: branch }))) {
      codeownersFile = true;
      break;
    }
  }
  const facts = mergeFacts([
    ...(classic ? [factsFromClassicProtection(classic as unknown as ClassicProtectionResponse)] : []),
    ...rulesets.map((r) => factsFromRuleset(r as unknown as RulesetResponse)),
    { codeownersFile },
  ]);
  return computeScorecardScore(facts);
}

/** Everything create-project is responsible for, in a form that compares equal across equivalent runs. */
export async function projectState(sim: RunningSimulator, repo = "acme-forecast-demand") {
  const octokit = octokitFor(sim);
  const controls = createSimControls(sim.apiUrl);
  const owner = ORG;
  const repository = await orNull(() => octokit.rest.repos.get({ owner, repo }));
  const orgRepos = (await octokit.paginate(octokit.rest.repos.listForOrg, { org: owner, per_page: 100 })).map(
    (r) => r.name,
  );
  if (!repository) return { exists: false as const, orgRepos: orgRepos.sort() };
  const environments = (await octokit.rest.repos.getAllEnvironments({ owner, repo })).data.environments ?? [];
  const environmentState = [];
  for (const environment of environments.sort((a, b) => a.name.localeCompare(b.name))) {
    environmentState.push({
      name: environment.name,
      protection: (environment.protection_rules ?? []).map((rule) => ({
        type: rule.type,
        ...("reviewers" in rule
          ? {
              reviewers: rule.reviewers?.map((r) => [
                r.type,
                (r.reviewer as { slug?: string; login?: string })?.slug ??
                  (r.reviewer as { login?: string })?.login,
              ]),
            }
          : {}),
        ...("prevent_self_review" in rule ? { preventSelfReview: rule.prevent_self_review } : {}),
      })),
      branchPolicy: environment.deployment_branch_policy ?? null,
      secrets: await controls.secrets(owner, repo, environment.name),
    });
  }
  const protection = await orNull(() =>
    octokit.rest.repos.getBranchProtection({ owner, repo, branch: repository.default_branch }),
  );
  const rulesets = (await octokit.rest.repos.getRepoRulesets({ owner, repo, includes_parents: false })).data;
  return {
    exists: true as const,
    orgRepos: orgRepos.sort(),
    repository: {
      name: repository.name,
      private: repository.private,
      visibility: repository.visibility,
      description: repository.description,
      defaultBranch: repository.default_branch,
      deleteBranchOnMerge: repository.delete_branch_on_merge,
    },
    content: await clonedTree(sim, repo),
    topics: (await octokit.rest.repos.getAllTopics({ owner, repo })).data.names.sort(),
    customProperties: (
      await octokit.request("GET /repos/{owner}/{repo}/properties/values", { owner, repo })
    ).data.sort((a, b) => a.property_name.localeCompare(b.property_name)),
    teams: (await octokit.rest.repos.listTeams({ owner, repo })).data
      .map((t) => [t.slug, t.permission])
      .sort(),
    secrets: await controls.secrets(owner, repo),
    environments: environmentState,
    protection: protection && {
      checks: protection.required_status_checks?.contexts?.slice().sort(),
      strict: protection.required_status_checks?.strict,
      reviews: protection.required_pull_request_reviews && {
        count: protection.required_pull_request_reviews.required_approving_review_count,
        codeOwners: protection.required_pull_request_reviews.require_code_owner_reviews,
        dismissStale: protection.required_pull_request_reviews.dismiss_stale_reviews,
        lastPush: protection.required_pull_request_reviews.require_last_push_approval,
      },
      enforceAdmins: protection.enforce_admins?.enabled,
      forcePushes: protection.allow_force_pushes?.enabled,
      deletions: protection.allow_deletions?.enabled,
      conversationResolution: protection.required_conversation_resolution?.enabled,
    },
    rulesets: rulesets.map((r) => r.name).sort(),
  };
}
