/**
 * Real git over smart HTTP against the simulator: clone, commit and push to a repo created through
 * the API, with the token in `http.extraheader`; the branches and contents APIs then report what was
 * pushed. Also: git auth refusals, git faults and GitHub's replication lag after a create.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSimControls,
  type RunningSimulator,
  type SimControls,
  startSimulator,
} from "../../src/simulator/index";
import {
  checkedOctokit,
  contractSeed,
  type SchemaCheck,
  shapeDifferences,
  statusOf,
  TOKENS,
} from "./sim-test-kit";

let sim: RunningSimulator;
let controls: SimControls;
let alice: Octokit;
let work: string;
const checks: SchemaCheck[] = [];
const owner = "acme";

/**
 * Runs git with the token as an `AUTHORIZATION: basic` extra header (never in the URL). Asynchronous:
 * the simulator answers from this same process, so a blocking spawn would deadlock.
 */
function git(
  cwd: string,
  token: string | undefined,
  ...args: string[]
): Promise<{ status: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  if (token) {
    env.GIT_CONFIG_COUNT = "1";
    env.GIT_CONFIG_KEY_0 = "http.extraheader";
    env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  }
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, env });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (status) => resolve({ status, output }));
  });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: contractSeed() });
  controls = createSimControls(sim.apiUrl);
  alice = checkedOctokit(sim.apiUrl, TOKENS.alice, checks);
  work = mkdtempSync(path.join(tmpdir(), "sim-git-test-"));
});

afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("git over smart HTTP", () => {
  it("clones, commits and pushes to a repo created through the API; branches and contents follow", async () => {
    const { data: created } = await alice.rest.repos.createInOrg({
      org: owner,
      name: "acme-forecast-demand",
      visibility: "private",
    });
    const clone = path.join(work, "clone");
    expect((await git(work, TOKENS.alice, "clone", "--quiet", created.clone_url, clone)).status).toBe(0);
    mkdirSync(path.join(clone, "src", "pkg"), { recursive: true });
    writeFileSync(path.join(clone, "README.md"), "# Forecast demand\n");
    writeFileSync(path.join(clone, "src", "pkg", "__init__.py"), "VERSION = '0.1.0'\n");
    expect((await git(clone, undefined, "checkout", "--quiet", "-b", "main")).status).toBe(0);
    expect((await git(clone, undefined, "add", ".")).status).toBe(0);
    expect((await git(clone, undefined, "commit", "--quiet", "-m", "Initial commit")).status).toBe(0);
    const pushed = await git(clone, TOKENS.alice, "push", "--quiet", "origin", "HEAD:refs/heads/main");
    expect(pushed.output).toBe("");
    expect(pushed.status).toBe(0);
    const sha = (await git(clone, undefined, "rev-parse", "HEAD")).output.trim();

    const branches = await alice.rest.repos.listBranches({ owner, repo: created.name });
    expect(branches.data.map((b) => [b.name, b.commit.sha])).toEqual([["main", sha]]);
    const branch = await alice.rest.repos.getBranch({ owner, repo: created.name, branch: "main" });
    expect(branch.data.commit.sha).toBe(sha);
    expect(branch.data.commit.commit.message).toBe("Initial commit");
    expect(branch.data.commit.commit.author?.email).toBe("test@example.com");

    const readme = await alice.rest.repos.getContent({ owner, repo: created.name, path: "README.md" });
    const file = readme.data as { content: string; encoding: string; sha: string };
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe("# Forecast demand\n");
    const nested = await alice.rest.repos.getContent({
      owner,
      repo: created.name,
      path: "src/pkg/__init__.py",
      ref: "main",
    });
    expect((nested.data as { name: string }).name).toBe("__init__.py");
    const root = await alice.rest.repos.getContent({ owner, repo: created.name, path: "" });
    expect((root.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([
      ["README.md", "file"],
      ["src", "dir"],
    ]);
    const dir = await alice.rest.repos.getContent({ owner, repo: created.name, path: "src" });
    expect((dir.data as { path: string }[]).map((e) => e.path)).toEqual(["src/pkg"]);
    const raw = await alice.rest.repos.getContent({
      owner,
      repo: created.name,
      path: "README.md",
      mediaType: { format: "raw" },
    });
    expect(String(raw.data)).toBe("# Forecast demand\n");
    // GitHub's media type and the blob's SHA as ETag; an unchanged file is a free 304.
    expect(raw.headers["x-github-media-type"]).toBe("github.v3; param=raw");
    expect(raw.headers.etag).toBe(`"${file.sha}"`);
    const rawJson = await alice.rest.repos.getContent({
      owner,
      repo: created.name,
      path: "README.md",
      headers: { accept: "application/vnd.github.raw+json" },
    });
    expect(String(rawJson.data)).toBe("# Forecast demand\n");
    expect(rawJson.headers["x-github-media-type"]).toBe("github.v3; param=raw; format=json");
    const used = (await alice.rest.rateLimit.get()).data.resources.core.used;
    const unchanged = alice.rest.repos.getContent({
      owner,
      repo: created.name,
      path: "README.md",
      headers: { accept: "application/vnd.github.raw", "if-none-match": `"${file.sha}"` },
    });
    expect((await statusOf(unchanged)).status).toBe(304);
    expect((await alice.rest.rateLimit.get()).data.resources.core.used).toBe(used);
    const stale = await alice.rest.repos.getContent({
      owner,
      repo: created.name,
      path: "README.md",
      headers: { accept: "application/vnd.github.raw", "if-none-match": '"0000"' },
    });
    expect(String(stale.data)).toBe("# Forecast demand\n");
    expect(
      (await alice.rest.repos.getContent({ owner, repo: created.name, path: "missing.txt" }).catch((e) => e))
        .status,
    ).toBe(404);

    // Protection can now be applied to the pushed branch.
    await alice.rest.repos.updateBranchProtection({
      owner,
      repo: created.name,
      branch: "main",
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
    });
    expect((await alice.rest.repos.listBranches({ owner, repo: created.name })).data[0]?.protected).toBe(
      true,
    );

    const log = await controls.requests();
    const gitOps = log
      .filter((r) => r.operationId.startsWith("git:"))
      .map((r) => `${r.operationId} ${r.status}`);
    expect(gitOps).toContain("git:info-refs 200");
    expect(gitOps).toContain("git:upload-pack 200");
    expect(gitOps).toContain("git:receive-pack 200");
    expect(checks.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(shapeDifferences(checks)).toEqual([]);
    expect(checks.map((c) => c.operationId)).toContain("repos/get-content");
  });

  it("refuses unknown tokens (401), hides private repos from outsiders, refuses pushes without write", async () => {
    const url = `${sim.serverUrl}/${owner}/acme-forecast-demand.git`;
    const bad = await git(work, "wrong-token", "ls-remote", url);
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/Authentication failed|could not read Username|401/i);
    const outsider = await git(work, TOKENS.mallory, "ls-remote", url);
    expect(outsider.status).not.toBe(0);
    expect(outsider.output).toMatch(/not found/i);
    // carol reads through the org's base permission, but cannot push.
    const clone = path.join(work, "carol");
    expect((await git(work, TOKENS.carol, "clone", "--quiet", url, clone)).status).toBe(0);
    await git(clone, undefined, "commit", "--quiet", "--allow-empty", "-m", "carol was here");
    const push = await git(clone, TOKENS.carol, "push", "--quiet", "origin", "HEAD:refs/heads/main");
    expect(push.status).not.toBe(0);
    expect(push.output).toMatch(/403|denied/i);
    expect((await git(work, undefined, "ls-remote", `${sim.serverUrl}/${owner}/nope.git`)).status).not.toBe(
      0,
    );
  });

  it("answers git faults: a 500 once, then a 404 with git's 'Repository not found'", async () => {
    const url = `${sim.serverUrl}/${owner}/acme-forecast-demand.git`;
    await controls.addFault({ method: "*", operationId: "git:*", status: 500, times: 1 });
    expect((await git(work, TOKENS.alice, "ls-remote", url)).status).not.toBe(0);
    expect((await git(work, TOKENS.alice, "ls-remote", url)).status).toBe(0);
    await controls.addFault({ method: "GET", operationId: "git:info-refs", status: 404, times: 1 });
    expect((await git(work, TOKENS.alice, "ls-remote", url)).output).toMatch(/not found/i);
  });

  it("mimics replication lag: a new repo's first git requests answer 'Repository not found'", async () => {
    await controls.settings({ gitReplicationLagRequests: 2 });
    try {
      const { data: created } = await alice.rest.repos.createInOrg({ org: owner, name: "acme-lagging-repo" });
      expect((await git(work, TOKENS.alice, "ls-remote", created.clone_url)).output).toMatch(/not found/i);
      expect((await git(work, TOKENS.alice, "ls-remote", created.clone_url)).output).toMatch(/not found/i);
      expect((await git(work, TOKENS.alice, "ls-remote", created.clone_url)).status).toBe(0);
      // Seeded repos are not lagging.
      expect(
        (await git(work, TOKENS.alice, "ls-remote", `${sim.serverUrl}/${owner}/acme-bulk-001.git`)).status,
      ).toBe(0);
      const lagged = (await controls.requests()).filter(
        (r) => r.path === "/acme/acme-lagging-repo.git/info/refs",
      );
      expect(lagged.map((r) => r.status)).toEqual([404, 404, 200]);
    } finally {
      await controls.settings({ gitReplicationLagRequests: 0 });
    }
  });
});
