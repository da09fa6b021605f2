/**
 * The simulator's pull requests and labels (pull-handlers.ts), driven with @octokit/rest: create, list
 * (by state and head), get, update, close and reopen, labels; GitHub's refusals (unknown head or base,
 * nothing to compare, a duplicate open pull request, archived repos, no write access); every 2xx answer
 * validated against GitHub's OpenAPI response schemas. Heads are real git branches pushed over HTTP.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/simulator/index";
import { pullHandlers } from "../../src/simulator/pull-handlers";
import {
  checkedOctokit,
  contractSeed,
  type SchemaCheck,
  shapeDifferences,
  statusOf,
  TOKENS,
} from "./sim-test-kit";

let sim: RunningSimulator;
let alice: Octokit;
let carol: Octokit;
let work: string;
const checks: SchemaCheck[] = [];
const owner = "acme";
const repo = "acme-upgrade-target";

/** git with the token in an extra header (async: the simulator answers from this process). */
function git(cwd: string, ...args: string[]): Promise<number | null> {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKENS.alice}`).toString("base64")}`;
  return new Promise((resolve) => {
    const child = spawn("git", ["-c", `http.extraheader=${header}`, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_TERMINAL_PROMPT: "0",
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
      stdio: "ignore",
    });
    child.on("close", resolve);
  });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: contractSeed() });
  alice = checkedOctokit(sim.apiUrl, TOKENS.alice, checks);
  carol = checkedOctokit(sim.apiUrl, TOKENS.carol, checks);
  work = mkdtempSync(path.join(tmpdir(), "sim-pulls-"));
  const created = (await alice.rest.repos.createInOrg({ org: owner, name: repo, private: true })).data;
  const clone = path.join(work, "clone");
  expect(await git(work, "clone", "--quiet", created.clone_url, clone)).toBe(0);
  writeFileSync(path.join(clone, "README.md"), "# v1\n");
  for (const args of [
    ["checkout", "--quiet", "-b", "main"],
    ["add", "."],
    ["commit", "--quiet", "-m", "init"],
    ["push", "--quiet", "origin", "HEAD:refs/heads/main"],
    ["checkout", "--quiet", "-b", "mlops-kit/upgrade-v0.2.0"],
  ]) {
    expect(await git(clone, ...args)).toBe(0);
  }
  writeFileSync(path.join(clone, "README.md"), "# v2\n");
  for (const args of [
    ["commit", "--quiet", "-am", "upgrade"],
    ["push", "--quiet", "origin", "HEAD:refs/heads/mlops-kit/upgrade-v0.2.0"],
    ["push", "--quiet", "origin", "main:refs/heads/same-as-main"],
  ]) {
    expect(await git(clone, ...args)).toBe(0);
  }
});

afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("pull requests", () => {
  const head = "mlops-kit/upgrade-v0.2.0";

  it("creates one, refusing a duplicate, unknown branches, nothing to compare and readers", async () => {
    const pr = (
      await alice.rest.pulls.create({
        owner,
        repo,
        title: "Upgrade mlops-kit to v0.2.0",
        head,
        base: "main",
        body: "b",
      })
    ).data;
    expect(pr).toMatchObject({
      number: 1,
      state: "open",
      merged: false,
      head: { ref: head },
      base: { ref: "main" },
    });
    expect(pr.head.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(
      await statusOf(
        alice.rest.pulls.create({ owner, repo, title: "again", head: `acme:${head}`, base: "main" }),
      ),
    ).toEqual({
      status: 422,
      message: "Validation Failed",
    });
    expect(
      (await statusOf(alice.rest.pulls.create({ owner, repo, title: "x", head: "nope", base: "main" })))
        .status,
    ).toBe(422);
    expect(
      (await statusOf(alice.rest.pulls.create({ owner, repo, title: "x", head, base: "nope" }))).status,
    ).toBe(422);
    expect(
      (
        await statusOf(
          alice.rest.pulls.create({ owner, repo, title: "x", head: "same-as-main", base: "main" }),
        )
      ).status,
    ).toBe(422);
    expect(
      (await statusOf(carol.rest.pulls.create({ owner, repo, title: "x", head, base: "main" }))).status,
    ).toBe(403);
  });

  it("lists by state and head, gets, and updates title and body", async () => {
    const open = await alice.rest.pulls.list({ owner, repo, head: `acme:${head}`, state: "open" });
    expect(open.data.map((p) => p.number)).toEqual([1]);
    expect((await alice.rest.pulls.list({ owner, repo, head: "acme:other", state: "all" })).data).toEqual([]);
    const updated = await alice.rest.pulls.update({
      owner,
      repo,
      pull_number: 1,
      title: "Upgrade (refreshed)",
      body: "new",
    });
    expect(updated.data).toMatchObject({ title: "Upgrade (refreshed)", body: "new" });
    expect((await alice.rest.pulls.get({ owner, repo, pull_number: 1 })).data.title).toBe(
      "Upgrade (refreshed)",
    );
    expect((await statusOf(alice.rest.pulls.get({ owner, repo, pull_number: 99 }))).status).toBe(404);
  });

  it("labels a pull request, creating the label when the repo lacks it", async () => {
    const labels = await alice.rest.issues.addLabels({
      owner,
      repo,
      issue_number: 1,
      labels: ["mlops-kit-upgrade"],
    });
    expect(labels.data.map((l) => l.name)).toEqual(["mlops-kit-upgrade"]);
    expect((await alice.rest.issues.getLabel({ owner, repo, name: "mlops-kit-upgrade" })).data.color).toBe(
      "ededed",
    );
    expect((await alice.rest.issues.createLabel({ owner, repo, name: "kit", color: "0e8a16" })).status).toBe(
      201,
    );
    expect((await statusOf(alice.rest.issues.createLabel({ owner, repo, name: "KIT" }))).status).toBe(422);
    expect(
      (await alice.rest.pulls.get({ owner, repo, pull_number: 1 })).data.labels.map((l) => l.name),
    ).toEqual(["mlops-kit-upgrade"]);
  });

  it("closes (unmerged) and reopens; closed pull requests list under state=closed", async () => {
    const closed = await alice.rest.pulls.update({ owner, repo, pull_number: 1, state: "closed" });
    expect(closed.data).toMatchObject({ state: "closed", merged: false, merged_at: null });
    expect(closed.data.closed_at).not.toBeNull();
    expect((await alice.rest.pulls.list({ owner, repo, state: "open" })).data).toEqual([]);
    expect((await alice.rest.pulls.list({ owner, repo, state: "closed" })).data.map((p) => p.number)).toEqual(
      [1],
    );
    const reopened = await alice.rest.pulls.update({ owner, repo, pull_number: 1, state: "open" });
    expect(reopened.data).toMatchObject({ state: "open", closed_at: null });
  });

  it("refuses writes to an archived repo", async () => {
    await alice.rest.repos.update({ owner, repo, archived: true });
    expect(await statusOf(alice.rest.pulls.update({ owner, repo, pull_number: 1, title: "x" }))).toEqual({
      status: 403,
      message: "Repository was archived so is read-only.",
    });
    expect((await alice.rest.pulls.list({ owner, repo, state: "all" })).data).toHaveLength(1);
  });

  it("answered every call with a body GitHub's description allows, and drove every operation", () => {
    expect(checks.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(shapeDifferences(checks)).toEqual([]);
    const driven = new Set(checks.map((c) => c.operationId));
    expect(Object.keys(pullHandlers).filter((id) => !driven.has(id))).toEqual([]);
  });
});
