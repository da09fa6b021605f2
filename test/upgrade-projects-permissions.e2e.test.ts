/**
 * Least privilege, proven for upgrade-projects: the bundled action runs as the kit's GitHub App with an
 * installation token holding exactly the permissions src/github/app-permissions.ts lists for the
 * `upgrade` job, opens the expected pull requests (one of which changes `.github/workflows`), and every
 * call it makes is covered by that set (GitHub's per-endpoint table decides). Without any one of them
 * the run fails before any write where the kit can know (a read needs it), otherwise naming the
 * permission; a re-run with it granted converges: one branch, one labelled pull request per repo.
 */
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLocalAction } from "../src/actions-runner/local-action-runner";
import {
  appPermissionUnion,
  jobPermissionsAll,
  kitJob,
  permissionLabel,
} from "../src/github/app-permissions";
import { runLocalCreate } from "../src/project/local-create";
import {
  createSimControls,
  mintInstallationToken,
  type RequestLogEntry,
  type RunningSimulator,
  routeMatcher,
  type SimControls,
  startSimulator,
} from "../src/simulator/index";
import { operationPermissions, permitted } from "../src/simulator/permission-check";
import { runLocalUpdate } from "../src/upgrade/local-update";
import { buildKitHistory, git } from "./helpers/kit-release-history";

const OWNER_TOKEN = "tok-org-owner";
const org = "acme";
const TO = "0.4.0";
const branch = `mlops-kit/upgrade-v${TO}`;
const job = kitJob("upgrade-projects.yml", "upgrade");
const needed = jobPermissionsAll(job);
let sim: RunningSimulator;
let controls: SimControls;
let owner: Octokit;
let work: string;
let kitDir: string;
/** Local projects at kit 0.1.0 (with an owner's edit) and 0.3.0, pushed to each scenario's repos. */
const sources: Record<"old" | "mid", string> = { old: "", mid: "" };

/** Scenario key (a repo name part) → the permission withheld. */
const WITHOUT: Record<string, string> = {
  props: "organization_custom_properties",
  contents: "contents",
  workflows: "workflows",
  pulls: "pull_requests",
  issues: "issues",
};
/**
 * The write attempts of the failed run (failed ones with their status): none where a read needs the
 * permission first. Otherwise the first call that needs it fails, naming it, and the run stops there
 * rather than repeat it on the next repo.
 */
const WRITES_BEFORE: Record<string, string[]> = {
  // The push of workflow files (git refuses it in-band: the branch is not created).
  workflows: ["git:receive-pack"],
  // Labelling needs Issues with Pull requests; nothing reads with it first. The branch and the pull
  // request are in place; the re-run adds the label.
  issues: ["git:receive-pack", "pulls/create", "issues/add-labels 403"],
};

function pushTo(dir: string, url: string): Promise<void> {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${OWNER_TOKEN}`).toString("base64")}`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      "git",
      ["-c", `http.extraheader=${header}`, "push", "--quiet", url, "HEAD:refs/heads/main"],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: work, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" },
        stdio: "ignore",
      },
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git push ${url}: ${code}`))));
  });
}

async function localProject(name: string, version: string, edit?: (dir: string) => void): Promise<string> {
  const dir = path.join(work, name);
  await runLocalCreate({
    request: { name, team: "forecasting" },
    outDir: dir,
    templatesDir: path.join(work, "templates-v0.1.0"),
  });
  for (const step of ["0.2.0", "0.3.0"].filter((v) => v <= version)) {
    await runLocalUpdate({ projectDir: dir, to: step, kitDir });
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", `kit ${step}`);
  }
  if (edit) {
    edit(dir);
    git(dir, "commit", "-qam", "our edit");
  }
  return dir;
}

/**
 * A scenario's fleet: `acme-forecast-<key>-mid` (0.3.0) and, where a write precedes the failure (the
 * run must then stop before the next repo), `-old` (0.1.0, edited).
 */
const fleetOf = (key: string): ("mid" | "old")[] =>
  key in WRITES_BEFORE || key === "exact" ? ["mid", "old"] : ["mid"];

async function seedFleet(key: string): Promise<void> {
  for (const at of fleetOf(key)) {
    const created = await owner.rest.repos.createInOrg({
      org,
      name: `acme-forecast-${key}-${at}`,
      private: true,
    });
    await pushTo(sources[at], created.data.clone_url);
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "mlops-kit-upgrade-lp-"));
  kitDir = path.join(work, "kit");
  buildKitHistory(kitDir);
  // v0.4.0 changes a workflow: pushing the upgrade needs Workflows: write.
  appendFileSync(path.join(kitDir, "templates/batch-job/files/.github/workflows/ci.yml"), "# kit 0.4.0\n");
  git(kitDir, "commit", "-qam", "v0.4.0");
  git(kitDir, "tag", "v0.4.0");
  writeFileSync(
    path.join(kitDir, "CHANGELOG.md"),
    "# Changelog\n\n## [0.4.0] - 2026-12-02\n- CI workflow note.\n\n## [0.3.0] - 2026-12-01\n- README.\n\n## [0.2.0] - 2026-11-29\n- Upgrades.\n\n## [0.1.0] - 2026-11-01\n- First.\n",
  );
  cpSync(path.resolve(import.meta.dirname, "../templates"), path.join(work, "templates-v0.1.0"), {
    recursive: true,
  });
  sim = await startSimulator({
    seed: {
      users: [{ login: "org-owner", token: OWNER_TOKEN }],
      orgs: [{ login: org, owners: ["org-owner"], teams: [{ slug: "forecasting", members: [] }] }],
      apps: [{ slug: "mlops-kit", permissions: appPermissionUnion(), installations: [{ account: org }] }],
    },
  });
  controls = createSimControls(sim.apiUrl);
  owner = new Octokit({ baseUrl: sim.apiUrl, auth: OWNER_TOKEN });
  sources.old = await localProject("acme-forecast-seed-old", "0.1.0", (dir) => {
    const readme = path.join(dir, "README.md");
    writeFileSync(readme, readFileSync(readme, "utf8").replace(/^# .*$/m, "# Our runbook: page on-call."));
  });
  sources.mid = await localProject("acme-forecast-seed-mid", "0.3.0");
  for (const key of ["exact", ...Object.keys(WITHOUT)]) await seedFleet(key);
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Mints a token as the workflow does, then clears the request log (minting is not the kit's doing). */
async function tokenWith(permissions: Record<string, string>): Promise<string> {
  const { token } = await mintInstallationToken(sim.apiUrl, { org, permissions });
  await controls.clearRequests();
  return token;
}

function upgrade(token: string, repos: string) {
  return runLocalAction({
    actionDir: path.resolve(import.meta.dirname, "../actions/upgrade-projects"),
    inputs: { token, org, to: TO, repos, "etag-cache": "" },
    env: { GITHUB_API_URL: sim.apiUrl, GITHUB_SERVER_URL: sim.apiUrl, MLOPS_KIT_RETRY_BASE_MS: "5" },
    workspace: kitDir,
  });
}

/** A request that changes something on GitHub (a push; not git's fetch, also a POST). */
const isWrite = (r: RequestLogEntry) =>
  r.operationId === "git:receive-pack" ||
  (!r.operationId.startsWith("git:") && !["GET", "HEAD"].includes(r.method));
const attempt = (r: RequestLogEntry) => (r.status < 300 ? r.operationId : `${r.operationId} ${r.status}`);

/** Each repo of the scenario: exactly one branch besides main and one open, labelled upgrade pull request. */
async function expectConverged(key: string): Promise<void> {
  for (const at of fleetOf(key)) {
    const repo = `acme-forecast-${key}-${at}`;
    const pulls = (await owner.rest.pulls.list({ owner: org, repo, state: "all" })).data;
    expect({ repo, pulls: pulls.map((p) => [p.head.ref, p.state, p.labels.map((l) => l.name)]) }).toEqual({
      repo,
      pulls: [[branch, "open", ["mlops-kit-upgrade"]]],
    });
    const branches = (await owner.rest.repos.listBranches({ owner: org, repo })).data.map((b) => b.name);
    expect({ repo, branches: branches.sort() }).toEqual({ repo, branches: ["main", branch] });
  }
}

describe("upgrade-projects as the kit's GitHub App", () => {
  it("opens the expected pull requests with exactly the job's permissions, each call covered", async () => {
    const token = await tokenWith(needed);
    const result = await upgrade(token, "acme-forecast-exact-*");
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs).toMatchObject({ opened: "2", refreshed: "0", "not-reached": "0" });
    expect(result.log).not.toContain(token);
    await expectConverged("exact");
    // The upgrade from 0.3.0 changes only the CI workflow: the push needed Workflows: write.
    const mid = (await owner.rest.pulls.list({ owner: org, repo: "acme-forecast-exact-mid" })).data[0]!;
    expect(mid.body).toContain("`.github/workflows/ci.yml`");
    const operations = routeMatcher().operations();
    const granted = { metadata: "read", ...needed } as Record<string, "read" | "write">;
    const uncovered = (await controls.requests())
      .filter((r) => !r.operationId.startsWith("git:") && r.operationId !== "unknown")
      .filter((r) => {
        const op = operations.find((o) => o.operationId === r.operationId)!;
        return !permitted(granted, operationPermissions(op.method, op.template)!);
      });
    expect(uncovered).toEqual([]);
  });

  it.each(Object.entries(WITHOUT))(
    "without %s: fails before writing where a read needs it, else naming it; a re-run converges",
    async (key, name) => {
      const rest = Object.fromEntries(Object.entries(needed).filter(([n]) => n !== name));
      const failed = await upgrade(await tokenWith(rest), `acme-forecast-${key}-*`);
      expect(failed.exitCode, failed.log).not.toBe(0);
      expect(failed.log).toContain(`${permissionLabel(name)}:`);
      expect((await controls.requests()).filter(isWrite).map(attempt)).toEqual(WRITES_BEFORE[key] ?? []);
      const branches = async (at: string) =>
        (await owner.rest.repos.listBranches({ owner: org, repo: `acme-forecast-${key}-${at}` })).data.length;
      // Sorted, `-mid` comes first; `-old` (when seeded) is never reached.
      const expected = fleetOf(key).map((at) => (key === "issues" && at === "mid" ? 2 : 1));
      expect(await Promise.all(fleetOf(key).map(branches))).toEqual(expected);

      const again = await upgrade(await tokenWith(needed), `acme-forecast-${key}-*`);
      expect(again.exitCode, again.log).toBe(0);
      expect(Number(again.outputs.opened) + Number(again.outputs.refreshed)).toBe(fleetOf(key).length);
      await expectConverged(key);
    },
  );

  it("a final run over the whole fleet changes nothing", async () => {
    const result = await upgrade(await tokenWith(needed), "acme-forecast-*");
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs).toMatchObject({ opened: "0", refreshed: "0", "not-reached": "0" });
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
  });
});
