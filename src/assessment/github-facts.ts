/**
 * Adapter: gathers `RepoFacts` through the GitHub API and git, with the same scope rules, protection
 * reads and effective-protection facts as enforcement (`enforce-scope.ts`, `protection-reader.ts`,
 * `repoEffectiveFacts`: reused, not copied). Per repo it costs a classic-protection read, a rulesets
 * read and an environments read (plus the environments' secret names only when a deploy uses OIDC); the files come from a shallow git clone, which is not an API call. With an ETag
 * cache the reads are conditional, so a repeat run is mostly free 304s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { KitConfig } from "../config/kit-config";
import { mapWithConcurrency } from "../enforcement/bounded-concurrency";
import { repoEffectiveFacts } from "../enforcement/enforce-audit";
import { type GovernedRepo, selectGovernedRepos } from "../enforcement/enforce-scope";
import {
  createGitHubProtectionReader,
  describeReadError,
  type ProtectionReader,
} from "../enforcement/protection-reader";
import { gitIn } from "../git/git-client";
import { gitPushEnvironment } from "../git/git-pusher";
import type { KitOctokitClient } from "../github/github-client";
import type { RulesetResponse } from "../protection/protection-requests";
import { NOTHING_ENFORCED } from "../protection/scorecard-facts";
import { scoreOf } from "../protection/scorecard-score";
import { redactSecrets } from "../text/redact";
import { readLocalFacts } from "./local-facts";
import type { EnvironmentObservation, ProtectionObservation, RepoFacts } from "./repo-facts";

export interface GitHubFactsOptions {
  octokit: KitOctokitClient;
  org: string;
  token: string;
  /** `GITHUB_SERVER_URL`, for git clones. */
  serverUrl: string;
  config: KitConfig;
  concurrency: number;
  /** Only this repo (`--repo`); otherwise every repo the scope rules select (`--org`). */
  repo?: string;
}

export interface GatheredFacts {
  facts: RepoFacts[];
  errors: { repo: string; error: string }[];
  skipped: { archived: string[]; excluded: string[] };
}

export async function gatherGitHubFacts(options: GitHubFactsOptions): Promise<GatheredFacts> {
  const { octokit, org, config } = options;
  const reader = createGitHubProtectionReader(octokit, org);
  const [repos, properties] = await Promise.all([
    options.repo ? readOneRepo(octokit, org, options.repo) : reader.listRepos(),
    reader.listPropertyValues(),
  ]);
  const scope = options.repo
    ? {
        governed: repos.map((r) => ({ ...r, governedBy: ["include" as const], hasOwnershipProperty: false })),
        skipped: { archived: [], excluded: [] },
      }
    : selectGovernedRepos(config, repos, properties);
  const orgRead = await reader.readOrgRulesets();
  const orgRulesets = orgRead.available ? orgRead.rulesets : [];
  const errors: GatheredFacts["errors"] = [];
  const facts = await mapWithConcurrency(
    scope.governed,
    options.concurrency,
    async (repo): Promise<RepoFacts | undefined> => {
      try {
        const protection = await protectionOf(reader, repo, orgRulesets, config);
        const files = await cloneFiles(options, repo);
        const environments = await environmentsOf(octokit, org, repo.name, files);
        return { ...files, repo: `${org}/${repo.name}`, source: "api" as const, protection, environments };
      } catch (error) {
        errors.push({
          repo: `${org}/${repo.name}`,
          error: redactSecrets(describeReadError(error), [options.token]),
        });
        return undefined;
      }
    },
  );
  return { facts: facts.filter((f): f is RepoFacts => f !== undefined), errors, skipped: scope.skipped };
}

async function readOneRepo(octokit: KitOctokitClient, org: string, name: string) {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}", { owner: org, repo: name });
  return [
    { name: data.name, archived: data.archived === true, defaultBranch: data.default_branch ?? "main" },
  ];
}

/**
 * What the default branch effectively enforces, as enforcement scores it (`repoEffectiveFacts`): its
 * classic protection, its own rulesets and the org rulesets whose conditions reach it, merged as
 * Scorecard merges them. Two reads per repo; the org rulesets are read once for the fleet.
 */
async function protectionOf(
  reader: ProtectionReader,
  repo: GovernedRepo,
  orgRulesets: readonly RulesetResponse[],
  config: KitConfig,
): Promise<ProtectionObservation | { unreadable: string }> {
  try {
    const [classic, repoRulesets] = await Promise.all([
      reader.readClassicProtection(repo),
      reader.readRepoRulesets(repo),
    ]);
    const facts = repoEffectiveFacts(
      config,
      repo,
      { kind: "classic", protection: classic ?? undefined, repoRulesets },
      orgRulesets,
    ) ?? { ...NOTHING_ENFORCED };
    const source = `GET /repos/{owner}/{repo}/branches/${repo.defaultBranch}/protection + rulesets`;
    return { facts, source, score: scoreOf(facts) };
  } catch (error) {
    return { unreadable: describeReadError(error) };
  }
}

/** A shallow clone of the default branch, read like a local checkout, then removed. */
async function cloneFiles(options: GitHubFactsOptions, repo: GovernedRepo) {
  const dir = mkdtempSync(path.join(tmpdir(), "mlops-assess-"));
  try {
    const url = `${options.serverUrl.replace(/\/+$/, "")}/${options.org}/${repo.name}.git`;
    const checkout = path.join(dir, "repo");
    try {
      await gitIn(dir)
        .env(gitPushEnvironment(options.token, dir))
        .clone(url, checkout, ["--depth", "1", "--single-branch", "--branch", repo.defaultBranch, "--quiet"]);
    } catch (error) {
      // An empty repo (no commit yet) is assessed as one with no files; anything else is an error.
      if (!/not found in upstream|empty repository/i.test(String((error as Error).message))) throw error;
      return { paths: [], files: new Map<string, string>(), defaultBranch: repo.defaultBranch };
    }
    const { paths, files } = readLocalFacts(checkout);
    return { paths, files, defaultBranch: repo.defaultBranch };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Environments with their required reviewers; secret names only when a deploy authenticates by OIDC. */
async function environmentsOf(
  octokit: KitOctokitClient,
  owner: string,
  repo: string,
  files: { files: ReadonlyMap<string, string> },
): Promise<EnvironmentObservation[] | { unreadable: string }> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/environments", {
      owner,
      repo,
      per_page: 100,
    });
    const envs = (data.environments ?? []).map((e) => ({
      name: e.name,
      reviewers: (e.protection_rules ?? []).reduce(
        (n, r) => n + ("reviewers" in r && Array.isArray(r.reviewers) ? r.reviewers.length : 0),
        0,
      ),
    }));
    const oidc = [...files.files.entries()].some(
      ([p, text]) => p.startsWith(".github/workflows/") && /databricks-auth:\s*"?github-oidc/.test(text),
    );
    if (!oidc) return envs;
    return await Promise.all(
      envs.map(async (e) => {
        const { data: secrets } = await octokit.request(
          "GET /repos/{owner}/{repo}/environments/{environment_name}/secrets",
          { owner, repo, environment_name: e.name, per_page: 100 },
        );
        return { ...e, secretNames: secrets.secrets.map((s) => s.name) };
      }),
    );
  } catch (error) {
    return { unreadable: describeReadError(error) };
  }
}
