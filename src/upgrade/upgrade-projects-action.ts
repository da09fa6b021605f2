/** Wires the fleet upgrade to the Actions toolkit: log, job summary, JSON report, outputs, exit status. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { describeError } from "../errors";
import { kitPaths } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import { createGitKitTemplateHistory } from "./kit-template-history";
import { runUpgradeProjects, type UpgradeReport } from "./run-upgrade-projects";
import { readUpgradeProjectsInputs } from "./upgrade-projects-inputs";
import { countOutcomes, renderUpgradeMarkdown } from "./upgrade-report";

export async function runUpgradeProjectsAction(): Promise<UpgradeReport | undefined> {
  try {
    const settings = readUpgradeProjectsInputs();
    const report = await runUpgradeProjects(settings, {
      history: createGitKitTemplateHistory({
        kitDir: settings.kitDir,
        current: { version: KIT_VERSION, templatesDir: kitPaths.templatesDir() },
      }),
    });
    for (const r of report.repos) {
      if (
        r.action === "opened" ||
        r.action === "refreshed" ||
        r.action === "failed" ||
        r.action === "leave-alone"
      ) {
        core.info(
          `  ${r.repo}: ${r.action}${r.pull ? ` #${r.pull}` : ""}${r.reason ? ` (${r.reason})` : ""}`,
        );
      }
    }
    const markdown = renderUpgradeMarkdown(report);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
    else core.info(markdown);
    mkdirSync(path.dirname(settings.reportFile), { recursive: true });
    writeFileSync(settings.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    const counts = countOutcomes(report);
    core.setOutput("report-file", settings.reportFile);
    core.setOutput("opened", counts.opened ?? 0);
    core.setOutput("refreshed", counts.refreshed ?? 0);
    core.setOutput("not-reached", counts["not-reached"] ?? 0);
    if (report.error) core.setFailed(report.error);
    else if (counts.failed)
      core.setFailed(`${counts.failed} repo(s) could not be upgraded (see the job summary)`);
    return report;
  } catch (error) {
    core.setFailed(describeError(error));
    return undefined;
  }
}
