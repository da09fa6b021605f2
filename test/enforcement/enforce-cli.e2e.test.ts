/**
 * `mlops-kit enforce` as a scheduled job runs it: the bundled CLI (`dist/cli/index.js`) in a child
 * process against the simulator (in this process, so the child is spawned asynchronously). The exit
 * status is the verdict: non-zero on drift, on an unreadable repo (even with --no-fail-on-drift), 0 once
 * repaired; the message names the repos. The action's exit status is checked through the local runner.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEnforceSeed, ENFORCE_TOKEN } from "../../scripts/bench/enforce-seed";
import { runLocalAction } from "../../src/actions-runner/local-action-runner";
import { createSimControls, type SimSeed, startSimulator } from "../../src/simulator/index";
import { exampleConfig } from "../fixtures/example-config";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const cliBundle = path.join(repoRoot, "dist/cli/index.js");

function runBundledCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle, ...args], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("the bundled mlops-kit enforce (child process)", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-enforce-cli-"));
  const seeded = buildEnforceSeed(exampleConfig(), { repos: 10, driftedShare: 0.2 });
  const drifted = seeded.governed.filter((r) => r.drift).map((r) => r.name);
  const env = () => ({ GITHUB_TOKEN: ENFORCE_TOKEN, GITHUB_API_URL: sim.apiUrl });

  beforeAll(async () => {
    if (!existsSync(cliBundle)) throw new Error(`${cliBundle} is missing: run npm run build`);
    sim = await startSimulator({ seed: seeded.seed as SimSeed, latencyMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("exits 1 on drift and names the drifted repos; 0 with --no-fail-on-drift", async () => {
    const json = path.join(scratch, "audit.json");
    const audit = await runBundledCli(["enforce", "--org", "acme", "--json", json], env());
    expect(audit.code).toBe(1);
    expect(JSON.parse(readFileSync(json, "utf8")).counts.drifted).toBe(drifted.length);
    for (const name of drifted) expect(audit.stderr).toContain(name);
    const tolerant = await runBundledCli(["enforce", "--org", "acme", "--no-fail-on-drift"], env());
    expect(tolerant.code).toBe(0);
  });

  it("exits 1 on an unreadable repo even when drift is tolerated, and names it", async () => {
    const forbidden = seeded.governed.find((r) => !r.drift)!.name;
    await createSimControls(sim.apiUrl).addFault({
      method: "GET",
      path: `/repos/acme/${forbidden}/branches/main/protection`,
      status: 403,
      times: 5,
    });
    const run = await runBundledCli(["enforce", "--org", "acme", "--no-fail-on-drift"], env());
    await createSimControls(sim.apiUrl).clearFaults();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unreadable/);
    expect(run.stderr).toContain(forbidden);
  });

  it("repairs with --apply and exits 0; the action fails on drift through the local runner", async () => {
    const action = {
      actionDir: path.join(repoRoot, "actions/enforce-protection"),
      env: { GITHUB_API_URL: sim.apiUrl, MLOPS_KIT_RETRY_BASE_MS: "10" },
    };
    await createSimControls(sim.apiUrl).reset();
    const failing = await runLocalAction({ ...action, inputs: { token: ENFORCE_TOKEN, org: "acme" } });
    expect(failing.exitCode).toBe(1);
    expect(failing.log).toContain(drifted[0]!);
    const applied = await runBundledCli(["enforce", "--org", "acme", "--apply"], env());
    expect(applied.code).toBe(0);
    const clean = await runLocalAction({ ...action, inputs: { token: ENFORCE_TOKEN, org: "acme" } });
    expect(clean.exitCode).toBe(0);
    expect(clean.outputs).toMatchObject({ drifted: "0", unreadable: "0" });
  });
});
