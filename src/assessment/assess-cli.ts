/**
 * What `mlops-kit assess` runs (loaded lazily by its command): the scope the options ask for, the
 * terminal table, and every output file asked for. Returns the exit code.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KitError } from "../errors";
import type { AssessmentReport } from "./assessment-report";
import { renderDashboard } from "./dashboard-renderer";
import { readEarlierReports, runAssessGitHub, runAssessProjects } from "./run-assess";
import { renderSarif } from "./sarif-renderer";
import { renderMarkdown, renderTerminal } from "./text-renderers";

export interface AssessCliOptions extends Record<string, unknown> {
  project: string[];
  history: string[];
}

function writeOut(file: string, text: string): void {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

export async function runAssessCli(opts: AssessCliOptions): Promise<number> {
  const report = await assessFromOptions(opts);
  console.log(renderTerminal(report));
  if (opts.json) writeOut(String(opts.json), `${JSON.stringify(report, null, 2)}\n`);
  if (opts.sarif) writeOut(String(opts.sarif), `${JSON.stringify(renderSarif(report), null, 2)}\n`);
  const markdown = renderMarkdown(report);
  if (opts.markdown) writeOut(String(opts.markdown), markdown);
  else if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
  if (opts.html) {
    const history = readEarlierReports(opts.history, (line) => console.error(`warning: ${line}`));
    writeOut(String(opts.html), renderDashboard(report, history));
  }
  return report.errors.length > 0 ? 1 : 0;
}

/** The run the options ask for: exactly one of --project (repeatable), --repo and --org. */
async function assessFromOptions(
  opts: Record<string, unknown> & { project: string[] },
): Promise<AssessmentReport> {
  const scopes = [opts.project.length > 0, Boolean(opts.repo), Boolean(opts.org)].filter(Boolean).length;
  if (scopes !== 1)
    throw new KitError(
      "assess-scope",
      "give exactly one of --project <dir>, --repo <owner/name> or --org <org>",
    );
  const common = {
    ...(opts.config ? { configPath: path.resolve(String(opts.config)) } : {}),
    ...(opts.kitVersion ? { latestKitVersion: String(opts.kitVersion) } : {}),
  };
  if (opts.project.length > 0)
    return runAssessProjects({ projectDirs: opts.project.map((d) => path.resolve(d)), ...common });
  const [org, repo] = opts.repo ? String(opts.repo).split("/") : [String(opts.org), undefined];
  if (!org || (opts.repo && !repo)) throw new KitError("assess-scope", "--repo takes owner/name");
  return runAssessGitHub(
    {
      org,
      ...(repo ? { repo } : {}),
      token: process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? "",
      apiUrl: process.env.GITHUB_API_URL || "https://api.github.com",
      serverUrl: process.env.GITHUB_SERVER_URL || "https://github.com",
      ...(opts.etagCache ? { etagCacheFile: path.resolve(String(opts.etagCache)) } : {}),
      ...(opts.concurrency ? { concurrency: Number(opts.concurrency) } : {}),
      ...common,
    },
    (line) => console.error(`warning: ${line}`),
  );
}
