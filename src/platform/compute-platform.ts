/**
 * One interface for every compute platform a project deploys to (Databricks, the local folder
 * platform). Deploy workflows, the CLI and the demo talk to this interface only.
 */

/** What is being deployed and where it came from (traceability). */
export interface DeployRequest {
  /** Checked-out project (the repo's working tree at `gitSha`). */
  projectDir: string;
  environment: string;
  gitSha: string;
  /** `org/name` of the repository. */
  repository: string;
  kitVersion: string;
  /** GitHub Actions run that deployed it, or `local`. */
  runUrl: string;
  deployedBy: string;
}

export interface RollbackRequest extends Omit<DeployRequest, "projectDir" | "gitSha"> {
  /** Project name (the bundle name). */
  project: string;
  /** Commit SHA (full or a unique prefix) or release tag to restore. */
  to: string;
  /** Checkout of `to`, for platforms that must rebuild it (Databricks); the local platform reuses its release. */
  projectDir?: string;
  /** Full SHA of `to` when the caller resolved it (git). */
  gitSha?: string;
}

export interface DeploymentRecord {
  /** Unique id, sortable by time. */
  id: string;
  project: string;
  environment: string;
  kind: "deploy" | "rollback";
  gitSha: string;
  /** The deployment whose artifact this one restores (rollbacks). */
  restoredFrom?: string;
  version: string;
  deployedAt: string;
  /** Cost and traceability tags as the platform recorded them. */
  tags: Record<string, string>;
  /** Artifact (wheel) that runs. */
  artifact: string;
}

/** Which job of the project to run, and where its checkout is (platforms that read the bundle there). */
export interface RunOptions {
  /** A job's resource key, or its suffix (`monitor`); default: the project's main job or app. */
  job?: string;
  projectDir?: string;
}

export interface RunRecord {
  project: string;
  environment: string;
  /** Resource key of the job (or app) that ran. */
  job?: string;
  deploymentId: string;
  gitSha: string;
  exitCode: number;
  startedAt: string;
  durationMs: number;
  /** The job's standard output (a batch job's result; a service's health answers). */
  output: string;
}

export interface ComputePlatform {
  readonly name: "local" | "databricks";
  deploy(request: DeployRequest): Promise<DeploymentRecord>;
  rollback(request: RollbackRequest): Promise<DeploymentRecord>;
  run(project: string, environment: string, options?: RunOptions): Promise<RunRecord>;
  /** Newest first. */
  deployments(project: string, environment: string): Promise<DeploymentRecord[]>;
}
