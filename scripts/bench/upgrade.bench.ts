/**
 * Fleet upgrade against the simulator: API calls of a repeat run over 1,000 repos already at the target
 * (conditional requests), API calls and writes per pull request opened, and the pull requests an hour
 * GitHub's limits allow at that cost (the simulator does not enforce content-creation limits, so that
 * figure is computed from the measured writes and calls per pull request and the documented limits).
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { kitPaths } from "../../src/kit-paths";
import { runLocalCreate } from "../../src/project/local-create";
import { startSimulator } from "../../src/simulator/index";
import { createGitKitTemplateHistory } from "../../src/upgrade/kit-template-history";
import { runUpgradeProjects, type UpgradeSettings } from "../../src/upgrade/run-upgrade-projects";
import { buildKitHistory, git } from "../../test/helpers/kit-release-history";
import type { BenchReporter } from "./bench-reporter";

export const name = "fleet upgrade (simulator)";
const TOKEN = "bench-upgrade-token";
/** 1,000 by default (the figure's name); fewer for a quick look: MLOPS_KIT_BENCH_UPGRADE_REPOS=50. */
const CURRENT_REPOS = Number(process.env.MLOPS_KIT_BENCH_UPGRADE_REPOS ?? "1000");
const BEHIND_REPOS = 5;
/** GitHub's documented secondary limits on content-creating requests, and the primary limit of an App. */
const WRITES_PER_MINUTE = 80;
const WRITES_PER_HOUR = 500;
const PRIMARY_PER_HOUR = 5000;

function pushTo(dir: string, url: string, home: string): Promise<void> {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      "git",
      ["-c", `http.extraheader=${header}`, "push", "--quiet", url, "HEAD:refs/heads/main"],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" },
        stdio: "ignore",
      },
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`push to ${url}: ${code}`))));
  });
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

export default async function bench(report: BenchReporter): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-bench-upgrade-"));
  const sim = await startSimulator({
    primaryLimit: 1_000_000,
    seed: {
      users: [{ login: "mlops-bot", token: TOKEN }],
      orgs: [{ login: "acme", owners: ["mlops-bot"] }],
    },
  });
  try {
    const kitDir = path.join(scratch, "kit");
    buildKitHistory(kitDir);
    const api = new Octokit({ baseUrl: sim.apiUrl, auth: TOKEN });
    // A repo at the target needs only its answers file for the run to see it is current.
    const current = path.join(scratch, "current");
    mkdirSync(path.join(current, ".mlops-kit"), { recursive: true });
    writeFileSync(
      path.join(current, ".mlops-kit/answers.yml"),
      "template: batch-job\nkitVersion: 0.3.0\nproject:\n  name: x\n",
    );
    git(current, "init", "-q", "--initial-branch", "main");
    git(current, "add", "-A");
    git(current, "commit", "-qm", "current");
    const names = Array.from(
      { length: CURRENT_REPOS },
      (_, i) => `acme-forecast-current${String(i).padStart(4, "0")}`,
    );
    await inBatches(names, 8, async (repo) => {
      const created = await api.rest.repos.createInOrg({ org: "acme", name: repo, private: true });
      await pushTo(current, created.data.clone_url, scratch);
    });
    const settings: UpgradeSettings = {
      token: TOKEN,
      apiUrl: sim.apiUrl,
      serverUrl: sim.apiUrl,
      org: "acme",
      to: "0.3.0",
      changelog: "## [0.3.0]\n- x\n\n## [0.2.0]\n- y\n",
      etagCacheFile: path.join(scratch, "etags.json"),
      spaceWrites: false,
      maxWrites: 500,
    };
    const deps = { history: createGitKitTemplateHistory({ kitDir }) };
    const first = await runUpgradeProjects(settings, deps);
    const repeat = await runUpgradeProjects(settings, deps);
    if (first.error || repeat.error) throw new Error(first.error ?? repeat.error);
    report.info(
      `${CURRENT_REPOS} repos at the target: first run ${first.calls} calls (${first.budgetCalls} counted), repeat run ${repeat.calls} calls (${repeat.budgetCalls} counted; the rest 304)`,
    );
    report.figure(
      "upgrade-calls-per-current-repo-1000",
      repeat.calls / CURRENT_REPOS,
      "calls",
      "repeat run, conditional",
    );
    report.figure(
      "upgrade-repeat-budget-share",
      repeat.budgetCalls / first.budgetCalls,
      "of first run",
      "rate-limit budget of the repeat run / the first; target <= 0.05",
    );

    // Repos behind: full batch-job projects at 0.1.0.
    const templatesV1 = path.join(scratch, "templates-v0.1.0");
    cpSync(kitPaths.templatesDir(), templatesV1, { recursive: true });
    const behind = Array.from({ length: BEHIND_REPOS }, (_, i) => `acme-forecast-behind${i}`);
    for (const repo of behind) {
      const dir = path.join(scratch, repo);
      await runLocalCreate({
        request: { name: repo, team: "forecasting" },
        outDir: dir,
        templatesDir: templatesV1,
      });
      const created = await api.rest.repos.createInOrg({ org: "acme", name: repo, private: true });
      await pushTo(dir, created.data.clone_url, scratch);
    }
    const baseline = await runUpgradeProjects({ ...settings, repoFilter: "acme-forecast-current*" }, deps);
    const started = performance.now();
    const prs = await runUpgradeProjects({ ...settings, repoFilter: "acme-forecast-behind*" }, deps);
    const seconds = (performance.now() - started) / 1000;
    const opened = prs.repos.filter((r) => r.action === "opened").length;
    if (opened !== BEHIND_REPOS)
      throw new Error(`expected ${BEHIND_REPOS} pull requests, got ${opened}: ${JSON.stringify(prs.repos)}`);
    // Discovery (the org's repo pages, property values) is shared by every repo of a run: leave it out.
    const discovery = baseline.calls - CURRENT_REPOS;
    const callsPerPr = (prs.calls - discovery) / opened;
    const writesPerPr = prs.writes / opened;
    report.figure(
      "upgrade-calls-per-pr",
      callsPerPr,
      "calls",
      `target <= 12; ${writesPerPr} of them writes; ${seconds.toFixed(1)} s for ${opened} without pacing`,
    );
    const bounds = {
      [`${WRITES_PER_HOUR} content-creating requests/hour`]: WRITES_PER_HOUR / writesPerPr,
      [`${WRITES_PER_MINUTE} content-creating requests/minute`]: (WRITES_PER_MINUTE * 60) / writesPerPr,
      [`${PRIMARY_PER_HOUR} requests/hour (primary)`]: PRIMARY_PER_HOUR / callsPerPr,
      "writes paced 1 s apart": 3600 / writesPerPr,
      "measured wall time (git clone, merge, push)": (3600 * opened) / seconds,
    };
    const [binding, perHour] = Object.entries(bounds).sort((a, b) => a[1] - b[1])[0]!;
    for (const [what, value] of Object.entries(bounds))
      report.info(`  bound by ${what}: ${Math.floor(value)} PRs/hour`);
    report.figure("upgrade-prs-per-hour", Math.floor(perHour), "PRs", `bound by ${binding}`);
  } finally {
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
