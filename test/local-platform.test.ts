/**
 * The local compute platform end to end, with real git and real Python: generate a project, run its CI
 * steps (lint, pytest, wheel), deploy it, run the job, deploy a second version, roll back to the first,
 * and prove the first version runs again, with the history showing both commits.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main";
import { featureSampleCsv } from "../src/demo/monitoring-data";
import { isKitError } from "../src/errors";
import { KIT_VERSION } from "../src/kit-version";
import type { DeployRequest } from "../src/platform/compute-platform";
import { LocalPlatform } from "../src/platform/local-platform";
import { runLocalCreate } from "../src/project/local-create";
import { runPython } from "./helpers/python";

let workDir: string;
let projectDir: string;
let platformDir: string;

function git(...args: string[]): string {
  // An identity of its own: a fresh machine has no git user configured.
  const identity = { name: "Test", email: "test@example.com" };
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
  };
  const result = spawnSync("git", args, { cwd: projectDir, encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

function deployRequest(gitSha: string): DeployRequest {
  return {
    projectDir,
    environment: "dev",
    gitSha,
    repository: "acme/acme-forecast-demand",
    kitVersion: KIT_VERSION,
    runUrl: "http://127.0.0.1/acme/acme-forecast-demand/actions/runs/1",
    deployedBy: "test",
  };
}

/** Console output of one in-process CLI run. */
async function cliOutput(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.join(" "));
  try {
    const code = await runCli(args);
    return { code, out: lines.join("\n") };
  } finally {
    console.log = original;
  }
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-platform-"));
  projectDir = path.join(workDir, "acme-forecast-demand");
  platformDir = path.join(workDir, "platform");
  await runLocalCreate({
    request: { name: "acme-forecast-demand", team: "forecasting", costCenter: "CC-1234" },
    outDir: projectDir,
  });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("a generated project on the local platform", () => {
  const platform = () => new LocalPlatform(platformDir);
  let firstSha: string;
  let secondSha: string;

  it("passes the CI steps the ml-ci workflow runs: lint, pytest with coverage, wheel", () => {
    const lint = runPython(["-m", "pyflakes", "src", "tests"], projectDir);
    expect(lint.stdout + lint.stderr).toBe("");
    expect(lint.status).toBe(0);
    const tests = runPython(
      ["-m", "pytest", "-p", "no:cacheprovider", "--cov=src", "--cov-report=term"],
      projectDir,
    );
    expect(tests.stdout).toMatch(/\d+ passed/);
    expect(tests.stdout).toMatch(/TOTAL\s+\d+/);
    expect(tests.status).toBe(0);
    const out = path.join(workDir, "ci-dist");
    const build = runPython(["-m", "build", "--no-isolation", "--wheel", "--outdir", out], projectDir);
    expect(build.status).toBe(0);
    expect(readdirSync(out)).toEqual(["acme_forecast_demand-0.1.0-py3-none-any.whl"]);
  });

  it("deploys the first commit with its cost and traceability tags, and runs it", async () => {
    firstSha = git("rev-parse", "HEAD");
    const deployment = await platform().deploy(deployRequest(firstSha));
    expect(deployment).toMatchObject({ kind: "deploy", gitSha: firstSha, version: "0.1.0" });
    expect(deployment.tags).toMatchObject({
      "git-sha": firstSha,
      "kit-version": KIT_VERSION,
      repository: "acme/acme-forecast-demand",
      "cost-center": "CC-1234",
      team: "forecasting",
    });
    expect(existsSync(deployment.artifact)).toBe(true);

    const run = await platform().run("acme-forecast-demand", "dev");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.output)).toMatchObject({ git_sha: firstSha, version: "0.1.0" });
  });

  it("deploys a second version, which then runs", async () => {
    const init = path.join(projectDir, "src", "acme_forecast_demand", "__init__.py");
    writeFileSync(init, readFileSync(init, "utf8").replace('"0.1.0"', '"0.2.0"'));
    const pyproject = path.join(projectDir, "pyproject.toml");
    writeFileSync(
      pyproject,
      readFileSync(pyproject, "utf8").replace('version = "0.1.0"', 'version = "0.2.0"'),
    );
    git("commit", "-qam", "release 0.2.0");
    secondSha = git("rev-parse", "HEAD");

    const { code, out } = await cliOutput(["deploy", "--project", projectDir, "--platform-dir", platformDir]);
    expect(code).toBe(0);
    expect(out).toContain(`Deployed acme-forecast-demand ${secondSha.slice(0, 12)} to dev`);
    const run = await platform().run("acme-forecast-demand", "dev");
    expect(JSON.parse(run.output)).toMatchObject({ git_sha: secondSha, version: "0.2.0" });
  });

  it("rolls back to the first commit, which runs again, and the history shows both commits", async () => {
    const { code } = await cliOutput([
      "rollback",
      "--project",
      projectDir,
      "--platform-dir",
      platformDir,
      "--to",
      firstSha.slice(0, 10),
    ]);
    expect(code).toBe(0);
    const run = await cliOutput(["run", "--project", projectDir, "--platform-dir", platformDir]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`"git_sha": "${firstSha}"`);
    expect(run.out).toContain('"version": "0.1.0"');

    const history = await platform().deployments("acme-forecast-demand", "dev");
    expect(history.map((d) => [d.kind, d.gitSha])).toEqual([
      ["rollback", firstSha],
      ["deploy", secondSha],
      ["deploy", firstSha],
    ]);
    const listed = await cliOutput(["deployments", "--project", projectDir, "--platform-dir", platformDir]);
    const lines = listed.out.split("\n");
    expect(lines[0]).toContain(`rollback to ${firstSha.slice(0, 12)}`);
    expect(lines[1]).toContain(`deploy ${secondSha.slice(0, 12)}`);
    expect(lines[2]).toContain(`deploy ${firstSha.slice(0, 12)}`);
  });

  it("refuses a rollback to a commit that was never deployed, and changes nothing", async () => {
    const before = await platform().deployments("acme-forecast-demand", "dev");
    const failure = await platform()
      .rollback({
        project: "acme-forecast-demand",
        environment: "dev",
        to: "abcdef1234",
        repository: "acme/acme-forecast-demand",
        kitVersion: KIT_VERSION,
        runUrl: "local",
        deployedBy: "test",
      })
      .catch((e: unknown) => e);
    expect(isKitError(failure) && failure.code).toBe("rollback-ref-unknown");
    expect(String((failure as Error).message)).toContain(firstSha.slice(0, 12));
    expect(await platform().deployments("acme-forecast-demand", "dev")).toEqual(before);
  });

  it("leaves no release behind when a deploy fails half-way", async () => {
    const pyproject = path.join(projectDir, "pyproject.toml");
    writeFileSync(pyproject, `${readFileSync(pyproject, "utf8")}\nthis is not toml = = =\n`);
    const before = readdirSync(path.join(platformDir, "acme-forecast-demand", "dev", "releases")).sort();
    const failure = await platform()
      .deploy(deployRequest(git("rev-parse", "HEAD")))
      .catch((e: unknown) => e);
    git("checkout", "--", "pyproject.toml");
    expect(failure).toBeInstanceOf(Error);
    expect(readdirSync(path.join(platformDir, "acme-forecast-demand", "dev", "releases")).sort()).toEqual(
      before,
    );
    expect((await platform().deployments("acme-forecast-demand", "dev"))[0]!.kind).toBe("rollback");
  });

  it("runs the monitor job: passes, fails naming the drifting feature once drift is injected, passes after the fix", async () => {
    const cli = (...extra: string[]) =>
      cliOutput([
        "run",
        "--job",
        "monitor",
        "--project",
        projectDir,
        "--platform-dir",
        platformDir,
        ...extra,
      ]);
    const dataDir = platform().dataDir("acme-forecast-demand", "dev");
    const deployed = (await platform().deployments("acme-forecast-demand", "dev"))[0]!;
    const shaOf = (report: string) => /git sha ([0-9a-f]{40})/.exec(report)?.[1];

    const first = await cli();
    expect(first.code).toBe(0);
    expect(first.out).toContain("Ran acme_forecast_demand_monitor of acme-forecast-demand");
    expect(first.out).toContain("VERDICT: PASS");
    expect(first.out).toContain("using the built-in synthetic example");

    writeFileSync(path.join(dataDir, "reference.csv"), featureSampleCsv({ rows: 365, seed: 1 }));
    writeFileSync(
      path.join(dataDir, "current.csv"),
      featureSampleCsv({ rows: 120, seed: 2, priceInCents: true }),
    );
    const errors: string[] = [];
    const originalError = console.error;
    console.error = (...parts: unknown[]) => errors.push(parts.join(" "));
    const drifted = await cli().finally(() => {
      console.error = originalError;
    });
    expect(drifted.code).toBe(1);
    expect(errors.join("\n")).toContain("acme_forecast_demand_monitor exited 1");
    expect(drifted.out).toContain("VERDICT: FAIL");
    expect(drifted.out).toContain("data drift in 1 feature(s): price");
    expect(drifted.out).toMatch(/price\s+365\/120\s+[\d.]+\s+[\d.]+\s+[\d.e-]+\s+DRIFT/);
    expect(drifted.out).toMatch(/demand\s+365\/120\s.*stable/);

    writeFileSync(path.join(dataDir, "current.csv"), featureSampleCsv({ rows: 120, seed: 2 }));
    const fixed = await cli();
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain("VERDICT: PASS");

    // The report and the deployment history agree on what runs.
    for (const report of [first.out, drifted.out, fixed.out]) expect(shaOf(report)).toBe(deployed.gitSha);
    expect(fixed.out).toContain(`deployment ${deployed.id}`);
    const listed = await cliOutput([
      "deployments",
      "--json",
      "--project",
      projectDir,
      "--platform-dir",
      platformDir,
    ]);
    expect((JSON.parse(listed.out) as { gitSha: string }[])[0]!.gitSha).toBe(shaOf(fixed.out));
  });

  it("names the jobs it knows when --job names none of them", async () => {
    const errors: string[] = [];
    const originalError = console.error;
    console.error = (...parts: unknown[]) => errors.push(parts.join(" "));
    const result = await cliOutput([
      "run",
      "--job",
      "retrain",
      "--project",
      projectDir,
      "--platform-dir",
      platformDir,
    ]).finally(() => {
      console.error = originalError;
    });
    expect(result.code).toBe(1);
    expect(errors.join("\n")).toContain("its jobs: acme_forecast_demand, acme_forecast_demand_monitor");
  });
});
