/** `mlops-kit demo`: the main job end to end on this machine (see src/demo/demo.ts). */
import type { Command } from "commander";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "Run the kit's main job end to end on this machine, with no GitHub token and no cloud account.",
    )
    .option("--work-dir <dir>", "where to put the demo's files (default: a new temporary folder)")
    .action(async (opts) => {
      const { runDemo } = await import("../../demo/demo");
      await runDemo({ workDir: opts.workDir });
    });
}
