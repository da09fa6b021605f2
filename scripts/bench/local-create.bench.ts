/**
 * Local create: how long `mlops-kit create` takes for the batch-job template, in-process (render +
 * write + git init/commit) and as a whole CLI process (including Node start-up), median of several runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadKitConfigFile } from "../../src/config/config-file";
import { kitPaths } from "../../src/kit-paths";
import { runLocalCreate } from "../../src/project/local-create";
import { renderProject } from "../../src/project/project-renderer";
import { resolveProjectSpec } from "../../src/project/project-spec";
import { listTemplateNames, readTemplate } from "../../src/templates/template-catalog";
import { type BenchReporter, median } from "./bench-reporter";

export const name = "local create (batch-job)";
const RUNS = 15;

export default async function bench(report: BenchReporter): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-bench-"));
  const request = { name: "acme-forecast-demand", team: "forecasting" };
  try {
    const renderMs: number[] = [];
    const { config } = loadKitConfigFile(undefined, listTemplateNames(kitPaths.templatesDir()));
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const source = readTemplate(kitPaths.templatesDir(), "batch-job");
      renderProject(config, resolveProjectSpec(config, request, source.manifest), source);
      renderMs.push(performance.now() - started);
    }
    const inProcessMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await runLocalCreate({ request, outDir: path.join(scratch, `in-process-${i}`) });
      inProcessMs.push(performance.now() - started);
    }
    const cli = path.join(kitPaths.templatesDir(), "..", "dist", "cli", "index.js");
    const cliMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [
        cli,
        "create",
        "--name",
        request.name,
        "--team",
        request.team,
        "--out",
        path.join(scratch, `cli-${i}`),
      ]);
      if (result.status !== 0) throw new Error(`create failed: ${result.stderr}`);
      cliMs.push(performance.now() - started);
    }
    report.info(`${RUNS} runs each; in-process = config + template read + render + write + git init/commit`);
    report.figure(
      "local-render-median",
      median(renderMs) / 1000,
      "s",
      "read template, resolve, render in memory",
    );
    report.figure("local-create-median", median(inProcessMs) / 1000, "s", "target < 0.3 s");
    report.figure(
      "local-create-cli-median",
      median(cliMs) / 1000,
      "s",
      "whole `mlops-kit create` process, Node start-up included",
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
