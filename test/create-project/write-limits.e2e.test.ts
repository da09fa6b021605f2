/**
 * The kit under GitHub's secondary write limits (on by default in `mlops-kit sim`): creates in a row,
 * as the kit's App, hit the content-creation limit, wait the `retry-after` the simulator answers, and all
 * complete. The limit is shrunk here (6 writes per 6 s: one create alone makes about 12 writes, so it hits
 * the limit however slowly a loaded machine runs it) so the test takes seconds; the numbers themselves
 * are GitHub's in the unit tests and the benchmark.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kitJob } from "../../src/github/app-permissions";
import {
  createSimControls,
  demoSeedPath,
  loadSeedFile,
  mintInstallationToken,
  type RunningSimulator,
  type SimControls,
  startSimulator,
} from "../../src/simulator/index";
import { ORG, runCreateAction } from "../helpers/create-project-harness";

let sim: RunningSimulator;
let controls: SimControls;

beforeAll(async () => {
  sim = await startSimulator({
    seed: loadSeedFile(demoSeedPath()),
    writeLimits: { contentPerMinute: 6, minuteMs: 6_000 },
  });
  controls = createSimControls(sim.apiUrl);
});
afterAll(async () => {
  await sim?.close();
});

describe("create-project under write limits", () => {
  it("waits out the secondary limit and completes every project", async () => {
    const { permissions } = kitJob("create-project.yml", "create");
    const { token } = await mintInstallationToken(sim.apiUrl, { org: ORG, permissions: { ...permissions } });
    for (const name of ["acme-forecast-alpha", "acme-forecast-beta", "acme-forecast-gamma"]) {
      // Real seconds for retry-after (the harness otherwise shrinks them to ms).
      const result = await runCreateAction(sim, {
        inputs: { name, token, "api-retries": "4" },
        env: { MLOPS_KIT_RETRY_BASE_MS: "1000" },
      });
      expect(result.exitCode, result.log).toBe(0);
    }
    // Writes refused 403: the write limit (the token holds every permission; GET /user answers 403 to an App).
    const limited = (await controls.requests()).filter((r) => r.status === 403 && r.method !== "GET");
    expect(limited.length).toBeGreaterThan(0);
  });
});
