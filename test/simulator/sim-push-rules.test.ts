/**
 * The simulator's pre-receive step on real git pushes: classic protection (GH006) and repo and org
 * rulesets (GH013, org rulesets targeted by custom property) refuse direct pushes, force pushes and
 * deletions with GitHub's messages; `enforce_admins: false` and ruleset bypass actors (a role, an App)
 * are admitted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSimControls,
  mintInstallationToken,
  type RunningSimulator,
  type SimControls,
  type SimSeed,
  startSimulator,
} from "../../src/simulator/index";
import { quietLog, runGit } from "./sim-test-kit";

const ALICE = "push-alice"; // org owner: admin everywhere
const BOB = "push-bob"; // team member with push access
const APP_ID = 5151;
let sim: RunningSimulator;
let controls: SimControls;
let work: string;
let alice: Octokit;
let counter = 0;

const seed: SimSeed = {
  users: [
    { login: "alice", token: ALICE },
    { login: "bob", token: BOB },
  ],
  orgs: [
    {
      login: "acme",
      owners: ["alice"],
      members: ["bob"],
      teams: [{ slug: "ml", members: ["bob"] }],
      custom_properties: [
        { property_name: "managed-by", value_type: "single_select", allowed_values: ["mlops-kit", "manual"] },
      ],
    },
  ],
  apps: [
    {
      slug: "kit",
      id: APP_ID,
      permissions: { administration: "write", contents: "write", members: "read" },
      installations: [{ account: "acme" }],
    },
  ],
};

beforeAll(async () => {
  sim = await startSimulator({ seed });
  controls = createSimControls(sim.apiUrl);
  alice = new Octokit({ baseUrl: sim.apiUrl, auth: ALICE, log: quietLog });
  work = mkdtempSync(path.join(tmpdir(), "sim-push-rules-"));
});
afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Repo {
  name: string;
  dir: string;
  remote: string;
  git(token: string, ...args: string[]): Promise<{ status: number | null; output: string }>;
  /** A new commit on top of main, pushed with `token`. */
  push(token: string, ...flags: string[]): Promise<{ status: number | null; output: string }>;
}

/** A repo with one pushed commit on main (no rules yet), team `ml` granted push. */
async function repoWithMain(properties: Record<string, string> = {}): Promise<Repo> {
  const name = `acme-push-${++counter}`;
  await alice.request("POST /orgs/{org}/repos", {
    org: "acme",
    name,
    ...(Object.keys(properties).length ? { custom_properties: properties } : {}),
  });
  await alice.request("PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}", {
    org: "acme",
    team_slug: "ml",
    owner: "acme",
    repo: name,
    permission: "push",
  });
  const dir = path.join(work, name);
  const remote = `${sim.serverUrl}/acme/${name}.git`;
  const git = (token: string, ...args: string[]) => runGit(work, dir, token, ...args);
  await runGit(work, work, undefined, "init", "-q", "-b", "main", dir);
  writeFileSync(path.join(dir, "a.txt"), "1\n");
  await git(ALICE, "add", ".");
  await git(ALICE, "commit", "-q", "-m", "first");
  const first = await git(ALICE, "push", remote, "main");
  expect(first.status, first.output).toBe(0);
  let n = 1;
  return {
    name,
    dir,
    remote,
    git,
    async push(token, ...flags) {
      writeFileSync(path.join(dir, "a.txt"), `${++n}\n`);
      await git(token, "commit", "-q", "-am", `change ${n}`);
      return git(token, "push", ...flags, remote, "HEAD:refs/heads/main");
    },
  };
}

/** Rewrites the last commit (so the next push is a force push). */
async function amend(repo: Repo): Promise<void> {
  writeFileSync(path.join(repo.dir, "a.txt"), "rewritten\n");
  await repo.git(ALICE, "commit", "-q", "-a", "--amend", "-m", "rewritten");
}

beforeEach(() => controls.clearRequests());

describe("classic branch protection (GH006)", () => {
  async function protect(repo: Repo, body: Record<string, unknown>) {
    await alice.request("PUT /repos/{owner}/{repo}/branches/{branch}/protection", {
      owner: "acme",
      repo: repo.name,
      branch: "main",
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
      ...body,
    });
  }

  it("refuses a direct push when pull requests are required, with GitHub's messages", async () => {
    const repo = await repoWithMain();
    await protect(repo, { required_pull_request_reviews: { required_approving_review_count: 1 } });
    const refused = await repo.push(ALICE);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain("GH006: Protected branch update failed for refs/heads/main.");
    expect(refused.output).toContain("Changes must be made through a pull request.");
    expect(refused.output).toContain("[remote rejected]");
  });

  it("refuses a push whose required status checks have not run", async () => {
    const repo = await repoWithMain();
    await protect(repo, { required_status_checks: { strict: true, contexts: ["ci / build-test"] } });
    const refused = await repo.push(BOB);
    expect(refused.output).toContain('Required status check "ci / build-test" is expected.');
  });

  it("refuses force pushes and deletion unless allowed; a fast-forward without other rules passes", async () => {
    const repo = await repoWithMain();
    await protect(repo, {});
    expect((await repo.push(BOB)).status).toBe(0);
    await amend(repo);
    const forced = await repo.git(BOB, "push", "--force", repo.remote, "HEAD:refs/heads/main");
    expect(forced.output).toContain("Cannot force-push to this branch");
    const deleted = await repo.git(ALICE, "push", repo.remote, ":refs/heads/main");
    expect(deleted.output).toContain("Cannot delete this branch");
    await protect(repo, { allow_force_pushes: true });
    const allowed = await repo.git(BOB, "push", "--force", repo.remote, "HEAD:refs/heads/main");
    expect(allowed.status, allowed.output).toBe(0);
  });

  it("enforce_admins: false admits admins, not writers", async () => {
    const repo = await repoWithMain();
    await protect(repo, {
      enforce_admins: false,
      required_pull_request_reviews: { required_approving_review_count: 1 },
    });
    expect((await repo.push(BOB)).output).toContain("GH006");
    const admin = await repo.push(ALICE);
    expect(admin.status, admin.output).toBe(0);
  });
});

describe("rulesets (GH013)", () => {
  const rules = [
    { type: "pull_request" as const, parameters: PR_PARAMETERS() },
    { type: "non_fast_forward" as const },
    { type: "deletion" as const },
  ];

  it("a repo ruleset refuses direct, force and deleting pushes; a role bypass actor is admitted", async () => {
    const repo = await repoWithMain();
    const { data } = await alice.request("POST /repos/{owner}/{repo}/rulesets", {
      owner: "acme",
      repo: repo.name,
      name: "main",
      target: "branch",
      enforcement: "active",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules,
    });
    const refused = await repo.push(BOB);
    expect(refused.output).toContain("GH013: Repository rule violations found for refs/heads/main.");
    expect(refused.output).toContain("- Changes must be made through a pull request.");
    await repo.git(BOB, "reset", "-q", "--hard", "HEAD~1");
    await amend(repo);
    const forced = await repo.git(ALICE, "push", "--force", repo.remote, "HEAD:refs/heads/main");
    expect(forced.output).toContain("- Cannot force-push to this branch");
    expect((await repo.git(ALICE, "push", repo.remote, ":refs/heads/main")).output).toContain(
      "- Cannot delete this branch",
    );
    await alice.request("PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
      owner: "acme",
      repo: repo.name,
      ruleset_id: data.id,
      bypass_actors: [{ actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "always" }],
    });
    await repo.git(ALICE, "fetch", "-q", repo.remote, "main");
    await repo.git(ALICE, "reset", "-q", "--hard", "FETCH_HEAD");
    const admin = await repo.push(ALICE);
    expect(admin.status, admin.output).toBe(0);
    expect((await repo.push(BOB)).output).toContain("GH013");
  });

  it("an org ruleset targets repos by custom property; an App bypass actor is admitted, other Apps not", async () => {
    const governed = await repoWithMain({ "managed-by": "mlops-kit" });
    const other = await repoWithMain({ "managed-by": "manual" });
    const { data } = await alice.request("POST /orgs/{org}/rulesets", {
      org: "acme",
      name: "kit repos",
      target: "branch",
      enforcement: "active",
      conditions: {
        ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
        repository_property: {
          include: [{ name: "managed-by", property_values: ["mlops-kit"], source: "custom" }],
          exclude: [],
        },
      },
      rules,
    });
    expect((await governed.push(ALICE)).output).toContain("GH013");
    expect((await other.push(BOB)).status).toBe(0);
    const { token } = await mintInstallationToken(sim.apiUrl, { org: "acme", app: "kit" });
    await governed.git(ALICE, "reset", "-q", "--hard", "HEAD~1");
    expect((await governed.push(token)).output).toContain("GH013");
    await alice.request("PUT /orgs/{org}/rulesets/{ruleset_id}", {
      org: "acme",
      ruleset_id: data.id,
      bypass_actors: [{ actor_id: APP_ID, actor_type: "Integration", bypass_mode: "always" }],
    });
    await governed.git(ALICE, "reset", "-q", "--hard", "HEAD~1");
    const app = await governed.push(token);
    expect(app.status, app.output).toBe(0);
    expect((await governed.push(ALICE)).output).toContain("GH013");
    await alice.request("DELETE /orgs/{org}/rulesets/{ruleset_id}", { org: "acme", ruleset_id: data.id });
  });

  it("an evaluate-mode ruleset refuses nothing", async () => {
    const repo = await repoWithMain();
    await alice.request("POST /repos/{owner}/{repo}/rulesets", {
      owner: "acme",
      repo: repo.name,
      name: "trial",
      target: "branch",
      enforcement: "evaluate",
      conditions: { ref_name: { include: ["~ALL"], exclude: [] } },
      rules,
    });
    expect((await repo.push(BOB)).status).toBe(0);
  });
});

function PR_PARAMETERS() {
  return {
    required_approving_review_count: 1,
    dismiss_stale_reviews_on_push: false,
    require_code_owner_review: false,
    require_last_push_approval: false,
    required_review_thread_resolution: false,
  };
}
