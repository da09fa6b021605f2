/**
 * Fleet assessment at org scale: 1,000 governed repos in the simulator at 50 ms latency (the enforcement
 * bench's seed: classic protection, 5 % drifted; the repos hold no commit, so each clone is quick and
 * the figures are the API's). First run (cold ETag cache) and repeat (warm): API calls per repo, wall
 * time, and the repeat's share of the first's rate-limit budget. Then the dashboard's size for 1,000
 * repos assessed from a real create-project repo degraded in varied ways.
 * Targets (printed, not enforced): ≤ 3 calls/repo; repeat < 5 % of the budget; < 60 s; < 1.5 MB.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { assessRepo } from "../../src/assessment/assess-repo";
import { buildAssessmentReport } from "../../src/assessment/assessment-report";
import { renderDashboard } from "../../src/assessment/dashboard-renderer";
import { runAssessGitHub } from "../../src/assessment/run-assess";
import { loadKitConfigFile } from "../../src/config/config-file";
import { kitPaths } from "../../src/kit-paths";
import { type SimSeed, startSimulator } from "../../src/simulator/index";
import { listTemplateNames } from "../../src/templates/template-catalog";
import { createdRepoFacts, editFile, withFiles } from "../../test/helpers/assessment-fixtures";
import type { BenchReporter } from "./bench-reporter";
import { buildEnforceSeed, ENFORCE_TOKEN } from "./enforce-seed";

export const name = "assess (MLOps maturity of 1,000 repos, 50 ms latency; dashboard size)";

const SIZE = 1000;
const CONCURRENCY = 16;

export default async function bench(report: BenchReporter): Promise<void> {
  const { config } = loadKitConfigFile(undefined, listTemplateNames(kitPaths.templatesDir()));
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-assess-bench-"));
  const sim = await startSimulator({
    seed: buildEnforceSeed(config, { repos: SIZE, driftedShare: 0.05 }).seed as SimSeed,
    latencyMs: 50,
    primaryLimit: 100_000,
    maxConcurrent: 20,
  });
  try {
    const cacheFile = path.join(scratch, "etags.json");
    const run = async () => {
      const started = performance.now();
      const r = await runAssessGitHub({
        org: config.org,
        token: ENFORCE_TOKEN,
        apiUrl: sim.apiUrl,
        serverUrl: sim.serverUrl,
        etagCacheFile: cacheFile,
        concurrency: CONCURRENCY,
      });
      return { r, seconds: (performance.now() - started) / 1000 };
    };
    const first = await run();
    const repeat = await run();
    const repos = first.r.repos.length;
    report.info(
      `${repos} repos assessed, ${first.r.errors.length} errors, ${CONCURRENCY} requests in flight`,
    );
    report.figure("assess-calls-per-repo-1000", first.r.api!.calls / repos, "calls/repo", "target ≤ 3");
    report.figure("assess-wall-1000", first.seconds, "s", "target < 60");
    report.figure("assess-repeat-wall-1000", repeat.seconds, "s");
    report.figure(
      "assess-repeat-budget-ratio",
      repeat.r.api!.budget / first.r.api!.budget,
      "",
      `target < 0.05; ${repeat.r.api!.notModified} answered 304`,
    );
  } finally {
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  report.figure(
    "dashboard-bytes-1000",
    Buffer.byteLength(await fleetDashboard(), "utf8"),
    "bytes",
    "target < 1.5 MB",
  );
}

/** A dashboard of 1,000 repos: a real created repo, degraded a different way per repo, with a trend. */
async function fleetDashboard(): Promise<string> {
  const { facts, context } = await createdRepoFacts();
  const variants = [
    (f: typeof facts) => f,
    (f: typeof facts) => withFiles(f, { "databricks.yml": undefined }),
    (f: typeof facts) => ({ ...f, protection: { unreadable: "403" } }),
    (f: typeof facts) => editFile(f, ".mlops-kit/answers.yml", /kitVersion: "[^"]+"/, 'kitVersion: "0.0.1"'),
  ];
  const repos = Array.from({ length: SIZE }, (_, i) =>
    assessRepo({ ...variants[i % variants.length]!(facts), repo: `acme/acme-forecast-r${i}` }, context),
  );
  const at = (day: number) =>
    buildAssessmentReport({
      kitVersion: "0.1.0",
      scope: { kind: "org", name: "acme" },
      repos,
      now: new Date(Date.UTC(2026, 10, day)),
    });
  return renderDashboard(at(28), [at(14), at(21)]);
}
