/**
 * The `mlops-kit` command line. Each command lives in `commands/<name>-command.ts` and registers itself
 * on the program; this file only wires them and maps errors to exit codes.
 *
 * Start-up: registering must stay cheap. A command file imports only commander and small modules at
 * the top, and `await import()`s what its action runs (the renderer, the simulator, Octokit…), so the
 * build makes each such module a bundle of its own (scripts/cli-bundles.ts), loaded by that command
 * alone; `--help` loads none of them.
 */
import { Command, CommanderError } from "commander";
import { isKitError } from "../errors";
import { KIT_VERSION } from "../kit-version";
import { registerAssessCommand } from "./commands/assess-command";
import { registerCreateCommand } from "./commands/create-command";
import { registerDemoCommand } from "./commands/demo-command";
import { registerEnforceCommand } from "./commands/enforce-command";
import { registerPlatformCommands } from "./commands/platform-commands";
import { registerSetupCommand } from "./commands/setup-command";
import { registerSimCommand } from "./commands/sim-command";
import { registerUpdateCommand } from "./commands/update-command";

export function buildProgram(): Command {
  const program = new Command("mlops-kit")
    .description("Scaffold, build, deploy and govern ML projects on GitHub.")
    .version(KIT_VERSION)
    .exitOverride()
    .showHelpAfterError();
  registerAssessCommand(program);
  registerCreateCommand(program);
  registerDemoCommand(program);
  registerEnforceCommand(program);
  registerPlatformCommands(program);
  registerSetupCommand(program);
  registerSimCommand(program);
  registerUpdateCommand(program);
  return program;
}

export async function runCli(args: string[]): Promise<number> {
  const program = buildProgram();
  // Only this run's verdict counts (in-process callers may run several commands).
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: "user" });
    // A command that finishes with a verdict (enforce: drift, unreadable repos) sets process.exitCode;
    // returning 0 here would overwrite it in bin.ts.
    return Number(process.exitCode ?? 0) || 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (isKitError(error)) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    console.error(error);
    return 2;
  }
}
