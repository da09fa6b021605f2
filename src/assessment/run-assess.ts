/**
 * One assessment run over local checkouts: load the kit config → read each checkout's facts → assess
 * → one report, written in the formats asked for. (Org and repo scopes through the API come next.)
 */
import { readFileSync } from "node:fs";
import { loadKitConfigFile } from "../config/config-file";
import { describeError } from "../errors";
import { kitPaths } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import { listTemplateNames } from "../templates/template-catalog";
import { assessRepo } from "./assess-repo";
import { assessmentContextOf } from "./assessment-context";
import type { RepoAssessment } from "./assessment-model";
import { type AssessmentReport, buildAssessmentReport } from "./assessment-report";
import { readLocalFacts } from "./local-facts";

export interface AssessProjectSettings {
  projectDirs: string[];
  configPath?: string;
  /** The kit release the fleet should be on (default: this kit's version). */
  latestKitVersion?: string;
  now?: Date;
}

export function runAssessProjects(settings: AssessProjectSettings): AssessmentReport {
  const { config } = loadKitConfigFile(settings.configPath, listTemplateNames(kitPaths.templatesDir()));
  const context = assessmentContextOf(config, settings.latestKitVersion ?? KIT_VERSION);
  const repos: RepoAssessment[] = [];
  const errors: { repo: string; error: string }[] = [];
  for (const dir of settings.projectDirs) {
    try {
      repos.push(
        assessRepo(readLocalFacts(dir, { defaultBranch: config.repository.defaultBranch }), context),
      );
    } catch (error) {
      errors.push({ repo: dir, error: describeError(error) });
    }
  }
  const name =
    settings.projectDirs.length === 1
      ? (repos[0]?.repo ?? settings.projectDirs[0]!)
      : `${settings.projectDirs.length} projects`;
  return buildAssessmentReport({
    kitVersion: KIT_VERSION,
    scope: { kind: "project", name },
    repos,
    errors,
    ...(settings.now ? { now: settings.now } : {}),
  });
}

/** Earlier JSON reports for the dashboard's trend; unreadable or other-version files are skipped. */
export function readEarlierReports(
  files: readonly string[],
  warn: (line: string) => void,
): AssessmentReport[] {
  const reports: AssessmentReport[] = [];
  for (const file of files) {
    try {
      const data = JSON.parse(readFileSync(file, "utf8")) as AssessmentReport;
      if (data?.schemaVersion !== 1 || !data.summary)
        throw new Error("not an assessment report of schemaVersion 1");
      reports.push(data);
    } catch (error) {
      warn(`skipping earlier report ${file}: ${describeError(error)}`);
    }
  }
  return reports;
}
