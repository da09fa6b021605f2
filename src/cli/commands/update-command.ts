/** `mlops-kit update`: bring a generated repo to a newer kit version in its working tree (like copier update). */
import path from "node:path";
import type { Command } from "commander";

export function registerUpdateCommand(program: Command): void {
  program
    .command("update")
    .description(
      "Merge a newer kit version's template into a generated repo: your edits kept, template changes applied, conflicts marked.",
    )
    .requiredOption(
      "--project <dir>",
      "the generated repo (a git checkout with .mlops-kit/answers.yml, no uncommitted changes)",
    )
    .option("--to <version>", "kit version to update to (default: this kit's version)")
    .option(
      "--ref <ref>",
      "ref the workflows pin after the update (default: the release tag, or its commit SHA if the repo pins SHAs)",
    )
    .option("--kit-dir <dir>", "git checkout of the kit with its release tags (default: this kit)")
    .option("--config <file>", "kit config (default: the kit's mlops-kit.config.yml)")
    .option("--dry-run", "print what would change without writing")
    .option("--json", "print the result as JSON")
    .action(async (opts) => {
      const { describeUpdate, runLocalUpdate } = await import("../../upgrade/local-update");
      const started = performance.now();
      const result = await runLocalUpdate({
        projectDir: opts.project,
        ...(opts.to ? { to: opts.to } : {}),
        ...(opts.ref ? { ref: opts.ref } : {}),
        ...(opts.kitDir ? { kitDir: path.resolve(opts.kitDir) } : {}),
        ...(opts.config ? { configPath: path.resolve(opts.config) } : {}),
        dryRun: opts.dryRun === true,
      });
      const ms = Math.round(performance.now() - started);
      const { plan } = result;
      if (opts.json) {
        console.log(
          JSON.stringify(
            {
              dir: result.dir,
              updated: result.updated,
              written: result.written,
              from: plan.versions.from,
              to: plan.versions.to,
              changes: plan.changes.map((c) => ({ path: c.path, kind: c.kind, reason: c.reason })),
              conflicts: plan.conflicts,
              notes: plan.notes,
              renames: plan.renames,
              ms,
            },
            null,
            2,
          ),
        );
        return;
      }
      if (!result.updated) {
        console.log(`${result.dir} is already at kit version ${plan.versions.to}; nothing to do.`);
        return;
      }
      for (const line of describeUpdate(plan)) console.log(line);
      console.log(
        result.written
          ? `Next: review with git diff${plan.conflicts.length > 0 ? ", resolve the conflicts" : ""}, then commit (${ms} ms).`
          : `Dry run: nothing was written (${ms} ms).`,
      );
    });
}
