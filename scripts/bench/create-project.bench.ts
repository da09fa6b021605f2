/**
 * create-project against the simulator's demo org with 100 ms of injected latency per request, as GitHub
 * is from a runner: API calls (all, mutating), sequential round trips on the critical path, and wall time,
 * with GitHub's advised pacing of writes (the action's default) and without it.
 */

import { runCreateProject } from "../../src/create-project/run-create-project";
import { createSimControls, demoSeedPath, loadSeedFile, startSimulator } from "../../src/simulator/index";
import type { BenchReporter } from "./bench-reporter";

export const name = "create-project (100 ms latency)";

const SECRETS: Record<string, string> = {
  MLOPS_MODEL_REGISTRY_TOKEN: "bench-registry",
  MLOPS_DEV_DATABRICKS_CLIENT_ID: "bench-dev-id",
  MLOPS_DEV_DATABRICKS_CLIENT_SECRET: "bench-dev-secret",
  MLOPS_PROD_DATABRICKS_CLIENT_ID: "bench-prod-id",
  MLOPS_PROD_DATABRICKS_CLIENT_SECRET: "bench-prod-secret",
};

export default async function bench(report: BenchReporter): Promise<void> {
  const sim = await startSimulator({ seed: loadSeedFile(demoSeedPath()), latencyMs: 100 });
  const controls = createSimControls(sim.apiUrl);
  const quiet = { info() {}, warn() {}, mask() {}, async summary() {} };
  try {
    for (const spaceWrites of [false, true]) {
      await controls.reset();
      const started = performance.now();
      const { report: result } = await runCreateProject(
        {
          request: { name: "acme-forecast-demand", team: "forecasting", costCenter: "CC-1234" },
          actor: "bob",
          triggeringActor: "bob",
          dryRun: false,
          token: "sim-token-mlops-bot",
          apiUrl: sim.apiUrl,
          serverUrl: sim.serverUrl,
          spaceWrites,
          retries: 3,
          retryBaseMs: 1000,
          secretSource: SECRETS,
        },
        quiet,
      );
      const wall = (performance.now() - started) / 1000;
      if (!result.ok || !result.api)
        throw new Error(`create-project failed in the benchmark: ${result.error}`);
      const gitRequests = (await controls.requests()).filter((r) => r.operationId.startsWith("git:")).length;
      if (spaceWrites) {
        report.info("writes spaced ~1 s apart, one at a time (the action's default, as GitHub advises)");
        report.figure("create-wall-100ms-spaced", wall, "s");
        report.figure("create-round-trips-spaced", result.api.roundTrips, "sequential round trips");
        continue;
      }
      report.info(`spacing off (writes 4 at a time); plus ${gitRequests} git requests for the initial push`);
      report.figure("create-api-calls", result.api.calls, "calls", "target ≤ 30");
      report.figure("create-mutating-calls", result.api.mutating, "calls", "target ≤ 20");
      report.figure("create-round-trips", result.api.roundTrips, "sequential round trips", "target ≤ 12");
      report.figure("create-wall-100ms", wall, "s", "target < 2 s");
    }
  } finally {
    await sim.close();
  }
}
