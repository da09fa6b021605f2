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
import { describeError, KitError } from "../errors";
import { KIT_COMMIT_IDENTITY } from "../git/git-client";
import { type ApiCall, createGitHubClient } from "../github/github-client";
import { kitPaths } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import { listTemplateNames } from "../templates/template-catalog";
import type { TemplateSource } from "../templates/template-renderer";
import { redactSecrets } from "../text/redact";
import { changelogBetween } from "./changelog";
import type { KitTemplateHistory } from "./kit-template-history";
import { normalizeVersion } from "./kit-versions";
import { createProjectWorktree } from "./project-worktree";
import { parseSavedAnswers } from "./saved-answers";
import { pathsToRead, planUpdate, renderUpdatePair, targetRef } from "./update-planner";
import { createUpgradeGit, type UpgradeGit } from "./upgrade-git";
import { createUpgradeGitHub, type UpgradeGitHub } from "./upgrade-github";
import { upgradeBody, upgradeTitle } from "./upgrade-pr-body";
import { decideUpgrade } from "./upgrade-pr-planner";

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
      if (report.stopped) {
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

async function upgradeRepo(
  run: RunContext,
  repo: string,
  defaultBranch: string,
  budgetLeft: () => string | undefined,
): Promise<{ result: RepoOutcome; writes: number; stop?: string }> {
  let writes = 0;
  try {
    const answersText = await run.github.readAnswers(repo);
    const saved =
      answersText === undefined
        ? undefined
        : parseSavedAnswers(answersText, `${repo}/.mlops-kit/answers.yml`);
    const pulls = saved && saved.kitVersion !== run.to ? await run.github.listUpgradePulls(repo) : [];
    const preliminary = decideUpgrade({ archived: false, recordedVersion: saved?.kitVersion, pulls }, run.to);
    if (preliminary.action !== "open" && preliminary.action !== "refresh") {
      return { result: { repo, action: preliminary.action, reason: preliminary.reason }, writes };
    }
    const head = await run.github.branchHead(repo, preliminary.branch);
    const decision = decideUpgrade(
      {
        archived: false,
        recordedVersion: saved!.kitVersion,
        pulls,
        ...(head ? { branch: { onlyKitCommits: head.authorEmail === KIT_COMMIT_IDENTITY.email } } : {}),
      },
      run.to,
    );
    if (decision.action !== "open" && decision.action !== "refresh") {
      return {
        result: { repo, action: decision.action as RepoOutcome["action"], reason: decision.reason },
        writes,
      };
    }
    const stop = budgetLeft();
    if (stop) return { result: { repo, action: "not-reached" }, writes, stop };
    const versions = { from: saved!.kitVersion, to: run.to };
    const checkout = await run.git.checkout(
      `${run.settings.serverUrl.replace(/\/+$/, "")}/${run.config.org}/${repo}.git`,
      defaultBranch,
    );
    try {
      const pair = renderUpdatePair({
        config: run.config,
        saved: saved!,
        versions,
        sources: {
          from: templateAt(run, versions.from, saved!.template),
          to: templateAt(run, versions.to, saved!.template),
        },
        toRef: targetRef(saved!.kitRef, versions.to, run.history.commitOf),
      });
      const worktree = createProjectWorktree(checkout.dir);
      const plan = planUpdate(pair, worktree.readFiles(pathsToRead(pair.base, pair.theirs)), versions);
      worktree.apply(plan.changes);
      const title = upgradeTitle(plan);
      const body = upgradeBody({
        plan,
        changelog: changelogBetween(run.settings.changelog, versions.from, versions.to),
        releasesUrl: `${run.settings.serverUrl.replace(/\/+$/, "")}/${run.config.kit.repository}/releases`,
      });
      if (
        await checkout.commitAndPush(
          decision.branch,
          `${title}\n\nmlops-kit ${versions.from} -> ${versions.to}`,
          head?.tree,
        )
      ) {
        writes++;
      }
      for (const number of decision.supersede) {
        await run.github.updatePull(repo, number, { state: "closed" });
        writes++;
      }
      const conflicts = plan.conflicts.length;
      if (decision.action === "refresh") {
        const current = pulls.find((p) => p.number === decision.pull)!;
        // A run stopped between opening and labelling leaves the label to this one.
        if (!current.labelled) {
          await run.github.labelPull(repo, decision.pull);
          writes++;
        }
        if (current.title === title && current.body === body) {
          return {
            result: { repo, action: writes > 0 ? "refreshed" : "unchanged", pull: decision.pull, conflicts },
            writes,
          };
        }
        await run.github.updatePull(repo, decision.pull, { title, body });
        writes++;
        return { result: { repo, action: "refreshed", pull: decision.pull, conflicts }, writes };
      }
      const number = await run.github.createPull(repo, {
        title,
        body,
        head: decision.branch,
        base: defaultBranch,
      });
      writes++;
      await run.github.labelPull(repo, number);
      writes++;
      return { result: { repo, action: "opened", pull: number, conflicts }, writes };
    } finally {
      checkout.dispose();
    }
  } catch (error) {
    return {
      result: { repo, action: "failed", reason: redactSecrets(describeError(error), [run.settings.token]) },
      writes,
    };
  }
}

function globRegExp(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "i");
}
