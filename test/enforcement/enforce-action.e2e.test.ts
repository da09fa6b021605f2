/**
 * The enforce-protection action entry (`actions/enforce-protection/main.ts`, what dist/ bundles) run as
 * the Actions runner runs it: inputs in `INPUT_*` (defaults from action.yml), `GITHUB_*` env, outputs in
 * `GITHUB_OUTPUT`, the job summary in `GITHUB_STEP_SUMMARY`; against the simulator.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildEnforceSeed, ENFORCE_TOKEN } from "../../scripts/bench/enforce-seed";
import type { EnforceReport } from "../../src/enforcement/enforce-report";
import { type SimSeed, startSimulator } from "../../src/simulator/index";
import { exampleConfig } from "../fixtures/example-config";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-enforce-action-"));

function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(path.join(repoRoot, "actions/enforce-protection/action.yml"), "utf8"));
  return Object.fromEntries(
    Object.entries(action.inputs as Record<string, { default?: string }>).map(([k, v]) => [
      `INPUT_${k.toUpperCase()}`,
      v.default ?? "",
    ]),
  );
}

function readOutputs(file: string): Record<string, string> {
  // `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes them.
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(.+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    outputs[m[1]!] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return outputs;
}

describe("the enforce-protection action entry", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const seeded = buildEnforceSeed(exampleConfig(), { repos: 20, driftedShare: 0.2 });
  const saved = { ...process.env };

  beforeAll(async () => {
    sim = await startSimulator({ seed: seeded.seed as SimSeed, latencyMs: 0 });
  });
  afterAll(async () => {
    process.env = saved;
    process.exitCode = 0;
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("repairs in apply mode and reports through outputs, the job summary and the JSON report", async () => {
    const outputFile = path.join(scratch, "output");
    const summaryFile = path.join(scratch, "summary.md");
    writeFileSync(outputFile, "");
    writeFileSync(summaryFile, "");
    process.env = {
      ...saved,
      ...actionDefaults(),
      INPUT_TOKEN: ENFORCE_TOKEN,
      INPUT_APPLY: "true",
      INPUT_ORG: "acme",
      "INPUT_SPACE-WRITES": "false",
      "INPUT_ETAG-CACHE": ".mlops-kit/enforce-etags.json",
      GITHUB_API_URL: sim.apiUrl,
      GITHUB_WORKSPACE: scratch,
      RUNNER_TEMP: scratch,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      MLOPS_KIT_RETRY_BASE_MS: "10",
    };
    await import("../../actions/enforce-protection/main");
    const outputs = readOutputs(outputFile);
    const drifted = seeded.governed.filter((r) => r.drift).length;
    expect(outputs).toMatchObject({
      governed: "20",
      drifted: "0",
      repaired: String(drifted),
      unreadable: "0",
    });
    expect(process.exitCode ?? 0).toBe(0);
    const report = JSON.parse(readFileSync(outputs["report-file"]!, "utf8")) as EnforceReport;
    expect(report.repos).toHaveLength(20);
    expect(report.mode).toBe("apply");
    const summary = readFileSync(summaryFile, "utf8");
    expect(summary).toContain("Branch protection in acme");
    expect(summary).toContain(`### Repaired (${drifted})`);
    expect(summary).not.toContain(ENFORCE_TOKEN);
    // The ETag cache was written where the workflow's actions/cache step saves it from.
    expect(
      JSON.parse(readFileSync(path.join(scratch, ".mlops-kit/enforce-etags.json"), "utf8")).version,
    ).toBe(1);
  });
});
