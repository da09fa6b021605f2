/**
 * create-project throughput under GitHub's secondary write limits (80 content-creating requests a minute,
 * 500 an hour, 900 points a minute), as the kit's GitHub App with 100 ms of latency per request and the
 * action's defaults (writes spaced ~1 s apart): projects created in a row, per minute.
 */

import { runCreateProject } from "../../src/create-project/run-create-project";
import { kitJob } from "../../src/github/app-permissions";
import {
  createSimControls,
  demoSeedPath,
  loadSeedFile,
  mintInstallationToken,
  startSimulator,
} from "../../src/simulator/index";
import type { BenchReporter } from "./bench-reporter";

export const name = "create-project under GitHub's write limits (as the App, 100 ms latency)";

const PROJECTS = ["alpha", "beta", "gamma", "delta", "epsilon"].map((s) => `acme-forecast-${s}`);
const SECRETS: Record<string, string> = {
  MLOPS_MODEL_REGISTRY_TOKEN: "bench-registry",
  MLOPS_DEV_DATABRICKS_CLIENT_ID: "bench-dev-id",
  MLOPS_DEV_DATABRICKS_CLIENT_SECRET: "bench-dev-secret",
  MLOPS_PROD_DATABRICKS_CLIENT_ID: "bench-prod-id",
  MLOPS_PROD_DATABRICKS_CLIENT_SECRET: "bench-prod-secret",
};

export default async function bench(report: BenchReporter): Promise<void> {
  const sim = await startSimulator({ seed: loadSeedFile(demoSeedPath()), latencyMs: 100, writeLimits: true });
  const controls = createSimControls(sim.apiUrl);
  const quiet = { info() {}, warn() {}, mask() {}, async summary() {} };
  try {
    const { permissions } = kitJob("create-project.yml", "create");
    const { token } = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      permissions: { ...permissions },
    });
    await controls.clearRequests();
    const started = performance.now();
    for (const project of PROJECTS) {
      const { report: result } = await runCreateProject(
        {
          request: { name: project, team: "forecasting", costCenter: "CC-1234" },
          actor: "bob",
          triggeringActor: "bob",
          dryRun: false,
          token,
          apiUrl: sim.apiUrl,
          serverUrl: sim.serverUrl,
          spaceWrites: true,
          retries: 5,
          retryBaseMs: 1000,
          secretSource: SECRETS,
        },
        quiet,
      );
      if (!result.ok) throw new Error(`create-project failed in the benchmark: ${result.error}`);
    }
    const minutes = (performance.now() - started) / 60_000;
    const requests = await controls.requests();
    const limited = requests.filter((r) => r.status === 403 && r.method !== "GET").length;
    const writes = requests.filter((r) => r.method !== "GET" && !r.operationId.startsWith("git:")).length;
    report.info(
      `${PROJECTS.length} projects, ${writes} API writes, ${limited} answered by the write limit; writes spaced (the action's default)`,
    );
    report.figure("create-projects-per-minute", PROJECTS.length / minutes, "projects/min", "target ≥ 4");
  } finally {
    await sim.close();
  }
}
