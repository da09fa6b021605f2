/** `mlops-kit assess`: MLOps maturity of local checkouts, as a table, JSON, SARIF, Markdown and HTML. */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { AssessmentReport } from "../../assessment/assessment-report";
import { renderDashboard } from "../../assessment/dashboard-renderer";
import { readEarlierReports, runAssessGitHub, runAssessProjects } from "../../assessment/run-assess";
import { renderSarif } from "../../assessment/sarif-renderer";
import { renderMarkdown, renderTerminal } from "../../assessment/text-renderers";
import { KitError } from "../../errors";

const collect = (value: string, previous: string[]) => [...previous, value];

function writeOut(file: string, text: string): void {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

export function registerAssessCommand(program: Command): void {
  program
    .command("assess")
    .description(
      "Assess MLOps maturity per criterion (with evidence and a fix) of one or more local checkouts.",
    )
    .option("--project <dir>", "local checkout to assess (repeatable)", collect, [])
    .option(
      "--repo <owner/name>",
      "one repo through the API (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_SERVER_URL)",
    )
    .option(
      "--org <org>",
      "every repo of an org that the kit governs (enforcement's scope rules), through the API",
    )
    .option("--etag-cache <file>", "JSON file of ETags kept between runs (conditional requests)")
    .option("--concurrency <n>", "requests in flight (default: the config's enforcement.concurrency)")
    .option("--json <file>", "write the JSON report (schema: src/assessment/assessment-report.schema.json)")
    .option("--sarif <file>", "write SARIF 2.1.0 (failing criteria, for code scanning)")
    .option(
      "--markdown <file>",
      "write the Markdown summary (default: appended to $GITHUB_STEP_SUMMARY when set)",
    )
    .option("--html <file>", "write the self-contained HTML dashboard")
    .option("--history <file>", "an earlier JSON report, for the dashboard's trend (repeatable)", collect, [])
    .option("--kit-version <version>", "the kit release the fleet should be on (default: this kit's)")
    .option("--config <file>", "kit config (default: the kit's mlops-kit.config.yml)")
    .action(async (opts) => {
      const report = await assessFromOptions(opts);
      console.log(renderTerminal(report));
      if (opts.json) writeOut(opts.json, `${JSON.stringify(report, null, 2)}\n`);
      if (opts.sarif) writeOut(opts.sarif, `${JSON.stringify(renderSarif(report), null, 2)}\n`);
      const markdown = renderMarkdown(report);
      if (opts.markdown) writeOut(opts.markdown, markdown);
      else if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown);
      if (opts.html) {
        const history = readEarlierReports(opts.history, (line) => console.error(`warning: ${line}`));
        writeOut(opts.html, renderDashboard(report, history));
      }
      process.exitCode = report.errors.length > 0 ? 1 : 0;
    });
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
