/**
 * A kit release history for tests and benchmarks: a git repo holding the kit's templates, tagged
 * v0.1.0 (today's templates), v0.2.0 (a file added with its executable bit, files deleted and
 * renamed, lines changed, a new question with a default) and v0.3.0 (one more README line).
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const KIT_TEMPLATES = path.resolve(import.meta.dirname, "../../templates");
const pkg = "src/{{project.packageName}}";

export function git(dir: string, ...args: string[]): string {
  const result = spawnSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd: dir, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

/** The kit's release history: v0.1.0 = today's templates, v0.2.0 and v0.3.0 change them. */
export function buildKitHistory(kitDir: string): void {
  mkdirSync(kitDir, { recursive: true });
  git(kitDir, "init", "-q", "--initial-branch", "main");
  cpSync(KIT_TEMPLATES, path.join(kitDir, "templates"), { recursive: true });
  git(kitDir, "add", "-A");
  git(kitDir, "commit", "-qm", "v0.1.0");
  git(kitDir, "tag", "v0.1.0");

  const t = (rel: string) => path.join(kitDir, "templates/batch-job", rel);
  appendFileSync(
    t("files/README.md"),
    "\n## Kit upgrades\n\nRun `mlops-kit update` to take a newer kit version. Retries: {{vars.retries}}.\n",
  );
  const pyproject = readFileSync(t("files/pyproject.toml"), "utf8");
  writeFileSync(
    t("files/pyproject.toml"),
    pyproject.replace(
      'requires-python = ">={{python.version}}"',
      'requires-python = ">={{python.version}},<4"',
    ),
  );
  mkdirSync(t("files/scripts"));
  writeFileSync(t("files/scripts/check.sh"), "#!/bin/sh\necho check {{project.name}}\n");
  appendFileSync(
    t("template.yml"),
    '  - name: retries\n    description: Retries of a failed run\n    type: integer\n    default: 2\n    minimum: 0\n    maximum: 5\nexecutable:\n  - "scripts/*.sh"\n',
  );
  rmSync(t(`files/${pkg}/monitoring/quality.py`));
  rmSync(t("files/tests/test_monitoring.py"));
  renameSync(t(`files/${pkg}/data.py`), t(`files/${pkg}/dataset.py`));
  appendFileSync(t(`files/${pkg}/dataset.py`), "# Renamed from data.py in kit 0.2.0.\n");
  renameSync(t("files/tests/test_forecast.py"), t("files/tests/test_forecasting.py"));
  appendFileSync(t(`files/${pkg}/monitoring/report.py`), "# Changed in kit 0.2.0.\n");
  appendFileSync(t("files/.gitignore"), "/.venv/\n");
  git(kitDir, "add", "-A");
  git(kitDir, "commit", "-qm", "v0.2.0");
  git(kitDir, "tag", "v0.2.0");

  appendFileSync(t("files/README.md"), "See the kit's CHANGELOG.md for what each version changed.\n");
  git(kitDir, "add", "-A");
  git(kitDir, "commit", "-qm", "v0.3.0");
  git(kitDir, "tag", "v0.3.0");
}
