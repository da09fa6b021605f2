/** `mlops-kit enforce` against the simulator: exit status follows the drift, --json writes the report. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildEnforceSeed, ENFORCE_TOKEN } from "../../scripts/bench/enforce-seed";
import { runCli } from "../../src/cli/main";
import { type SimSeed, startSimulator } from "../../src/simulator/index";
import { exampleConfig } from "../fixtures/example-config";

describe("mlops-kit enforce", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-enforce-cli-"));
  const saved = { ...process.env };

  beforeAll(async () => {
    const seeded = buildEnforceSeed(exampleConfig(), { repos: 10, driftedShare: 0.2 });
    sim = await startSimulator({ seed: seeded.seed as SimSeed });
    process.env.GITHUB_TOKEN = ENFORCE_TOKEN;
    process.env.GITHUB_API_URL = sim.apiUrl;
    vi.spyOn(console, "log").mockImplementation(() => {});
  });
  afterAll(async () => {
    process.env = saved;
    process.exitCode = 0;
    vi.restoreAllMocks();
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("fails on drift in audit mode, repairs with --apply, then passes", async () => {
    const json = path.join(scratch, "report.json");
    expect(await runCli(["enforce", "--org", "acme", "--json", json])).toBe(0);
    expect(process.exitCode).toBe(1);
    expect(JSON.parse(readFileSync(json, "utf8")).counts.drifted).toBe(2);
    process.exitCode = 0;
    await runCli(["enforce", "--org", "acme", "--apply", "--json", json]);
    expect(JSON.parse(readFileSync(json, "utf8")).counts).toMatchObject({ repaired: 2, drifted: 0 });
    expect(process.exitCode ?? 0).toBe(0);
  });
});
