/** Wires the enforcement run to the Actions toolkit: log, job summary, JSON report, outputs, exit status. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { describeError } from "../errors";
import { readEnforceProtectionInputs } from "./enforce-protection-inputs";
import { type EnforceResult, runEnforce } from "./run-enforce";

export async function runEnforceProtectionAction(): Promise<EnforceResult | undefined> {
  try {
    const settings = readEnforceProtectionInputs();
    const result = await runEnforce(settings, {
      info: (line) => core.info(line),
      warn: (line) => core.warning(line),
      summary: async (markdown) => {
        if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
        else core.info(markdown);
      },
      writeReport: async (report) => {
        if (!settings.reportFile) return;
        mkdirSync(path.dirname(settings.reportFile), { recursive: true });
        writeFileSync(settings.reportFile, `${JSON.stringify(report, null, 2)}\n`);
        core.setOutput("report-file", settings.reportFile);
      },
    });
    const { counts } = result.report;
    core.setOutput("governed", counts.governed);
    core.setOutput("drifted", counts.drifted);
    core.setOutput("repaired", counts.repaired);
    core.setOutput("unreadable", counts.unreadable);
    if (result.exitCode !== 0) core.setFailed(`${result.failure} (see the job summary)`);
    return result;
  } catch (error) {
    core.setFailed(describeError(error));
    return undefined;
  }
}
