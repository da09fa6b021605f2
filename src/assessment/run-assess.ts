/**
 * One assessment run over local checkouts: load the kit config → read each checkout's facts → assess
 * → one report; or the same over an org's governed repos (or one repo) through the API.
 */
import { readFileSync } from "node:fs";
import { loadKitConfigFile } from "../config/config-file";
import { createEtagCache, loadEtagCacheFile, saveEtagCacheFile } from "../enforcement/etag-cache";
import { apiUseOf } from "../enforcement/run-enforce";
import { describeError, KitError } from "../errors";
import { createGitHubClient } from "../github/github-client";
import { kitPaths } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import { listTemplateNames } from "../templates/template-catalog";
import { redactSecrets } from "../text/redact";
import { assessRepo } from "./assess-repo";
import { assessmentContextOf } from "./assessment-context";
import type { RepoAssessment } from "./assessment-model";
import { type AssessmentReport, buildAssessmentReport } from "./assessment-report";
import { gatherGitHubFacts } from "./github-facts";
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

export interface AssessGitHubSettings {
  org: string;
  /** Only this repo (name within `org`). */
  repo?: string;
  token: string;
  apiUrl: string;
  serverUrl: string;
  configPath?: string;
  etagCacheFile?: string;
  concurrency?: number;
  latestKitVersion?: string;
  retries?: number;
  retryBaseMs?: number;
  now?: Date;
}

/** Assesses an org's governed repos (or one repo) through the API; conditional reads with an ETag cache. */
export async function runAssessGitHub(
  settings: AssessGitHubSettings,
  warn: (line: string) => void = () => {},
): Promise<AssessmentReport> {
  if (!settings.token)
    throw new KitError("token-missing", "no GitHub token: set GITHUB_TOKEN (read access to the repos)");
  const { config } = loadKitConfigFile(settings.configPath, listTemplateNames(kitPaths.templatesDir()));
  const context = assessmentContextOf(config, settings.latestKitVersion ?? KIT_VERSION);
  const cache = settings.etagCacheFile
    ? loadEtagCacheFile(settings.etagCacheFile, settings.apiUrl)
    : createEtagCache(settings.apiUrl);
  const concurrency = settings.concurrency ?? config.enforcement.concurrency;
  const client = createGitHubClient({
    token: settings.token,
    baseUrl: settings.apiUrl,
    maxConcurrentRequests: concurrency,
    retries: settings.retries ?? 3,
    retryBaseMs: settings.retryBaseMs ?? 1000,
    conditionalCache: cache,
    warn: (m) => warn(redactSecrets(m, [settings.token])),
  });
  const gathered = await gatherGitHubFacts({
    octokit: client.octokit,
    org: settings.org,
    token: settings.token,
    serverUrl: settings.serverUrl,
    config,
    concurrency,
    ...(settings.repo ? { repo: settings.repo } : {}),
  });
  if (settings.etagCacheFile) saveEtagCacheFile(settings.etagCacheFile, cache);
  const report = buildAssessmentReport({
    kitVersion: KIT_VERSION,
    scope: settings.repo
      ? { kind: "repo", name: `${settings.org}/${settings.repo}` }
      : { kind: "org", name: settings.org },
    repos: gathered.facts.map((f) => assessRepo(f, context)),
    errors: gathered.errors,
    ...(settings.now ? { now: settings.now } : {}),
  });
  return { ...report, api: apiUseOf(client.calls) };
}
