/**
 * Local update: how long `mlops-kit update` takes to bring one batch-job repo (with its owners' edits)
 * from kit v0.1.0 to v0.2.0, in-process (answers, two renders from the kit's git tags, read, merge,
 * write), median of several runs; the repo is reset between runs.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { kitPaths } from "../../src/kit-paths";
import { runLocalCreate } from "../../src/project/local-create";
import { runLocalUpdate } from "../../src/upgrade/local-update";
import { buildKitHistory, git } from "../../test/helpers/kit-release-history";
import { type BenchReporter, median } from "./bench-reporter";

export const name = "local update (batch-job, 0.1.0 -> 0.2.0)";
const RUNS = 11;

export default async function bench(report: BenchReporter): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-bench-update-"));
  try {
    const kitDir = path.join(scratch, "kit");
    buildKitHistory(kitDir);
    const templatesV1 = path.join(scratch, "templates-v0.1.0");
    cpSync(kitPaths.templatesDir(), templatesV1, { recursive: true });
    const projectDir = path.join(scratch, "project");
    await runLocalCreate({
      request: { name: "acme-forecast-demand", team: "forecasting" },
      outDir: projectDir,
      templatesDir: templatesV1,
    });
    appendFileSync(path.join(projectDir, "README.md"), "\nOur notes.\n");
    git(projectDir, "commit", "-qam", "our edits");
    const runs: number[] = [];
    let changes = 0;
    for (let i = 0; i < RUNS; i++) {
      git(projectDir, "reset", "-q", "--hard");
      git(projectDir, "clean", "-qfd");
      const started = performance.now();
      const result = await runLocalUpdate({ projectDir, to: "0.2.0", kitDir });
      runs.push(performance.now() - started);
      changes = result.plan.changes.length;
    }
    report.info(`${RUNS} runs; ${changes} file changes per run`);
    report.figure("update-local-median", median(runs) / 1000, "s", "target < 1 s");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
