/**
 * The Databricks platform adapter drives the official CLI; here a stand-in `databricks` executable records
 * each call, so the test proves what the adapter asks of the CLI and that a CLI failure stops the deploy.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabricksPlatform } from "../src/platform/databricks-platform";
import { runLocalCreate } from "../src/project/local-create";

let workDir: string;
let projectDir: string;
let callLog: string;

function fakeCli(exitCode: number): string {
  const file = path.join(workDir, `databricks-exit-${exitCode}`);
  writeFileSync(
    file,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> "${callLog}"\n[ ${exitCode} -eq 0 ] || echo "Error: workspace refused" >&2\nexit ${exitCode}\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-dbx-"));
  projectDir = path.join(workDir, "acme-forecast-demand");
  callLog = path.join(workDir, "calls.log");
  await runLocalCreate({
    request: { name: "acme-forecast-demand", team: "forecasting" },
    outDir: projectDir,
  });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const request = () => ({
  projectDir,
  environment: "dev",
  gitSha: "f".repeat(40),
  repository: "acme/acme-forecast-demand",
  kitVersion: "0.1.0",
  runUrl: "https://github.com/acme/acme-forecast-demand/actions/runs/7",
  deployedBy: "ci",
});

describe("the Databricks platform", () => {
  it("validates, then deploys the bundle with the traceability variables", async () => {
    writeFileSync(callLog, "");
    const deployment = await new DatabricksPlatform(fakeCli(0)).deploy(request());
    const calls = readFileSync(callLog, "utf8").trim().split("\n");
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^bundle validate --target dev /);
    expect(calls[1]).toMatch(/^bundle deploy --target dev .*--auto-approve$/);
    expect(calls[1]).toContain(`--var=git_sha=${"f".repeat(40)}`);
    expect(deployment).toMatchObject({ project: "acme-forecast-demand", kind: "deploy", environment: "dev" });
  });

  it("stops at a failed validate, with the CLI's error, and deploys nothing", async () => {
    writeFileSync(callLog, "");
    const failure = await new DatabricksPlatform(fakeCli(1)).deploy(request()).catch((e: Error) => e);
    expect(String(failure)).toContain("workspace refused");
    expect(readFileSync(callLog, "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("rolls back by redeploying the checkout of the requested commit", async () => {
    writeFileSync(callLog, "");
    const platform = new DatabricksPlatform(fakeCli(0));
    const refused = await platform
      .rollback({ ...request(), project: "acme-forecast-demand", to: "abc1234", projectDir: undefined })
      .catch((e: Error) => e);
    expect(String(refused)).toContain("checkout");
    const restored = await platform.rollback({
      ...request(),
      project: "acme-forecast-demand",
      to: "abc1234",
    });
    expect(restored.kind).toBe("rollback");
    expect(readFileSync(callLog, "utf8")).toContain("bundle deploy --target dev");
  });

  it("runs the monitor job by its key, and returns a failed run with its output", async () => {
    writeFileSync(callLog, "");
    const passed = await new DatabricksPlatform(fakeCli(0)).run("acme-forecast-demand", "dev", {
      job: "monitor",
      projectDir,
    });
    expect(passed).toMatchObject({ exitCode: 0, job: "acme_forecast_demand_monitor" });
    expect(readFileSync(callLog, "utf8").trim()).toBe("bundle run --target dev acme_forecast_demand_monitor");
    const failed = await new DatabricksPlatform(fakeCli(1)).run("acme-forecast-demand", "dev", {
      projectDir,
    });
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toContain("workspace refused");
    expect(readFileSync(callLog, "utf8")).toContain("bundle run --target dev acme_forecast_demand\n");
  });
});
