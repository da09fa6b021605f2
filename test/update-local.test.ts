/**
 * `mlops-kit update` end to end (the bundled CLI): a project created at kit v0.1.0 with its owners'
 * edits is updated to v0.2.0 and then v0.3.0 of a kit whose release history is built here (tags in a
 * temporary git repo holding the kit's templates), covering every merge scenario at the CLI level.
 */
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runLocalCreate } from "../src/project/local-create";
import { buildKitHistory, git } from "./helpers/kit-release-history";

const CLI = path.resolve(import.meta.dirname, "../dist/cli/index.js");
const KIT_TEMPLATES = path.resolve(import.meta.dirname, "../templates");
let workDir: string;
let kitDir: string;
let projectDir: string;

function update(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [CLI, "update", "--project", projectDir, "--kit-dir", kitDir, ...args],
    { encoding: "utf8" },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function updateJson(to: string) {
  const run = update("--to", to, "--json");
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

const project = (rel: string) => path.join(projectDir, rel);
const read = (rel: string) => readFileSync(project(rel), "utf8");

/** Owners' edits after creation, committed. */
function editProject(): void {
  const readme = read("README.md").split("\n");
  readme[0] = "# Acme demand forecast (owned by forecasting)";
  writeFileSync(project("README.md"), readme.join("\n"));
  writeFileSync(
    project("pyproject.toml"),
    read("pyproject.toml").replace(/requires-python = .*/, 'requires-python = ">=3.10"'),
  );
  appendFileSync(project("tests/test_monitoring.py"), "# our extra test\n");
  const dataPy = "src/acme_forecast_demand/data.py";
  writeFileSync(project(dataPy), read(dataPy).replace(/^""".*"""$/m, '"""Our demand data loader."""'));
  rmSync(project("src/acme_forecast_demand/monitoring/report.py"));
  writeFileSync(project(".gitignore"), Buffer.from([0, 1, 2, 3, 255]));
  writeFileSync(project("notes.md"), "our notes\n");
  git(projectDir, "add", "-A");
  git(projectDir, "commit", "-qm", "our edits");
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-update-"));
  kitDir = path.join(workDir, "kit");
  projectDir = path.join(workDir, "acme-forecast-demand");
  cpSync(KIT_TEMPLATES, path.join(workDir, "templates-v0.1.0"), { recursive: true });
  buildKitHistory(kitDir);
  await runLocalCreate({
    request: { name: "acme-forecast-demand", team: "forecasting", costCenter: "CC-1234" },
    outDir: projectDir,
    templatesDir: path.join(workDir, "templates-v0.1.0"),
  });
  editProject();
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("mlops-kit update", () => {
  let first: ReturnType<typeof updateJson>;

  it("with --dry-run, lists what it would do and writes nothing", () => {
    const run = update("--to", "0.2.0", "--dry-run", "--json");
    expect(run.status).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan).toMatchObject({ updated: true, written: false, from: "0.1.0", to: "0.2.0" });
    expect(plan.changes.length).toBeGreaterThan(5);
    expect(git(projectDir, "status", "--porcelain")).toBe("");
  });

  it("merges v0.2.0 into the project: edits kept, template changes applied, conflicts listed", () => {
    first = updateJson("0.2.0");
    expect(first).toMatchObject({ updated: true, written: true, from: "0.1.0", to: "0.2.0" });
    expect(first.conflicts.map((c: { path: string; kind: string }) => [c.path, c.kind])).toEqual([
      [".gitignore", "binary"],
      ["pyproject.toml", "content"],
    ]);
    // User edit and template edits in different hunks of one file.
    const readme = read("README.md");
    expect(readme.startsWith("# Acme demand forecast (owned by forecasting)\n")).toBe(true);
    expect(readme).toContain("Run `mlops-kit update` to take a newer kit version. Retries: 2.");
    expect(readme).toContain("mlops-kit](https://github.com/acme/mlops-kit) 0.2.0");
    // Same line changed by both: standard conflict markers.
    expect(read("pyproject.toml")).toContain(
      '<<<<<<< ours\nrequires-python = ">=3.10"\n=======\nrequires-python = ">=3.11,<4"\n>>>>>>> template v0.2.0\n',
    );
    // Binary file changed on both sides: the owners' copy is kept as it was.
    expect([...readFileSync(project(".gitignore"))]).toEqual([0, 1, 2, 3, 255]);
  });

  it("adds files, with the executable bit, and pins the workflows at the new version", () => {
    expect(read("scripts/check.sh")).toBe("#!/bin/sh\necho check acme-forecast-demand\n");
    expect(statSync(project("scripts/check.sh")).mode & 0o111).not.toBe(0);
    expect(read(".github/workflows/ci.yml")).toContain("/.github/workflows/ml-ci.yml@v0.2.0");
    expect(read(".github/workflows/ci.yml")).not.toContain("@v0.1.0");
  });

  it("removes what the template deleted, keeps it with a note when the owners changed it", () => {
    expect(existsSync(project("src/acme_forecast_demand/monitoring/quality.py"))).toBe(false);
    expect(read("tests/test_monitoring.py")).toContain("# our extra test");
    expect(first.notes).toContainEqual({
      path: "tests/test_monitoring.py",
      message: expect.stringContaining("kept because you changed it"),
    });
  });

  it("leaves a file the owners deleted deleted, and their own files alone", () => {
    expect(existsSync(project("src/acme_forecast_demand/monitoring/report.py"))).toBe(false);
    expect(read("notes.md")).toBe("our notes\n");
  });

  it("follows renames inside answers-derived folders, with and without the owners' edits", () => {
    expect(first.renames).toEqual([
      { from: "src/acme_forecast_demand/data.py", to: "src/acme_forecast_demand/dataset.py" },
      { from: "tests/test_forecast.py", to: "tests/test_forecasting.py" },
    ]);
    expect(existsSync(project("src/acme_forecast_demand/data.py"))).toBe(false);
    const dataset = read("src/acme_forecast_demand/dataset.py");
    expect(dataset.startsWith('"""Our demand data loader."""\n')).toBe(true);
    expect(dataset.endsWith("# Renamed from data.py in kit 0.2.0.\n")).toBe(true);
    expect(existsSync(project("tests/test_forecast.py"))).toBe(false);
    expect(existsSync(project("tests/test_forecasting.py"))).toBe(true);
  });

  it("records the new version, ref and the new question's default in answers.yml", () => {
    const answers = parse(read(".mlops-kit/answers.yml"));
    expect(answers).toMatchObject({ kitVersion: "0.2.0", kitRef: "v0.2.0", variables: { retries: 2 } });
  });

  it("refuses to run on a tree with uncommitted changes", () => {
    const run = update("--to", "0.3.0");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("uncommitted changes");
  });

  it("merges a second update after the first was resolved and committed", () => {
    writeFileSync(
      project("pyproject.toml"),
      read("pyproject.toml").replace(/<<<<<<< ours\n(.*\n)=======\n.*\n>>>>>>> .*\n/, "$1"),
    );
    git(projectDir, "add", "-A");
    git(projectDir, "commit", "-qm", "kit 0.2.0");
    const second = updateJson("0.3.0");
    expect(second.conflicts).toEqual([]);
    expect(read("README.md")).toContain("See the kit's CHANGELOG.md");
    expect(read("README.md")).toContain("Retries: 2.");
    expect(read("pyproject.toml")).toContain('requires-python = ">=3.10"\n');
    expect(parse(read(".mlops-kit/answers.yml"))).toMatchObject({ kitVersion: "0.3.0", kitRef: "v0.3.0" });
    git(projectDir, "add", "-A");
    git(projectDir, "commit", "-qm", "kit 0.3.0");
  });

  it("does nothing at the current version and refuses a downgrade", () => {
    const same = update("--to", "0.3.0");
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("already at kit version 0.3.0");
    const down = update("--to", "0.2.0");
    expect(down.status).toBe(1);
    expect(down.stderr).toContain("downgrade");
    expect(git(projectDir, "status", "--porcelain")).toBe("");
  });
});
