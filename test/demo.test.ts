/**
 * `npm run demo` is the README's first command: run it as a newcomer would (the bundled CLI, no token)
 * and check that it shows what it promises: the repo, its protection, environments, secret names, tags,
 * a passing test suite, a deployment, a run of the job and of its monitor, before and after drift.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CLI = path.resolve(import.meta.dirname, "../dist/cli/index.js");
let workDir: string;
let output = "";
let exitCode: number | null = null;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-demo-test-"));
  // Async spawn, env without any GitHub token: the demo must need none.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(GITHUB_|GH_)/.test(key)) delete env[key];
  exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [CLI, "demo", "--work-dir", workDir], { env });
    child.stdout.on("data", (c) => {
      output += c;
    });
    child.stderr.on("data", (c) => {
      output += c;
    });
    child.on("close", resolve);
  });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("npm run demo", () => {
  it("finishes successfully", () => {
    expect(exitCode, output).toBe(0);
    expect(output).toContain("Demo finished.");
  });

  it("creates the repo through the bundled action and shows what a user should see", () => {
    expect(output).toMatch(/outputs: repo-url=http:\/\/127\.0\.0\.1:\d+\/acme\/acme-forecast-demand/);
    expect(output).toContain(
      "checks [ci / build-test], admins included, force push blocked, deletion blocked",
    );
    expect(output).toContain(
      "environment prod: secrets DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET; reviewers forecasting",
    );
    expect(output).toContain("custom properties: managed-by=mlops-kit, cost-center=CC-1234");
    expect(output).toContain("team access: forecasting (maintain), platform (admin)");
  });

  it("never prints a secret value", () => {
    expect(output).not.toMatch(/demo-(registry-token|dev-client-secret|prod-client-secret)/);
    expect(output).not.toContain("sim-token-mlops-bot");
  });

  it("tests, builds, deploys and runs the new project for real", () => {
    expect(output).toMatch(/pytest: \d+ passed/);
    expect(output).toMatch(/acme_forecast_demand-0\.1\.0-py3-none-any\.whl/);
    expect(output).toMatch(/"git_sha": "[0-9a-f]{40}"/);
    expect(existsSync(path.join(workDir, "acme-forecast-demand", "databricks.yml"))).toBe(true);
    expect(existsSync(path.join(workDir, "job-summary.md"))).toBe(true);
  });

  it("runs the monitor job, which fails with a report naming the drifted feature, then passes after the fix", () => {
    const monitoring = output.slice(output.indexOf("Run its monitor job"));
    expect(monitoring).toMatch(/exit 0: VERDICT: PASS[\s\S]*Inject drift/);
    expect(monitoring).toContain("exit 1: the job fails");
    expect(monitoring).toContain("data drift in 1 feature(s): price");
    expect(monitoring).toMatch(/price\s+365\/120\s.*DRIFT/);
    expect(monitoring).toMatch(/Fix the feed[\s\S]*exit 0: VERDICT: PASS/);
    const sha = /"git_sha": "([0-9a-f]{40})"/.exec(output)?.[1];
    expect(monitoring).toContain(`git sha ${sha}`);
    expect(monitoring).toContain(
      `the report and \`mlops-kit deployments\` agree: acme-forecast-demand runs ${sha?.slice(0, 12)}`,
    );
  });
});
