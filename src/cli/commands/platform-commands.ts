/** `mlops-kit deploy | run | rollback | deployments`: a project on a compute platform (local by default). */
import path from "node:path";
import type { Command } from "commander";
import { KitError } from "../../errors";
import { KIT_VERSION } from "../../kit-version";
import type { DeploymentRecord } from "../../platform/compute-platform";

/** The platform code, imported when a platform command runs (see main.ts). */
async function platformModules() {
  const [factory, checkout, os] = await Promise.all([
    import("../../platform/platform-factory"),
    import("../../platform/project-checkout"),
    import("node:os"),
  ]);
  return { ...factory, ...checkout, userInfo: os.userInfo };
}

interface PlatformOptions {
  platform: string;
  project: string;
  env: string;
  platformDir?: string;
}

function withPlatformOptions(command: Command): Command {
  return command
    .option("--platform <name>", "compute platform: local or databricks", "local")
    .option("--project <dir>", "the project's checkout", ".")
    .option("--env <environment>", "target environment", "dev")
    .option(
      "--platform-dir <dir>",
      "folder of the local platform (default $MLOPS_KIT_PLATFORM_DIR or ~/.mlops-kit/platform)",
    );
}

function describeDeployment(d: DeploymentRecord): string {
  const what =
    d.kind === "rollback" ? `rollback to ${d.gitSha.slice(0, 12)}` : `deploy ${d.gitSha.slice(0, 12)}`;
  return `${d.deployedAt}  ${d.environment}  ${what}  (${d.id})`;
}

export function registerPlatformCommands(program: Command): void {
  withPlatformOptions(
    program.command("deploy").description("Build the project's wheel and deploy it to an environment."),
  )
    .option("--run-url <url>", "CI run that deploys (traceability)", "local")
    .action(async (opts: PlatformOptions & { runUrl: string }) => {
      const { createPlatform, commitOf, repositoryOf, userInfo } = await platformModules();
      const projectDir = path.resolve(opts.project);
      const platform = createPlatform(opts.platform, {
        ...(opts.platformDir ? { platformDir: opts.platformDir } : {}),
        log: console.log,
      });
      const deployment = await platform.deploy({
        projectDir,
        environment: opts.env,
        gitSha: await commitOf(projectDir),
        repository: repositoryOf(projectDir),
        kitVersion: KIT_VERSION,
        runUrl: opts.runUrl,
        deployedBy: userInfo().username,
      });
      console.log(
        `Deployed ${deployment.project} ${deployment.gitSha.slice(0, 12)} to ${deployment.environment} (${deployment.id})`,
      );
      console.log(
        `  tags: ${Object.entries(deployment.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}`,
      );
    });

  withPlatformOptions(
    program.command("run").description("Run the project's deployed job (or probe its service) once."),
  )
    .option("--job <name>", "another job of the bundle, by resource key or suffix (e.g. monitor)")
    .action(async (opts: PlatformOptions & { job?: string }) => {
      const { createPlatform, projectNameOf } = await platformModules();
      const projectDir = path.resolve(opts.project);
      const platform = createPlatform(
        opts.platform,
        opts.platformDir ? { platformDir: opts.platformDir } : {},
      );
      const run = await platform.run(projectNameOf(projectDir), opts.env, {
        projectDir,
        ...(opts.job ? { job: opts.job } : {}),
      });
      console.log(
        `Ran ${run.job ?? run.project} of ${run.project} ${run.gitSha.slice(0, 12)} in ${run.environment}: exit ${run.exitCode} in ${run.durationMs} ms`,
      );
      console.log(run.output.trimEnd());
      // An error, so the CLI exits 1 with the reason, whatever else set the exit code.
      if (run.exitCode !== 0)
        throw new KitError(
          "run-failed",
          `${run.job ?? run.project} exited ${run.exitCode} (its output is above)`,
        );
    });

  withPlatformOptions(
    program.command("rollback").description("Restore an earlier deployed version in an environment."),
  )
    .requiredOption("--to <ref>", "commit SHA (or a tag of the project's git history) to restore")
    .option("--run-url <url>", "CI run that rolls back (traceability)", "local")
    .action(async (opts: PlatformOptions & { to: string; runUrl: string }) => {
      const { createPlatform, commitOf, projectNameOf, repositoryOf, userInfo } = await platformModules();
      const projectDir = path.resolve(opts.project);
      const platform = createPlatform(opts.platform, {
        ...(opts.platformDir ? { platformDir: opts.platformDir } : {}),
        log: console.log,
      });
      const gitSha = /^[0-9a-f]{7,40}$/i.test(opts.to) ? undefined : await commitOf(projectDir, opts.to);
      const deployment = await platform.rollback({
        project: projectNameOf(projectDir),
        environment: opts.env,
        to: opts.to,
        ...(gitSha ? { gitSha } : {}),
        repository: repositoryOf(projectDir),
        kitVersion: KIT_VERSION,
        runUrl: opts.runUrl,
        deployedBy: userInfo().username,
      });
      console.log(
        `Rolled ${deployment.project} in ${deployment.environment} back to ${deployment.gitSha.slice(0, 12)} (${deployment.id})`,
      );
    });

  withPlatformOptions(
    program.command("deployments").description("List an environment's deployments, newest first."),
  )
    .option("--json", "print JSON")
    .action(async (opts: PlatformOptions & { json?: boolean }) => {
      const { createPlatform, projectNameOf } = await platformModules();
      const platform = createPlatform(
        opts.platform,
        opts.platformDir ? { platformDir: opts.platformDir } : {},
      );
      const history = await platform.deployments(projectNameOf(path.resolve(opts.project)), opts.env);
      if (opts.json) console.log(JSON.stringify(history, null, 2));
      else if (history.length === 0) console.log("no deployments yet");
      else for (const d of history) console.log(describeDeployment(d));
    });
}
