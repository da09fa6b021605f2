/** Wires the create-project flow to the Actions toolkit: log, masking, job summary, outputs, exit status. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { describeError } from "../errors";
import { logSafe } from "../text/log-line";
import { readCreateProjectInputs } from "./create-project-inputs";
import { runCreateProject } from "./run-create-project";

export async function runCreateProjectAction(): Promise<void> {
  try {
    const settings = readCreateProjectInputs();
    const { report } = await runCreateProject(settings, {
      // core.info prints as is: a line of a person's text must not read as a workflow command.
      info: (line) => core.info(logSafe(line)),
      warn: (line) => core.warning(line),
      mask: (value) => core.setSecret(value),
      summary: async (markdown) => {
        if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
        else core.info(logSafe(markdown));
      },
      writeReport: async (r) => {
        if (!settings.reportFile) return;
        mkdirSync(path.dirname(settings.reportFile), { recursive: true });
        writeFileSync(settings.reportFile, `${JSON.stringify(r, null, 2)}\n`);
        core.setOutput("report-file", settings.reportFile);
      },
    });
    if (report.repository) {
      core.setOutput("repo-url", report.repository.url);
      core.setOutput("repo-name", report.repository.fullName);
    }
    if (!report.ok) core.setFailed(report.error ?? "create-project failed");
  } catch (error) {
    core.setFailed(describeError(error));
  }
}
