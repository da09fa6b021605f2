/**
 * Databricks through Asset Bundles and the official Databricks CLI (installed in workflows by
 * databricks/setup-cli). Deploy = `bundle validate` then `bundle deploy -t <env>`, with the
 * traceability values passed as bundle variables (the job and cluster tags reference them).
 * Authentication comes from the environment: `DATABRICKS_AUTH_TYPE=github-oidc` (workload identity
 * federation) or `DATABRICKS_CLIENT_ID`/`DATABRICKS_CLIENT_SECRET` (service-principal OAuth).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { KitError } from "../errors";
import { runCommand } from "../python/system-python";
import { readBundleDefinition, selectWorkload } from "./bundle-definition";
import type {
  ComputePlatform,
  DeploymentRecord,
  DeployRequest,
  RollbackRequest,
  RunOptions,
  RunRecord,
} from "./compute-platform";

export interface DatabricksCommand {
  args: string[];
  why: string;
}

/** The CLI calls of a deploy (pure). */
export function databricksDeployCommands(
  request: Pick<DeployRequest, "environment" | "gitSha" | "kitVersion" | "runUrl" | "repository">,
): DatabricksCommand[] {
  const target = ["--target", request.environment];
  const variables = [
    `--var=git_sha=${request.gitSha}`,
    `--var=kit_version=${request.kitVersion}`,
    `--var=run_url=${request.runUrl}`,
    `--var=repository=${request.repository}`,
  ];
  return [
    { args: ["bundle", "validate", ...target, ...variables], why: "check the bundle against the workspace" },
    {
      args: ["bundle", "deploy", ...target, ...variables, "--auto-approve"],
      why: "upload the wheel and update the job",
    },
  ];
}

export class DatabricksPlatform implements ComputePlatform {
  readonly name = "databricks" as const;
  constructor(
    private readonly cli = "databricks",
    private readonly log: (line: string) => void = () => {},
  ) {}

  async deploy(request: DeployRequest): Promise<DeploymentRecord> {
    return this.deployAs(request, "deploy");
  }

  async rollback(request: RollbackRequest): Promise<DeploymentRecord> {
    if (!request.projectDir || !request.gitSha) {
      throw new KitError(
        "rollback-needs-checkout",
        "a Databricks rollback redeploys a checkout of the requested version: pass its folder and commit",
      );
    }
    return this.deployAs({ ...request, projectDir: request.projectDir, gitSha: request.gitSha }, "rollback");
  }

  async run(project: string, environment: string, options: RunOptions = {}): Promise<RunRecord> {
    const projectDir = options.projectDir ?? ".";
    const bundle = this.bundleOf(projectDir);
    if (bundle.project !== project)
      throw new KitError("bundle-mismatch", `${projectDir} holds ${bundle.project}, not ${project}`);
    const workload = selectWorkload(bundle, options.job);
    const key = workload.kind === "batch" ? workload.jobKey : workload.appKey;
    const startedAt = new Date();
    // A failed run is a result, not an error: its output (the monitor's report) must reach the user.
    const result = await runCommand(this.cli, ["bundle", "run", "--target", environment, key], {
      cwd: projectDir,
    });
    return {
      project,
      environment,
      job: key,
      deploymentId: "",
      gitSha: "",
      exitCode: result.code,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      output: result.code === 0 ? result.stdout : `${result.stdout}${result.stderr}`,
    };
  }

  async deployments(): Promise<DeploymentRecord[]> {
    throw new KitError(
      "history-not-local",
      "Databricks keeps no deployment history the kit can read offline: see the repository's Deployments page (every deploy job is a GitHub deployment) and the git-sha tag of the job",
    );
  }

  private async deployAs(request: DeployRequest, kind: DeploymentRecord["kind"]): Promise<DeploymentRecord> {
    const bundle = this.bundleOf(request.projectDir);
    for (const command of databricksDeployCommands(request)) {
      this.log(`  databricks ${command.args.slice(0, 2).join(" ")} (${command.why})`);
      await this.cli_(command.args, request.projectDir, command.why);
    }
    return {
      id: `${request.environment}-${request.gitSha.slice(0, 12)}`,
      project: bundle.project,
      environment: request.environment,
      kind,
      gitSha: request.gitSha,
      version: "",
      deployedAt: new Date().toISOString(),
      tags: {
        "git-sha": request.gitSha,
        "kit-version": request.kitVersion,
        repository: request.repository,
        "run-url": request.runUrl,
      },
      artifact: "dist/*.whl",
    };
  }

  private bundleOf(projectDir: string) {
    const file = path.join(projectDir, "databricks.yml");
    if (!existsSync(file)) throw new KitError("bundle-missing", `${projectDir} has no databricks.yml`);
    return readBundleDefinition(readFileSync(file, "utf8"));
  }

  private async cli_(args: string[], cwd: string, what: string) {
    const result = await runCommand(this.cli, args, { cwd });
    if (result.code !== 0) {
      throw new KitError(
        "databricks-failed",
        `databricks ${args.slice(0, 2).join(" ")} (${what}) failed:\n${(result.stderr || result.stdout).trim()}`,
      );
    }
    return result;
  }
}
