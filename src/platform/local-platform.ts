/**
 * The local compute platform: the embedded default for trying the kit and for tests. It keeps, per
 * project and environment, one release per deployment (the wheel installed in its own venv), the
 * active release, the deployment history and the runs:
 *
 *   <root>/<project>/<environment>/history.json   deployments, oldest first
 *   <root>/<project>/<environment>/current        id of the active deployment
 *   <root>/<project>/<environment>/releases/<id>/ venv/, the wheel, release.json
 *   <root>/<project>/<environment>/runs/<id>.json one file per run
 *   <root>/<project>/<environment>/data/          the environment's data ($MLOPS_DATA_DIR of its jobs and
 *                                                 service: monitoring inputs, the service's audit log)
 *
 * Files are replaced by rename, so an interrupted deploy never leaves a half-written history.
 * Rollback switches back to the release of an earlier commit (kept, so nothing is rebuilt).
 */
import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { parse } from "yaml";
import { KitError } from "../errors";
import { buildWheel, runCommand, systemPython } from "../python/system-python";
import {
  type BundleDefinition,
  readBundleDefinition,
  resolveDynamicValues,
  resolveTagVariables,
  selectWorkload,
} from "./bundle-definition";
import type {
  ComputePlatform,
  DeploymentRecord,
  DeployRequest,
  RollbackRequest,
  RunOptions,
  RunRecord,
} from "./compute-platform";
import { deploymentId, findDeploymentOfCommit, newestFirst } from "./deployment-history";

interface ReleaseManifest {
  deployment: DeploymentRecord;
  bundle: BundleDefinition;
}

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class LocalPlatform implements ComputePlatform {
  readonly name = "local" as const;
  constructor(
    private readonly root: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async deploy(request: DeployRequest): Promise<DeploymentRecord> {
    const bundleFile = path.join(request.projectDir, "databricks.yml");
    if (!existsSync(bundleFile))
      throw new KitError("bundle-missing", `${request.projectDir} has no databricks.yml`);
    const bundle = readBundleDefinition(readFileSync(bundleFile, "utf8"));
    const envDir = this.environmentDir(bundle.project, request.environment);
    const history = this.readHistory(envDir);
    const id = deploymentId(new Date(), history.length + 1, request.gitSha);
    // The venv is built at its final path (its scripts' shebangs name it); the release counts only once
    // release.json is written and the history names it, so a failed deploy leaves nothing behind.
    const releaseDir = this.releaseDir(envDir, id);
    mkdirSync(releaseDir, { recursive: true });
    let activated = false;
    try {
      this.log(`  building the wheel of ${bundle.project} at ${request.gitSha.slice(0, 12)}`);
      const wheel = await buildWheel(request.projectDir, path.join(releaseDir, "dist"));
      const artifact = path.join(releaseDir, path.basename(wheel));
      copyFileSync(wheel, artifact);
      rmSync(path.join(releaseDir, "dist"), { recursive: true, force: true });
      this.log("  installing it into a new venv");
      const venv = path.join(releaseDir, "venv");
      await this.checked(systemPython(), ["-m", "venv", "--without-pip", venv], envDir, "creating the venv");
      await this.checked(
        systemPython(),
        [
          "-m",
          "pip",
          "--python",
          path.join(venv, "bin", "python"),
          "install",
          "--quiet",
          "--no-index",
          "--no-deps",
          artifact,
        ],
        envDir,
        "installing the wheel",
      );
      const tags = {
        ...this.costTags(request.projectDir),
        ...resolveTagVariables(bundle.tags, {
          git_sha: request.gitSha,
          kit_version: request.kitVersion,
          run_url: request.runUrl,
          repository: request.repository,
        }),
        "git-sha": request.gitSha,
        "kit-version": request.kitVersion,
        repository: request.repository,
        "run-url": request.runUrl,
        "deployed-by": request.deployedBy,
      };
      const deployment: DeploymentRecord = {
        id,
        project: bundle.project,
        environment: request.environment,
        kind: "deploy",
        gitSha: request.gitSha,
        version: /-(\d[^-]*)-py/.exec(path.basename(wheel))?.[1] ?? "unknown",
        deployedAt: new Date().toISOString(),
        tags,
        artifact,
      };
      writeJson(path.join(releaseDir, "release.json"), { deployment, bundle } satisfies ReleaseManifest);
      this.activate(envDir, [...history, deployment], id);
      activated = true;
      return deployment;
    } finally {
      if (!activated) rmSync(releaseDir, { recursive: true, force: true });
    }
  }

  async rollback(request: RollbackRequest): Promise<DeploymentRecord> {
    const envDir = this.environmentDir(request.project, request.environment);
    const history = this.readHistory(envDir);
    const target = findDeploymentOfCommit(history, request.gitSha ?? request.to);
    if (!existsSync(path.join(this.releaseDir(envDir, target.id), "release.json"))) {
      throw new KitError(
        "release-missing",
        `the release of ${target.gitSha.slice(0, 12)} (${target.id}) is no longer on this platform`,
      );
    }
    const id = deploymentId(new Date(), history.length + 1, target.gitSha);
    const deployment: DeploymentRecord = {
      ...target,
      id,
      kind: "rollback",
      restoredFrom: target.id,
      deployedAt: new Date().toISOString(),
      tags: { ...target.tags, "run-url": request.runUrl, "deployed-by": request.deployedBy },
    };
    this.activate(envDir, [...history, deployment], target.id);
    return deployment;
  }

  /** The environment's data folder, `$MLOPS_DATA_DIR` of every run (kept across releases, like a volume). */
  dataDir(project: string, environment: string): string {
    return path.join(this.environmentDir(project, environment), "data");
  }

  async run(project: string, environment: string, options: RunOptions = {}): Promise<RunRecord> {
    const envDir = this.environmentDir(project, environment);
    const history = this.readHistory(envDir);
    const active = history.at(-1);
    const releaseId = this.currentRelease(envDir);
    if (!active || !releaseId)
      throw new KitError("not-deployed", `${project} has no deployment in ${environment}; deploy it first`);
    const release = JSON.parse(
      readFileSync(path.join(this.releaseDir(envDir, releaseId), "release.json"), "utf8"),
    ) as ReleaseManifest;
    const venvBin = path.join(this.releaseDir(envDir, releaseId), "venv", "bin");
    const dataDir = this.dataDir(project, environment);
    mkdirSync(dataDir, { recursive: true });
    const env = {
      PATH: `${venvBin}${path.delimiter}${process.env.PATH ?? ""}`,
      MLOPS_GIT_SHA: active.gitSha,
      MLOPS_DEPLOYMENT_ID: active.id,
      MLOPS_ENVIRONMENT: environment,
      MLOPS_DATA_DIR: dataDir,
    };
    const startedAt = new Date();
    const workload = selectWorkload(release.bundle, options.job);
    let exitCode: number;
    let output: string;
    if (workload.kind === "batch") {
      const parameters = resolveDynamicValues(workload.parameters, startedAt);
      const result = await runCommand(path.join(venvBin, workload.entryPoint), parameters, {
        cwd: envDir,
        env,
      });
      exitCode = result.code;
      output = result.code === 0 ? result.stdout : `${result.stdout}${result.stderr}`;
    } else {
      ({ exitCode, output } = await this.probeService(workload.command, workload.healthPath, envDir, env));
    }
    const record: RunRecord = {
      project,
      environment,
      job: workload.kind === "batch" ? workload.jobKey : workload.appKey,
      deploymentId: active.id,
      gitSha: active.gitSha,
      exitCode,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      output,
    };
    mkdirSync(path.join(envDir, "runs"), { recursive: true });
    writeJson(path.join(envDir, "runs", `${startedAt.toISOString().replace(/[:.]/g, "")}.json`), record);
    return record;
  }

  async deployments(project: string, environment: string): Promise<DeploymentRecord[]> {
    return newestFirst(this.readHistory(this.environmentDir(project, environment)));
  }

  private environmentDir(project: string, environment: string): string {
    for (const [what, value] of [
      ["project", project],
      ["environment", environment],
    ]) {
      if (!SAFE_SEGMENT.test(value!))
        throw new KitError(
          "platform-name-invalid",
          `${what} name ${JSON.stringify(value)} cannot name a folder`,
        );
    }
    const dir = path.join(this.root, project, environment);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private releaseDir(envDir: string, id: string): string {
    return path.join(envDir, "releases", id);
  }

  private readHistory(envDir: string): DeploymentRecord[] {
    const file = path.join(envDir, "history.json");
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DeploymentRecord[]) : [];
  }

  private currentRelease(envDir: string): string | undefined {
    const file = path.join(envDir, "current");
    return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  }

  /** History first, then the pointer: a crash in between leaves the old release active and the history complete. */
  private activate(envDir: string, history: DeploymentRecord[], releaseId: string): void {
    writeJson(path.join(envDir, "history.json"), history);
    writeAtomically(path.join(envDir, "current"), `${releaseId}\n`);
  }

  private costTags(projectDir: string): Record<string, string> {
    const answersFile = path.join(projectDir, ".mlops-kit", "answers.yml");
    if (!existsSync(answersFile)) return {};
    const answers = parse(readFileSync(answersFile, "utf8")) as { costTags?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(answers.costTags ?? {}).map(([k, v]) => [k, String(v)]));
  }

  private async checked(command: string, args: string[], cwd: string, what: string): Promise<void> {
    const result = await runCommand(command, args, { cwd });
    if (result.code !== 0)
      throw new KitError(
        "deploy-failed",
        `${what} failed: ${(result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n")}`,
      );
  }

  /** Starts the service, waits for its health endpoint, records the answer, stops it. */
  private async probeService(
    command: string[],
    healthPath: string,
    cwd: string,
    env: Record<string, string>,
  ) {
    const port = await freePort();
    const child = spawn(command[0]!, command.slice(1), {
      cwd,
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    child.stdout.on("data", (c) => {
      logs += c;
    });
    child.stderr.on("data", (c) => {
      logs += c;
    });
    try {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null)
          return { exitCode: child.exitCode || 1, output: `service exited early:\n${logs}` };
        try {
          const response = await fetch(`http://127.0.0.1:${port}${healthPath}`);
          const body = await response.text();
          return { exitCode: response.ok ? 0 : 1, output: `GET ${healthPath} → ${response.status} ${body}` };
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      return { exitCode: 1, output: `no answer on ${healthPath} within 20 s:\n${logs}` };
    } finally {
      child.kill("SIGTERM");
    }
  }
}

function writeJson(file: string, data: unknown): void {
  writeAtomically(file, `${JSON.stringify(data, null, 2)}\n`);
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
