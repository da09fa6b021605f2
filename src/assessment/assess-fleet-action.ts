/** Wires the fleet assessment to the Actions toolkit: job summary, report files, outputs, exit status. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { loadKitConfigFile } from "../config/config-file";
import { describeError } from "../errors";
import { kitPaths } from "../kit-paths";
import { listTemplateNames } from "../templates/template-catalog";
import { readAssessFleetInputs } from "./assess-fleet-inputs";
import { renderDashboard } from "./dashboard-renderer";
import { readEarlierReports, runAssessGitHub } from "./run-assess";
import { renderSarif } from "./sarif-renderer";
import { renderMarkdown } from "./text-renderers";

export async function runAssessFleetAction(): Promise<void> {
  try {
    const settings = readAssessFleetInputs();
    const org =
      settings.org ||
      loadKitConfigFile(settings.configPath, listTemplateNames(kitPaths.templatesDir())).config.org;
    const report = await runAssessGitHub({ ...settings, org }, (line) => core.warning(line));
    mkdirSync(settings.outputDir, { recursive: true });
    const file = (name: string) => path.join(settings.outputDir, name);
    writeFileSync(file("assessment.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(file("assessment.sarif"), `${JSON.stringify(renderSarif(report), null, 2)}\n`);
    const history = readEarlierReports(settings.historyFiles, (line) => core.warning(line));
    writeFileSync(file("index.html"), renderDashboard(report, history));
    const markdown = renderMarkdown(report);
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
    else core.info(markdown);
    core.setOutput("report-file", file("assessment.json"));
    core.setOutput("sarif-file", file("assessment.sarif"));
    core.setOutput("dashboard-file", file("index.html"));
    core.setOutput("output-dir", settings.outputDir);
    core.setOutput("repos", report.summary.repos);
    core.setOutput("mature", report.summary.mature);
    core.info(
      `${report.summary.mature}/${report.summary.repos} repos mature; ${report.errors.length} not assessed`,
    );
    if (report.errors.length > 0)
      core.setFailed(`${report.errors.length} repo(s) could not be assessed (see the job summary)`);
  } catch (error) {
    core.setFailed(describeError(error));
  }
}
