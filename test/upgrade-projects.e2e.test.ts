/**
 * The fleet upgrade end to end against the simulator (the runner in-process, real git over HTTP): a
 * fleet of kit repos at two older versions, some with owners' edits, one already current, one with a
 * person's commit on its open upgrade branch, one whose upgrade pull request was closed unmerged, one
 * archived. A run with a small write budget stops cleanly; the next resumes and opens exactly the
 * missing pull requests; a third changes nothing.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLocalAction } from "../src/actions-runner/local-action-runner";
import { runLocalCreate } from "../src/project/local-create";
import { createSimControls, type RunningSimulator, startSimulator } from "../src/simulator/index";
import { createGitKitTemplateHistory } from "../src/upgrade/kit-template-history";
import { runLocalUpdate } from "../src/upgrade/local-update";
import { runUpgradeProjects, type UpgradeSettings } from "../src/upgrade/run-upgrade-projects";
import { buildKitHistory, git } from "./helpers/kit-release-history";

const TOKEN = "tok-kit-bot";
const HUMAN = "tok-bob";
const owner = "acme";
const branch = "mlops-kit/upgrade-v0.3.0";
let sim: RunningSimulator;
let work: string;
let kitDir: string;
let api: Octokit;
let settings: UpgradeSettings;

const changelog = `# Changelog\n\n## [0.3.0] - 2026-12-01\n- README points at the changelog.\n\n## [0.2.0] - 2026-11-29\n- Upgrades, check script.\n\n## [0.1.0] - 2026-11-01\n- First.\n`;

/** git against the simulator with a token in the extra header (async: the simulator is in-process). */
function simGit(cwd: string, token: string, ...args: string[]): Promise<void> {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-c", `http.extraheader=${header}`, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: work, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" },
      stdio: "ignore",
    });
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`git ${args.join(" ")}: ${code}`)),
    );
  });
}

/** A repo generated at kit `version` (0.1.0 then local updates), optionally edited, pushed to the simulator. */
async function seedRepo(name: string, version: string, edit?: (dir: string) => void): Promise<string> {
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
  const created = await api.rest.repos.createInOrg({ org: owner, name, private: true });
  await simGit(dir, TOKEN, "push", "--quiet", created.data.clone_url, "HEAD:refs/heads/main");
  return created.data.clone_url;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "mlops-kit-upgrade-e2e-"));
  kitDir = path.join(work, "kit");
  buildKitHistory(kitDir);
  cpSync(path.resolve(import.meta.dirname, "../templates"), path.join(work, "templates-v0.1.0"), {
    recursive: true,
  });
  sim = await startSimulator({
    seed: {
      users: [
        { login: "mlops-bot", token: TOKEN },
        { login: "bob", token: HUMAN },
      ],
      orgs: [
        {
          login: owner,
          owners: ["mlops-bot"],
          members: ["bob"],
          teams: [{ slug: "forecasting", members: ["bob"] }],
        },
      ],
    },
  });
  api = new Octokit({ baseUrl: sim.apiUrl, auth: TOKEN });
  await seedRepo("acme-forecast-alpha", "0.1.0");
  await seedRepo("acme-forecast-beta", "0.1.0", (dir) => {
    const readme = path.join(dir, "README.md");
    writeFileSync(
      readme,
      readFileSync(readme, "utf8").replace(
        /^# .*$/m,
        "# Beta forecast. Our runbook: page the forecasting on-call.",
      ),
    );
  });
  await seedRepo("acme-forecast-gamma", "0.2.0");
  await seedRepo("acme-forecast-current", "0.3.0");
  // A person pushed to the open upgrade branch: the kit must leave it alone.
  const humanUrl = await seedRepo("acme-forecast-human", "0.1.0");
  const humanDir = path.join(work, "acme-forecast-human");
  git(humanDir, "checkout", "-qb", branch);
  writeFileSync(path.join(humanDir, "HUMAN.md"), "mine\n");
  git(humanDir, "add", "-A");
  git(humanDir, "-c", "user.email=bob@example.com", "commit", "-qm", "by hand");
  await simGit(humanDir, TOKEN, "push", "--quiet", humanUrl, `HEAD:refs/heads/${branch}`);
  await api.rest.pulls.create({
    owner,
    repo: "acme-forecast-human",
    title: "Upgrade",
    head: branch,
    base: "main",
  });
  // The owners closed the upgrade pull request unmerged: never reopened.
  const closedUrl = await seedRepo("acme-forecast-closed", "0.1.0");
  const closedDir = path.join(work, "acme-forecast-closed");
  git(closedDir, "checkout", "-qb", branch);
  writeFileSync(path.join(closedDir, "x.md"), "x\n");
  git(closedDir, "add", "-A");
  git(closedDir, "commit", "-qm", "upgrade");
  await simGit(closedDir, TOKEN, "push", "--quiet", closedUrl, `HEAD:refs/heads/${branch}`);
  const closed = await api.rest.pulls.create({
    owner,
    repo: "acme-forecast-closed",
    title: "Upgrade",
    head: branch,
    base: "main",
  });
  await api.rest.pulls.update({
    owner,
    repo: "acme-forecast-closed",
    pull_number: closed.data.number,
    state: "closed",
  });
  await seedRepo("acme-forecast-old", "0.1.0");
  await api.rest.repos.update({ owner, repo: "acme-forecast-old", archived: true });

  settings = {
    token: TOKEN,
    apiUrl: sim.apiUrl,
    serverUrl: sim.apiUrl,
    org: owner,
    to: "0.3.0",
    changelog,
    spaceWrites: false,
    retries: 1,
    retryBaseMs: 10,
  };
}, 240_000);

afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const history = () => ({ history: createGitKitTemplateHistory({ kitDir }) });
const outcomes = (report: Awaited<ReturnType<typeof runUpgradeProjects>>) =>
  Object.fromEntries(report.repos.map((r) => [r.repo, r.action]));
const openPulls = async (repo: string) =>
  (await api.rest.pulls.list({ owner, repo, state: "all" })).data.map((p) => [p.head.ref, p.state]);

describe("upgrade-projects", () => {
  it("stops cleanly when its write budget is spent", async () => {
    const report = await runUpgradeProjects({ ...settings, maxWrites: 3 }, history());
    expect(report.error).toBeUndefined();
    expect(report.stopped).toContain("write budget spent");
    expect(report.writes).toBe(3);
    expect(outcomes(report)["acme-forecast-alpha"]).toBe("opened");
    expect(outcomes(report)["acme-forecast-beta"]).toBe("not-reached");
  });

  it("resumes: opens exactly the missing pull requests and leaves the rest alone", async () => {
    const report = await runUpgradeProjects(settings, history());
    expect(report.error).toBeUndefined();
    expect(report.stopped).toBeUndefined();
    expect(outcomes(report)).toEqual({
      "acme-forecast-alpha": "unchanged",
      "acme-forecast-beta": "opened",
      "acme-forecast-closed": "leave-alone",
      "acme-forecast-current": "current",
      "acme-forecast-gamma": "opened",
      "acme-forecast-human": "leave-alone",
      "acme-forecast-old": "archived",
    });
    for (const repo of ["acme-forecast-alpha", "acme-forecast-beta", "acme-forecast-gamma"]) {
      expect(await openPulls(repo)).toEqual([[branch, "open"]]);
    }
    expect(await openPulls("acme-forecast-current")).toEqual([]);
    expect(await openPulls("acme-forecast-closed")).toEqual([[branch, "closed"]]);
    const beta = (await api.rest.pulls.list({ owner, repo: "acme-forecast-beta" })).data[0]!;
    expect(beta.title).toBe("Upgrade mlops-kit to v0.3.0");
    expect(beta.labels.map((l) => l.name)).toEqual(["mlops-kit-upgrade"]);
    expect(beta.body).toContain("#### v0.3.0");
    expect(beta.body).toContain("#### v0.2.0");
    expect(beta.body).toContain("| `scripts/check.sh` | added |");
    const readme = await api.rest.repos.getContent({
      owner,
      repo: "acme-forecast-beta",
      path: "README.md",
      ref: branch,
    });
    const text = Buffer.from((readme.data as { content: string }).content, "base64").toString("utf8");
    expect(text).toContain("Our runbook: page the forecasting on-call.");
    expect(text).toContain("See the kit's CHANGELOG.md");
    const gamma = (await api.rest.pulls.list({ owner, repo: "acme-forecast-gamma" })).data[0]!;
    expect(gamma.body).toContain("#### v0.3.0");
    expect(gamma.body).not.toContain("#### v0.2.0");
    const human = await api.rest.repos.getBranch({ owner, repo: "acme-forecast-human", branch });
    expect(human.data.commit.commit.author?.email).toBe("bob@example.com");
  });

  it("changes nothing on a re-run", async () => {
    const report = await runUpgradeProjects(settings, history());
    expect(report.error).toBeUndefined();
    expect(report.writes).toBe(0);
    expect(Object.values(outcomes(report)).filter((a) => a === "opened" || a === "refreshed")).toEqual([]);
    expect(await openPulls("acme-forecast-alpha")).toEqual([[branch, "open"]]);
  });

  it("runs as the bundled action: opens the missing pull request, closes the kit's older one, reports", async () => {
    const url = await seedRepo("acme-forecast-delta", "0.1.0");
    const dir = path.join(work, "acme-forecast-delta");
    git(dir, "checkout", "-qb", "mlops-kit/upgrade-v0.2.0");
    writeFileSync(path.join(dir, "old.md"), "old upgrade\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "old upgrade");
    await simGit(dir, TOKEN, "push", "--quiet", url, "HEAD:refs/heads/mlops-kit/upgrade-v0.2.0");
    const old = await api.rest.pulls.create({
      owner,
      repo: "acme-forecast-delta",
      title: "Upgrade mlops-kit to v0.2.0",
      head: "mlops-kit/upgrade-v0.2.0",
      base: "main",
    });
    writeFileSync(path.join(kitDir, "CHANGELOG.md"), changelog);
    const result = await runLocalAction({
      actionDir: path.resolve(import.meta.dirname, "../actions/upgrade-projects"),
      inputs: {
        token: TOKEN,
        org: owner,
        to: "0.3.0",
        repos: "acme-forecast-*",
        "etag-cache": ".etags.json",
      },
      env: {
        GITHUB_API_URL: sim.apiUrl,
        GITHUB_SERVER_URL: sim.apiUrl,
        MLOPS_KIT_RETRY_BASE_MS: "10",
      },
      workspace: kitDir,
    });
    expect(result.log).not.toContain(TOKEN);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ opened: "1", "not-reached": "0" });
    expect(result.summary).toContain("Kit upgrade to v0.3.0 in acme");
    expect(result.summary).toMatch(/\| acme-forecast-delta \| opened \| #2 \|/);
    const pulls = (await api.rest.pulls.list({ owner, repo: "acme-forecast-delta", state: "all" })).data;
    expect(pulls.map((p) => [p.number, p.head.ref, p.state])).toEqual([
      [2, branch, "open"],
      [old.data.number, "mlops-kit/upgrade-v0.2.0", "closed"],
    ]);
  });

  it("fails the run cleanly when the org cannot be listed, and the next run proceeds", async () => {
    const controls = createSimControls(sim.apiUrl);
    await controls.addFault({ method: "GET", path: "/orgs/acme/repos", status: 502, times: 3 });
    const faulty = await runUpgradeProjects(settings, history());
    expect(faulty.error).toMatch(/502|Server Error|fail/i);
    expect(faulty.writes).toBe(0);
    await controls.clearFaults();
    const clean = await runUpgradeProjects(settings, history());
    expect(clean.error).toBeUndefined();
    expect(clean.writes).toBe(0);
  });

  it("converges on a re-run whichever of its API and git calls failed", async () => {
    const controls = createSimControls(sim.apiUrl);
    const calls = [
      ["GET", "/repos/acme/{repo}/contents/*"],
      ["GET", "/repos/acme/{repo}/pulls"],
      ["GET", "/repos/acme/{repo}/branches/*"],
      ["POST", "/acme/{repo}.git/git-upload-pack"],
      ["POST", "/acme/{repo}.git/git-receive-pack"],
      ["POST", "/repos/acme/{repo}/pulls"],
      ["POST", "/repos/acme/{repo}/issues/*/labels"],
    ] as const;
    for (const [i, [method, template]] of calls.entries()) {
      const repo = `acme-forecast-fault${i}`;
      await seedRepo(repo, "0.1.0");
      // More failures than the client retries: the call fails for this run.
      const route = template.replace("{repo}", repo);
      await controls.addFault({ method, path: route, status: 502, times: 3 });
      const faulty = await runUpgradeProjects({ ...settings, repoFilter: repo }, history());
      expect(faulty.error).toBeUndefined();
      expect({ route, action: faulty.repos[0]?.action }).toEqual({ route, action: "failed" });
      // The failure is reported without the token, raw or as git's basic-auth header.
      const basic = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
      expect(JSON.stringify(faulty)).not.toMatch(new RegExp(`${TOKEN}|${basic}`));
      await controls.clearFaults();
      const clean = await runUpgradeProjects({ ...settings, repoFilter: repo }, history());
      expect({ route, action: clean.repos[0]?.action }).toEqual({
        route,
        action: expect.stringMatching(/^(opened|refreshed)$/),
      });
      const again = await runUpgradeProjects({ ...settings, repoFilter: repo }, history());
      expect({ route, action: again.repos[0]?.action, writes: again.writes }).toEqual({
        route,
        action: "unchanged",
        writes: 0,
      });
      const pulls = (await api.rest.pulls.list({ owner, repo, state: "all" })).data;
      expect({ route, pulls: pulls.map((p) => [p.head.ref, p.state, p.labels.map((l) => l.name)]) }).toEqual({
        route,
        pulls: [[branch, "open", ["mlops-kit-upgrade"]]],
      });
    }
  });
});
