/**
 * create-project against the simulator's demo org with 50 ms of injected latency per request, as GitHub
 * is from a runner: API calls (all, mutating), sequential round trips on the critical path, and wall time,
 * with GitHub's advised pacing of writes (the action's default) and without it.
 */

import { runCreateProject } from "../../src/create-project/run-create-project";
import { createSimControls, demoSeedPath, loadSeedFile, startSimulator } from "../../src/simulator/index";
import type { BenchReporter } from "./bench-reporter";

export const name = "create-project (50 ms latency)";

const SECRETS: Record<string, string> = {
  MLOPS_MODEL_REGISTRY_TOKEN: "bench-registry",
  MLOPS_DEV_DATABRICKS_CLIENT_ID: "bench-dev-id",
  MLOPS_DEV_DATABRICKS_CLIENT_SECRET: "bench-dev-secret",
  MLOPS_PROD_DATABRICKS_CLIENT_ID: "bench-prod-id",
  MLOPS_PROD_DATABRICKS_CLIENT_SECRET: "bench-prod-secret",
};

export default async function bench(report: BenchReporter): Promise<void> {
  const sim = await startSimulator({ seed: loadSeedFile(demoSeedPath()), latencyMs: 50 });
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
      const mode = spaceWrites ? "paced" : "unpaced";
      const gitRequests = (await controls.requests()).filter((r) => r.operationId.startsWith("git:")).length;
      report.info(
        spaceWrites
          ? "writes paced ~1 s apart, one at a time (the action's default)"
          : "writes unpaced (4 at a time)",
      );
      report.figure(`create-api-calls-${mode}`, result.api.calls, "calls", `${result.api.mutating} mutating`);
      report.figure(`create-git-requests-${mode}`, gitRequests, "requests");
      report.figure(`create-round-trips-${mode}`, result.api.roundTrips, "sequential round trips");
      report.figure(`create-wall-${mode}`, wall, "s");
    }
  } finally {
    await sim.close();
  }
}
