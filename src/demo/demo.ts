/**
 * `mlops-kit demo` / `npm run demo`: the kit's main job end to end on this machine, with no GitHub token
 * and no cloud account. It starts the local GitHub (the simulator, seeded with the demo org `acme`), runs
 * the bundled create-project action exactly as the Actions runner would (INPUT_*, GITHUB_*, output and
 * summary files), clones the new repository, builds and tests it with the system Python, and deploys it
 * to the local compute platform and runs it, then its monitor job, before and after drift is injected:
 * what a data scientist gets after clicking *Run workflow*.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Octokit } from "@octokit/rest";
import { runLocalAction } from "../actions-runner/local-action-runner";
import { KitError } from "../errors";
import { kitRoot } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import type { DeploymentRecord } from "../platform/compute-platform";
import { LocalPlatform } from "../platform/local-platform";
import { buildWheel, checkPythonToolchain, runPytest } from "../python/system-python";
import { demoSeedPath, loadSeedFile, startSimulator } from "../simulator/index";
import { featureSampleCsv } from "./monitoring-data";

const execFileAsync = promisify(execFile);

export interface DemoOptions {
  /** Where the demo's files go (default: a new temporary folder). */
  workDir?: string;
  log?: (line: string) => void;
}

export const DEMO_ORG = "acme";
/** The kit's identity in the demo org (an org owner, as the kit's GitHub App would be). */
export const DEMO_KIT_TOKEN = "sim-token-mlops-bot";
/** The data scientist who clicks *Run workflow*: an active member of the forecasting team. */
export const DEMO_REQUESTER = "bob";

export const DEMO_REQUEST = {
  name: "acme-forecast-demand",
  team: "forecasting",
  "cost-center": "CC-1234",
  description: "Daily demand forecast for the ACME stores",
};

/** Stand-ins for the org secrets the create-project workflow maps into the action's environment. */
const DEMO_SECRETS: Record<string, string> = {
  MLOPS_MODEL_REGISTRY_TOKEN: "demo-registry-token",
  MLOPS_DEV_DATABRICKS_CLIENT_ID: "demo-dev-client-id",
  MLOPS_DEV_DATABRICKS_CLIENT_SECRET: "demo-dev-client-secret",
  MLOPS_PROD_DATABRICKS_CLIENT_ID: "demo-prod-client-id",
  MLOPS_PROD_DATABRICKS_CLIENT_SECRET: "demo-prod-client-secret",
};

export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const workDir = path.resolve(options.workDir ?? mkdtempSync(path.join(tmpdir(), "mlops-kit-demo-")));
  mkdirSync(workDir, { recursive: true });
  const step = async <T>(title: string, action: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    log(`\n▶ ${title}`);
    const result = await action();
    log(`  done in ${Math.round(performance.now() - started)} ms`);
    return result;
  };

  await checkPythonToolchain();
  const sim = await step("Start the local GitHub (simulator) with the demo org acme", async () => {
    const started = await startSimulator({ seed: loadSeedFile(demoSeedPath()) });
    log(`  GITHUB_API_URL=${started.apiUrl}`);
    log(`  GITHUB_SERVER_URL=${started.serverUrl}`);
    return started;
  });
  try {
    const fullName = `${DEMO_ORG}/${DEMO_REQUEST.name}`;
    const result = await step(
      `Run the bundled create-project action as ${DEMO_REQUESTER} (Actions → Create ML project → Run workflow)`,
      () =>
        runLocalAction({
          actionDir: path.join(kitRoot(), "actions", "create-project"),
          // The demo skips GitHub's one-second pacing of writes; the real workflow keeps it.
          inputs: { ...DEMO_REQUEST, token: DEMO_KIT_TOKEN, "space-writes": "false" },
          env: {
            GITHUB_API_URL: sim.apiUrl,
            GITHUB_SERVER_URL: sim.serverUrl,
            GITHUB_REPOSITORY: `${DEMO_ORG}/mlops-kit`,
            GITHUB_ACTOR: DEMO_REQUESTER,
            GITHUB_TRIGGERING_ACTOR: DEMO_REQUESTER,
            GITHUB_WORKSPACE: kitRoot(),
            ...DEMO_SECRETS,
          },
          onLine: (line) => log(`  │ ${line}`),
        }),
    );
    if (result.exitCode !== 0)
      throw new KitError("demo-failed", "the create-project action failed (see above)");
    writeFileSync(path.join(workDir, "job-summary.md"), result.summary);
    log(`  outputs: repo-url=${result.outputs["repo-url"]} repo-name=${result.outputs["repo-name"]}`);
    log(`  job summary: ${path.join(workDir, "job-summary.md")}`);

    await step(`Inspect ${fullName} through the GitHub API`, () => describeRepository(sim.apiUrl, log));

    const projectDir = path.join(workDir, DEMO_REQUEST.name);
    await step(`Clone ${fullName} with git`, async () => {
      const auth = Buffer.from(`x-access-token:${DEMO_KIT_TOKEN}`).toString("base64");
      await execFileAsync("git", [
        "-c",
        `http.extraheader=AUTHORIZATION: basic ${auth}`,
        "clone",
        "-q",
        `${sim.serverUrl}/${fullName}.git`,
        projectDir,
      ]);
      const { stdout } = await execFileAsync("git", ["ls-files"], { cwd: projectDir });
      for (const file of stdout.trim().split("\n")) log(`    ${file}`);
    });

    const summary = await step("Run its tests with the system Python (what its ci workflow runs)", () =>
      runPytest(projectDir),
    );
    log(`  pytest: ${summary}`);
    const wheel = await step("Build its wheel, offline", () =>
      buildWheel(projectDir, path.join(workDir, "dist")),
    );
    log(`  ${wheel}`);

    const platform = new LocalPlatform(path.join(workDir, "platform"), (line) => log(line));
    const { stdout: sha } = await execFileAsync("git", ["rev-parse", "HEAD"], { cwd: projectDir });
    const deployment = await step(
      "Deploy it to the local compute platform (dev), as its deploy workflow would",
      () =>
        platform.deploy({
          projectDir,
          environment: "dev",
          gitSha: sha.trim(),
          repository: fullName,
          kitVersion: KIT_VERSION,
          runUrl: `${sim.serverUrl}/${fullName}/actions/runs/1`,
          deployedBy: DEMO_REQUESTER,
        }),
    );
    log(`  ${deployment.id}: ${deployment.artifact}`);
    log(
      `  tags: ${Object.entries(deployment.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}`,
    );
    const run = await step("Run the deployed job", () => platform.run(deployment.project, "dev"));
    log(`  exit ${run.exitCode}; first lines of its output:`);
    for (const line of run.output.split("\n").slice(0, 8)) log(`    ${line}`);
    if (run.exitCode !== 0) throw new KitError("demo-failed", "the deployed job failed");

    await showMonitoring(platform, deployment, step, log);

    log(
      `\nDemo finished. The project is in ${projectDir}; the local platform in ${path.join(workDir, "platform")}.`,
    );
    log(
      `Try: npx mlops-kit deployments --project ${projectDir} --platform-dir ${path.join(workDir, "platform")}`,
    );
    log(
      `     npx mlops-kit run --job monitor --project ${projectDir} --platform-dir ${path.join(workDir, "platform")}`,
    );
  } finally {
    await sim.close();
  }
}

type Step = <T>(title: string, action: () => Promise<T>) => Promise<T>;

/**
 * The monitor job on the deployed project: it passes, fails with a report naming the drifting feature
 * once drift is injected into the environment's data (a feed switching prices to cents), and passes again
 * once the feed is fixed; its report names the same commit as the deployment history.
 */
async function showMonitoring(
  platform: LocalPlatform,
  deployment: DeploymentRecord,
  step: Step,
  log: (line: string) => void,
): Promise<void> {
  const { project } = deployment;
  const dataDir = platform.dataDir(project, "dev");
  const monitor = async (expected: number) => {
    const run = await platform.run(project, "dev", { job: "monitor" });
    if (run.exitCode !== expected)
      throw new KitError(
        "demo-failed",
        `the monitor exited ${run.exitCode}, expected ${expected}:\n${run.output}`,
      );
    return run;
  };
  const baseline = await step(
    "Run its monitor job (data drift, prediction quality, retrain rule)",
    async () => {
      writeFileSync(path.join(dataDir, "reference.csv"), featureSampleCsv({ rows: 365, seed: 1 }));
      writeFileSync(path.join(dataDir, "current.csv"), featureSampleCsv({ rows: 120, seed: 2 }));
      return monitor(0);
    },
  );
  log(`  exit ${baseline.exitCode}: ${verdictOf(baseline.output)}`);
  const drifted = await step("Inject drift: the upstream feed starts sending prices in cents", async () => {
    writeFileSync(
      path.join(dataDir, "current.csv"),
      featureSampleCsv({ rows: 120, seed: 2, priceInCents: true }),
    );
    return monitor(1);
  });
  log(`  exit ${drifted.exitCode}: the job fails, so its failure notifications reach the team. Its report:`);
  const report = drifted.output.split("\n");
  // The verdict, the data and the drift table: what the alert's reader needs first.
  for (const line of report.slice(
    0,
    report.findIndex((l) => l.startsWith("Prediction quality")),
  )) {
    log(`    ${line}`);
  }
  const fixed = await step("Fix the feed (prices in euros again) and run the monitor again", async () => {
    writeFileSync(path.join(dataDir, "current.csv"), featureSampleCsv({ rows: 120, seed: 3 }));
    return monitor(0);
  });
  const reported = /git sha ([0-9a-f]{40})/.exec(fixed.output)?.[1];
  const [active] = await platform.deployments(project, "dev");
  if (!reported || !active || reported !== active.gitSha)
    throw new KitError("demo-failed", `the report names ${reported}, the deployments ${active?.gitSha}`);
  log(`  exit ${fixed.exitCode}: ${verdictOf(fixed.output)}`);
  log(
    `  the report and \`mlops-kit deployments\` agree: ${project} runs ${reported.slice(0, 12)} (${active.id})`,
  );
}

function verdictOf(report: string): string {
  return report.split("\n").find((line) => line.startsWith("VERDICT:")) ?? "no verdict line";
}

/** What a user would look at on github.com: protection, environments, secret names, tags, access. */
async function describeRepository(apiUrl: string, log: (line: string) => void): Promise<void> {
  const octokit = new Octokit({ baseUrl: apiUrl, auth: DEMO_KIT_TOKEN });
  const owner = DEMO_ORG;
  const repo = DEMO_REQUEST.name;
  const { data: repository } = await octokit.rest.repos.get({ owner, repo });
  log(`  ${repository.html_url} (${repository.visibility}, default branch ${repository.default_branch})`);
  const protection = (
    await octokit.rest.repos.getBranchProtection({ owner, repo, branch: repository.default_branch })
  ).data;
  const reviews = protection.required_pull_request_reviews;
  log(
    `  protection of ${repository.default_branch}: ${reviews?.required_approving_review_count ?? 0} approving review(s)` +
      `${reviews?.require_code_owner_reviews ? ", CODEOWNERS" : ""}${reviews?.dismiss_stale_reviews ? ", stale reviews dismissed" : ""}` +
      `, checks [${protection.required_status_checks?.contexts?.join(", ") ?? ""}]` +
      `, admins ${protection.enforce_admins?.enabled ? "included" : "exempt"}` +
      `, force push ${protection.allow_force_pushes?.enabled ? "allowed" : "blocked"}` +
      `, deletion ${protection.allow_deletions?.enabled ? "allowed" : "blocked"}`,
  );
  const secrets = await octokit.rest.actions.listRepoSecrets({ owner, repo });
  log(`  repository secrets: ${secrets.data.secrets.map((s) => s.name).join(", ") || "none"}`);
  const environments = (await octokit.rest.repos.getAllEnvironments({ owner, repo })).data.environments ?? [];
  for (const environment of environments) {
    const names = (
      await octokit.rest.actions.listEnvironmentSecrets({ owner, repo, environment_name: environment.name })
    ).data.secrets.map((s) => s.name);
    const reviewers = (environment.protection_rules ?? []).flatMap((rule) =>
      "reviewers" in rule
        ? (rule.reviewers ?? []).map(
            (r) =>
              (r.reviewer as { slug?: string; login?: string }).slug ??
              (r.reviewer as { login?: string }).login,
          )
        : [],
    );
    log(
      `  environment ${environment.name}: secrets ${names.join(", ") || "none"}; reviewers ${reviewers.join(", ") || "none"}`,
    );
  }
  const topics = (await octokit.rest.repos.getAllTopics({ owner, repo })).data.names;
  log(`  topics: ${topics.join(", ")}`);
  const properties = (await octokit.request("GET /repos/{owner}/{repo}/properties/values", { owner, repo }))
    .data;
  log(`  custom properties: ${properties.map((p) => `${p.property_name}=${p.value}`).join(", ")}`);
  const teams = (await octokit.rest.repos.listTeams({ owner, repo })).data;
  const access = teams.map((t) => `${t.slug} (${t.permission})`).sort();
  log(`  team access: ${access.join(", ")}`);
}
