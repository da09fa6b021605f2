/** `mlops-kit enforce`: audit (and with --apply repair) branch protection across an org. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";

export function registerEnforceCommand(program: Command): void {
  program
    .command("enforce")
    .description("Audit branch protection of every repo the kit governs; --apply repairs drift.")
    .requiredOption("--org <org>", "organization to enforce")
    .option("--apply", "repair drift (default: report it and the plan of repairs)")
    .option("--json <file>", "write the JSON report to this file")
    .option("--config <file>", "kit config (default: the kit's mlops-kit.config.yml)")
    .option("--etag-cache <file>", "JSON file of ETags kept between runs (conditional requests)")
    .option("--concurrency <n>", "requests in flight (default: the config's enforcement.concurrency)")
    .option("--no-fail-on-drift", "exit 0 even when drift remains")
    .action(async (opts, command: Command) => {
      const { runEnforce } = await import("../../enforcement/run-enforce");
      const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? "";
      const failOnDriftSource = command.getOptionValueSource("failOnDrift");
      const result = await runEnforce(
        {
          org: opts.org,
          apply: opts.apply === true,
          ...(opts.config ? { configPath: path.resolve(opts.config) } : {}),
          token,
          apiUrl: process.env.GITHUB_API_URL || "https://api.github.com",
          ...(opts.concurrency ? { concurrency: Number(opts.concurrency) } : {}),
          ...(failOnDriftSource === "cli" ? { failOnDrift: opts.failOnDrift !== false } : {}),
          ...(opts.etagCache ? { etagCacheFile: path.resolve(opts.etagCache) } : {}),
          ...(opts.json ? { reportFile: path.resolve(opts.json) } : {}),
          spaceWrites: true,
          retries: 3,
          // The same override as the action's, for test runs against the simulator.
          retryBaseMs: Number(process.env.MLOPS_KIT_RETRY_BASE_MS) || 1000,
        },
        {
          info: (line) => console.log(line),
          warn: (line) => console.error(`warning: ${line}`),
          summary: async (markdown) => console.log(`\n${markdown}`),
          writeReport: async (report) => {
            if (!opts.json) return;
            const file = path.resolve(opts.json);
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
          },
        },
      );
      if (result.failure) console.error(`error: ${result.failure}`);
      process.exitCode = result.exitCode;
    });
}
