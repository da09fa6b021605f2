/**
 * `mlops-kit setup`: what a platform team runs once (docs/platform-team.md): `--print-app-manifest`
 * prints the GitHub App manifest with exactly the kit's permissions; `--org ORG` plans the org's custom
 * properties, the kit repo's `mlops-kit` environment and the org ruleset (when configured), and
 * `--apply` carries the plan out.
 */
import path from "node:path";
import type { Command } from "commander";

export function registerSetupCommand(program: Command): void {
  program
    .command("setup")
    .description("One-time org setup for the kit (plan; --apply carries it out), or print the App manifest.")
    .option("--org <org>", "organization to set up (default: the config's org)")
    .option("--apply", "carry the plan out (default: print it)")
    .option("--config <file>", "kit config (default: the kit's mlops-kit.config.yml)")
    .option("--kit-repo <name>", "the repo holding the kit's workflows", "mlops-kit")
    .option("--print-app-manifest", "print the GitHub App manifest (exactly the kit's permissions) and exit")
    .option("--app-name <name>", "App name in the manifest", "mlops-kit")
    .action(async (opts) => {
      const { runSetupCommand } = await import("../../setup/run-setup");
      await runSetupCommand({
        printAppManifest: opts.printAppManifest === true,
        appName: opts.appName,
        ...(opts.org ? { org: opts.org } : {}),
        ...(opts.config ? { configPath: path.resolve(opts.config) } : {}),
        kitRepo: opts.kitRepo,
        apply: opts.apply === true,
      });
    });
}
