/**
 * Enforcement at org scale: 1,000 and 10,000 governed repos (5 % drifted, every kind of drift) in the
 * simulator with 50 ms latency. For a first audit (cold ETag cache) and a repeat audit (warm cache):
 * API calls per repo, wall time, and primary rate-limit budget spent (every answer but 304 Not Modified,
 * cross-checked with the simulator's request log).
 * Targets (printed, not enforced): first audit ≤ 1.1 calls/repo; repeat < 5 % of the first's budget;
 * 10,000 repos in < 3 minutes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadKitConfigFile } from "../../src/config/config-file";
import { runEnforce } from "../../src/enforcement/run-enforce";
import { kitPaths } from "../../src/kit-paths";
import { createSimControls, type SimSeed, startSimulator } from "../../src/simulator/index";
import { listTemplateNames } from "../../src/templates/template-catalog";
import type { BenchReporter } from "./bench-reporter";
import { buildEnforceSeed, ENFORCE_TOKEN } from "./enforce-seed";

export const name = "enforce-protection (audit at org scale, 50 ms latency)";

/** `MLOPS_KIT_BENCH_ENFORCE_SIZES=1000` runs only the smaller org (the 10,000-repo run is heavy). */
const SIZES = (process.env.MLOPS_KIT_BENCH_ENFORCE_SIZES ?? "1000,10000").split(",").map(Number);
const CONCURRENCY = 16;
const LATENCY_MS = 50;

export default async function bench(report: BenchReporter): Promise<void> {
  const { config } = loadKitConfigFile(undefined, listTemplateNames(kitPaths.templatesDir()));
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-enforce-bench-"));
  try {
    for (const size of SIZES) {
      const seeded = buildEnforceSeed(config, { repos: size, driftedShare: 0.05 });
      const sim = await startSimulator({
        seed: seeded.seed as SimSeed,
        latencyMs: LATENCY_MS,
        primaryLimit: 100_000,
        maxConcurrent: 20,
      });
      try {
        const controls = createSimControls(sim.apiUrl);
        const cacheFile = path.join(scratch, `etags-${size}.json`);
        const audit = async () => {
          await controls.clearRequests();
          const started = performance.now();
          const { report: r } = await runEnforce(
            {
              apply: false,
              token: ENFORCE_TOKEN,
              apiUrl: sim.apiUrl,
              concurrency: CONCURRENCY,
              etagCacheFile: cacheFile,
              spaceWrites: true,
              retries: 3,
              retryBaseMs: 1000,
            },
            { info: () => {}, warn: () => {}, summary: async () => {} },
          );
          const seconds = (performance.now() - started) / 1000;
          if (r.error) throw new Error(`enforce failed: ${r.error}`);
          const log = await controls.requests();
          const simBudget = log.filter((e) => e.status !== 304).length;
          return { r, seconds, simBudget };
        };
        const first = await audit();
        const repeat = await audit();
        const governed = first.r.counts.governed;
        const suffix = `-${size}`;
        report.info(
          `${size} repos: ${governed} governed, ${first.r.counts.drifted} drifted, ${CONCURRENCY} requests in flight`,
        );
        report.figure(
          `enforce-calls-per-repo${suffix}`,
          first.r.api!.calls / governed,
          "calls/repo",
          "target ≤ 1.1",
        );
        report.figure(
          `enforce-wall${suffix}`,
          first.seconds,
          "s",
          size === 10_000 ? "target < 180" : undefined,
        );
        report.figure(
          `enforce-budget${suffix}`,
          first.r.api!.budget,
          "requests",
          `simulator log: ${first.simBudget}`,
        );
        report.figure(`enforce-repeat-calls-per-repo${suffix}`, repeat.r.api!.calls / governed, "calls/repo");
        report.figure(`enforce-repeat-wall${suffix}`, repeat.seconds, "s");
        report.figure(
          `enforce-repeat-budget${suffix}`,
          repeat.r.api!.budget,
          "requests",
          `simulator log: ${repeat.simBudget}; ${repeat.r.api!.notModified} answered 304`,
        );
        report.figure(
          size === 10_000 ? "enforce-repeat-budget-ratio" : `enforce-repeat-budget-ratio${suffix}`,
          repeat.r.api!.budget / first.r.api!.budget,
          "",
          "target < 0.05",
        );
      } finally {
        await sim.close();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
