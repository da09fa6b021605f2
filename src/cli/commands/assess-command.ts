/** `mlops-kit assess`: MLOps maturity of local checkouts, as a table, JSON, SARIF, Markdown and HTML. */
import type { Command } from "commander";

const collect = (value: string, previous: string[]) => [...previous, value];

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
      // Loaded only when the command runs (one lazy bundle: the assessment and its renderers).
      const { runAssessCli } = await import("../../assessment/assess-cli");
      process.exitCode = await runAssessCli(opts);
    });
}
