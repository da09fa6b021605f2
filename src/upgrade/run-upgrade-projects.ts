/**
 * One fleet-upgrade run: scope the org's kit repos (enforcement's scope rules and repo listing), and for
 * each repo behind the target open or refresh one pull request on `mlops-kit/upgrade-vX.Y.Z` with the
 * copier-style merge of the new template (see upgrade-pr-planner.ts for the conventions). Writes are
 * budgeted (GitHub's secondary limits count content-creating requests per minute and hour): when the
 * budget or time is spent the run stops cleanly, and the next run resumes, since every step is
 * idempotent and the state lives on GitHub (branches, pull requests).
 */
import { loadKitConfigFile } from "../config/config-file";
import type { KitConfig } from "../config/kit-config";
import { selectGovernedRepos } from "../enforcement/enforce-scope";
import { createEtagCache, loadEtagCacheFile, saveEtagCacheFile } from "../enforcement/etag-cache";
import { createGitHubProtectionReader } from "../enforcement/protection-reader";
import { apiUseOf } from "../enforcement/run-enforce";
import { describeError, isKitError, KitError } from "../errors";
import { KIT_COMMIT_IDENTITY } from "../git/git-client";
import { type ApiCall, createGitHubClient } from "../github/github-client";
import { isMissingPermission } from "../github/github-errors";
import { kitPaths } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import { listTemplateNames } from "../templates/template-catalog";
import type { TemplateSource } from "../templates/template-renderer";
import { redactSecrets } from "../text/redact";
import { changelogBetween } from "./changelog";
import type { KitTemplateHistory } from "./kit-template-history";
import { normalizeVersion } from "./kit-versions";
import { createProjectWorktree } from "./project-worktree";
import { parseSavedAnswers, type SavedAnswers } from "./saved-answers";
import { pathsToRead, planUpdate, renderUpdatePair, targetRef } from "./update-planner";
import { createUpgradeGit, GIT_MISSING_PERMISSION, type UpgradeGit } from "./upgrade-git";
import { createUpgradeGitHub, type UpgradeGitHub } from "./upgrade-github";
import { upgradeBody, upgradeTitle } from "./upgrade-pr-body";
import { decideUpgrade, type RepoUpgradeFacts, type UpgradeDecision } from "./upgrade-pr-planner";

export interface UpgradeSettings {
  token: string;
  apiUrl: string;
  /** Git/web base (https://github.com, or the simulator). */
  serverUrl: string;
  org?: string;
  /** Target kit version (default: this kit's). */
  to?: string;
  /** Only repos whose name matches this glob (`*` wildcards). */
  repoFilter?: string;
  configPath?: string;
  /** Content-creating requests (pushes, pull request writes, labels) this run may make. */
  maxWrites?: number;
  /** Stop starting new repos after this many ms. */
  timeBudgetMs?: number;
  etagCacheFile?: string;
  /** The kit's CHANGELOG.md text, quoted in the pull requests. */
  changelog: string;
  spaceWrites?: boolean;
  retries?: number;
  retryBaseMs?: number;
}

export interface UpgradeDeps {
  history: KitTemplateHistory;
  /** Replaceable in tests (e.g. to fail a push); default: real git with the token. */
  git?: UpgradeGit;
}

export type RepoOutcome = {
  repo: string;
  action:
    | "current"
    | "not-a-kit-repo"
    | "archived"
    | "leave-alone"
    | "opened"
    | "refreshed"
    | "unchanged"
    | "failed"
    | "not-reached";
  pull?: number;
  conflicts?: number;
  reason?: string;
};

export interface UpgradeReport {
  org: string;
  to: string;
  repos: RepoOutcome[];
  writes: number;
  /** Why the run stopped before the end (budget or time), if it did. */
  stopped?: string;
  calls: number;
  /** Calls that counted against the rate limit (not 304, not failed before an answer). */
  budgetCalls: number;
  error?: string;
}

/** GitHub's documented secondary limit is 80 content-creating requests a minute; stay under it. */
export const DEFAULT_MAX_WRITES = 60;
/** Writes one pull request costs at most: the push, the pull request, its label. */
const WRITES_PER_PULL = 3;

export async function runUpgradeProjects(
  settings: UpgradeSettings,
  deps: UpgradeDeps,
): Promise<UpgradeReport> {
  const started = performance.now();
  const to = normalizeVersion(settings.to ?? KIT_VERSION, "target version");
  const cache = settings.etagCacheFile
    ? loadEtagCacheFile(settings.etagCacheFile, settings.apiUrl)
    : createEtagCache(settings.apiUrl);
  const report: UpgradeReport = {
    org: settings.org ?? "",
    to,
    repos: [],
    writes: 0,
    calls: 0,
    budgetCalls: 0,
  };
  let calls: ApiCall[] = [];
  try {
    if (!settings.token) throw new KitError("token-missing", "no GitHub token: set the `token` input");
    const { config } = loadKitConfigFile(settings.configPath, listTemplateNames(kitPaths.templatesDir()));
    const org = settings.org || config.org;
    report.org = org;
    const client = createGitHubClient({
      token: settings.token,
      baseUrl: settings.apiUrl,
      spaceWrites: settings.spaceWrites ?? true,
      retries: settings.retries ?? 3,
      retryBaseMs: settings.retryBaseMs ?? 1000,
      conditionalCache: cache,
    });
    calls = client.calls;
    const reader = createGitHubProtectionReader(client.octokit, org);
    const scope = selectGovernedRepos(config, await reader.listRepos(), await reader.listPropertyValues());
    for (const name of scope.skipped.archived) report.repos.push({ repo: name, action: "archived" });
    const filter = globRegExp(settings.repoFilter ?? "*");
    const run: RunContext = {
      settings,
      config: { ...config, org },
      github: createUpgradeGitHub(client.octokit, org),
      git: deps.git ?? createUpgradeGit(settings.token),
      history: deps.history,
      sources: new Map(),
      to,
    };
    const maxWrites = settings.maxWrites ?? DEFAULT_MAX_WRITES;
    for (const repo of scope.governed.filter((r) => filter.test(r.name))) {
      if (report.stopped || report.error) {
        report.repos.push({ repo: repo.name, action: "not-reached" });
        continue;
      }
      const outcome = await upgradeRepo(run, repo.name, repo.defaultBranch, () => {
        if (report.writes + WRITES_PER_PULL > maxWrites)
          return `write budget spent (${report.writes}/${maxWrites})`;
        if (settings.timeBudgetMs !== undefined && performance.now() - started > settings.timeBudgetMs)
          return "time budget spent";
        return undefined;
      });
      report.writes += outcome.writes;
      if (outcome.stop) report.stopped = outcome.stop;
      // The token lacks a permission: every other repo would fail the same way, after writing as far
      // as this one did. Stop, naming it; the next run (with the permission) resumes.
      if (outcome.missingPermission) report.error = `${repo.name}: ${outcome.result.reason}`;
      report.repos.push(outcome.stop ? { repo: repo.name, action: "not-reached" } : outcome.result);
    }
  } catch (error) {
    report.error = redactSecrets(describeError(error), [settings.token]);
  }
  const use = apiUseOf(calls);
  report.calls = use.calls;
  report.budgetCalls = use.budget;
  if (settings.etagCacheFile) saveEtagCacheFile(settings.etagCacheFile, cache);
  report.repos.sort((a, b) => a.repo.localeCompare(b.repo));
  return report;
}

interface RunContext {
  settings: UpgradeSettings;
  config: KitConfig;
  github: UpgradeGitHub;
  git: UpgradeGit;
  history: KitTemplateHistory;
  sources: Map<string, TemplateSource>;
  to: string;
}

function templateAt(run: RunContext, version: string, name: string): TemplateSource {
  const key = `${version}/${name}`;
  let source = run.sources.get(key);
  if (!source) {
    source = run.history.templateAt(version, name);
    run.sources.set(key, source);
  }
  return source;
}

type RepoStep = { result: RepoOutcome; writes: number; stop?: string; missingPermission?: boolean };
type Proposal = Extract<UpgradeDecision, { action: "open" | "refresh" }>;
type KitPull = Awaited<ReturnType<UpgradeGitHub["listUpgradePulls"]>>[number];

async function upgradeRepo(
  run: RunContext,
  repo: string,
  defaultBranch: string,
  budgetLeft: () => string | undefined,
): Promise<RepoStep> {
  const counter = { writes: 0 };
  try {
    const facts = await decide(run, repo);
    if ("outcome" in facts) return { result: facts.outcome, writes: 0 };
    const stop = budgetLeft();
    if (stop) return { result: { repo, action: "not-reached" }, writes: 0, stop };
    const url = `${run.settings.serverUrl.replace(/\/+$/, "")}/${run.config.org}/${repo}.git`;
    const checkout = await run.git.checkout(url, defaultBranch);
    try {
      const { plan, title, body } = mergeInto(run, checkout.dir, facts.saved);
      const message = `${title}\n\nmlops-kit ${plan.versions.from} -> ${plan.versions.to}`;
      if (await checkout.commitAndPush(facts.decision.branch, message, facts.head?.tree)) counter.writes++;
      const result = await publishPull(run, repo, defaultBranch, facts, { title, body }, counter);
      return { result: { ...result, conflicts: plan.conflicts.length }, writes: counter.writes };
    } finally {
      checkout.dispose();
    }
  } catch (error) {
    const reason = redactSecrets(describeError(error), [run.settings.token]);
    const missingPermission =
      isMissingPermission(error) || (isKitError(error) && error.code === GIT_MISSING_PERMISSION);
    return { result: { repo, action: "failed", reason }, writes: counter.writes, missingPermission };
  }
}

/** The repo's facts (answers, the kit's pull requests, the upgrade branch) and what to do about them. */
async function decide(
  run: RunContext,
  repo: string,
): Promise<
  | { outcome: RepoOutcome }
  | {
      saved: SavedAnswers;
      pulls: KitPull[];
      head: { authorEmail: string; tree: string } | undefined;
      decision: Proposal;
    }
> {
  const answersText = await run.github.readAnswers(repo);
  const saved =
    answersText === undefined ? undefined : parseSavedAnswers(answersText, `${repo}/.mlops-kit/answers.yml`);
  // A repo at the target costs its one (conditional) read of the answers file, nothing more.
  const pulls = saved && saved.kitVersion !== run.to ? await run.github.listUpgradePulls(repo) : [];
  const facts: RepoUpgradeFacts = { archived: false, recordedVersion: saved?.kitVersion, pulls };
  const preliminary = decideUpgrade(facts, run.to);
  if (preliminary.action !== "open" && preliminary.action !== "refresh") {
    return { outcome: { repo, action: preliminary.action, reason: preliminary.reason } };
  }
  const head = await run.github.branchHead(repo, preliminary.branch);
  const onlyKitCommits = head?.authorEmail === KIT_COMMIT_IDENTITY.email;
  const decision = decideUpgrade({ ...facts, ...(head ? { branch: { onlyKitCommits } } : {}) }, run.to);
  if (decision.action !== "open" && decision.action !== "refresh") {
    return { outcome: { repo, action: decision.action, reason: decision.reason } };
  }
  return { saved: saved!, pulls, head, decision };
}

/** Merges the target version into a checkout of the default branch; the pull request's title and body. */
function mergeInto(run: RunContext, dir: string, saved: SavedAnswers) {
  const versions = { from: saved.kitVersion, to: run.to };
  const pair = renderUpdatePair({
    config: run.config,
    saved,
    versions,
    sources: {
      from: templateAt(run, versions.from, saved.template),
      to: templateAt(run, versions.to, saved.template),
    },
    toRef: targetRef(saved.kitRef, versions.to, run.history.commitOf),
  });
  const worktree = createProjectWorktree(dir);
  const plan = planUpdate(pair, worktree.readFiles(pathsToRead(pair.base, pair.theirs)), versions);
  worktree.apply(plan.changes);
  const body = upgradeBody({
    plan,
    changelog: changelogBetween(run.settings.changelog, versions.from, versions.to),
    releasesUrl: `${run.settings.serverUrl.replace(/\/+$/, "")}/${run.config.kit.repository}/releases`,
  });
  return { plan, title: upgradeTitle(plan), body };
}

/** Closes superseded pull requests, then opens (and labels) or refreshes this version's one. */
async function publishPull(
  run: RunContext,
  repo: string,
  defaultBranch: string,
  facts: { pulls: KitPull[]; decision: Proposal },
  text: { title: string; body: string },
  counter: { writes: number },
): Promise<RepoOutcome> {
  const { decision } = facts;
  for (const number of decision.supersede) {
    await run.github.updatePull(repo, number, { state: "closed" });
    counter.writes++;
  }
  if (decision.action === "refresh") {
    const current = facts.pulls.find((p) => p.number === decision.pull)!;
    // A run stopped between opening and labelling leaves the label to this one.
    if (!current.labelled) {
      await run.github.labelPull(repo, decision.pull);
      counter.writes++;
    }
    if (current.title !== text.title || current.body !== text.body) {
      await run.github.updatePull(repo, decision.pull, text);
      counter.writes++;
    }
    return { repo, action: counter.writes > 0 ? "refreshed" : "unchanged", pull: decision.pull };
  }
  const number = await run.github.createPull(repo, { ...text, head: decision.branch, base: defaultBranch });
  counter.writes++;
  await run.github.labelPull(repo, number);
  counter.writes++;
  return { repo, action: "opened", pull: number };
}

function globRegExp(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "i");
}
