/**
 * The bundled create-project action (dist/), run as the Actions runner runs it, against the GitHub
 * simulator's demo org. The created repository is read back through the API, `git clone` and the
 * simulator's decrypted secrets; faulted runs are re-run and must converge to a clean run's end state.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { kitRoot } from "../../src/kit-paths";
import type { RunningSimulator, SimControls } from "../../src/simulator/index";
import {
  BOT_TOKEN,
  type CreateActionResult,
  expectNoSecretIn,
  isWrite,
  ORG,
  projectState,
  runCreateAction,
  SECRET_ENV,
  scorecardReadBack,
  startDemoSimulator,
} from "../helpers/create-project-harness";

const REPO = "acme-forecast-demand";
let sim: RunningSimulator;
let controls: SimControls;
let cleanState: Awaited<ReturnType<typeof projectState>>;

beforeAll(async () => {
  ({ sim, controls } = await startDemoSimulator());
});
afterAll(() => sim.close());

describe("a clean run", () => {
  let result: CreateActionResult;
  beforeAll(async () => {
    await controls.reset();
    // A runner's own EDITOR, PAGER or GIT_DIR must not steer (or, with simple-git, block) the push.
    result = await runCreateAction(sim, { env: { EDITOR: "vi", PAGER: "less", GIT_DIR: "/nonexistent" } });
    cleanState = await projectState(sim);
  });

  it("succeeds with the repository's URL and name as outputs, and masks every secret", () => {
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs["repo-name"]).toBe(`${ORG}/${REPO}`);
    expect(result.outputs["repo-url"]).toBe(`${sim.serverUrl}/${ORG}/${REPO}`);
    expect(result.masked).toEqual(expect.arrayContaining([BOT_TOKEN, ...Object.values(SECRET_ENV)]));
    expectNoSecretIn(result);
  });

  it("writes a JSON report of every step", () => {
    const report = JSON.parse(result.report);
    expect(report).toMatchObject({ ok: true, repository: { fullName: `${ORG}/${REPO}` } });
    expect(report.steps.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(["repository", "content", "protection", "secret:prod:DATABRICKS_CLIENT_SECRET"]),
    );
    expect(report.steps.every((s: { status: string }) => s.status === "done")).toBe(true);
  });

  it("creates the repository with the rendered template as its first commit", () => {
    expect(cleanState.exists).toBe(true);
    if (!cleanState.exists) return;
    expect(cleanState.repository).toMatchObject({ visibility: "private", defaultBranch: "main" });
    expect(cleanState.content.files).toEqual(
      expect.arrayContaining([
        ".github/CODEOWNERS",
        ".github/workflows/ci.yml",
        ".mlops-kit/answers.yml",
        "databricks.yml",
        "pyproject.toml",
        "src/acme_forecast_demand/main.py",
        "tests/test_main.py",
      ]),
    );
  });

  it("seals every secret so that the value arrives intact, repo- and environment-level", () => {
    if (!cleanState.exists) throw new Error("no repo");
    expect(cleanState.secrets).toEqual({ MODEL_REGISTRY_TOKEN: SECRET_ENV.MLOPS_MODEL_REGISTRY_TOKEN });
    const byName = Object.fromEntries(cleanState.environments.map((e) => [e.name, e]));
    expect(byName.dev?.secrets).toEqual({
      DATABRICKS_CLIENT_ID: SECRET_ENV.MLOPS_DEV_DATABRICKS_CLIENT_ID,
      DATABRICKS_CLIENT_SECRET: SECRET_ENV.MLOPS_DEV_DATABRICKS_CLIENT_SECRET,
    });
    expect(byName.prod?.secrets).toEqual({
      DATABRICKS_CLIENT_ID: SECRET_ENV.MLOPS_PROD_DATABRICKS_CLIENT_ID,
      DATABRICKS_CLIENT_SECRET: SECRET_ENV.MLOPS_PROD_DATABRICKS_CLIENT_SECRET,
    });
    expect(byName.prod?.protection).toEqual([
      { type: "required_reviewers", reviewers: [["Team", "forecasting"]], preventSelfReview: true },
    ]);
  });

  it("tags for cost (custom properties, topics), grants team access and protects main", () => {
    if (!cleanState.exists) throw new Error("no repo");
    expect(cleanState.customProperties).toEqual([
      { property_name: "cost-center", value: "CC-1234" },
      { property_name: "managed-by", value: "mlops-kit" },
      { property_name: "team", value: "forecasting" },
      { property_name: "template", value: "batch-job" },
    ]);
    expect(cleanState.topics).toEqual(["brand-acme", "machine-learning", "mlops-kit", "team-forecasting"]);
    expect(cleanState.teams).toEqual([
      ["forecasting", "maintain"],
      ["platform", "admin"],
    ]);
    expect(cleanState.protection).toEqual({
      checks: ["ci / build-test"],
      strict: true,
      reviews: { count: 1, codeOwners: true, dismissStale: true, lastPush: true },
      enforceAdmins: true,
      forcePushes: false,
      deletions: false,
      conversationResolution: true,
    });
  });

  it("protects main so that the protection read back through the API scores 8/10 on OpenSSF Scorecard", async () => {
    const score = await scorecardReadBack(sim);
    expect(score.score).toBe(8);
    expect(score.missing).toEqual(["requireTwoApprovals"]);
    expect(JSON.parse(result.report).protectionScore).toMatchObject({ score: 8, preset: "default" });
    expect(result.summary).toContain("OpenSSF Scorecard Branch-Protection **8/10**");
    expect(result.summary).toMatch(/To raise it: require at least 2 approvals .*\(\+2 → 10\)/);
  });

  it("writes a job summary that links the repo and says what to do next", () => {
    expect(result.summary).toContain(`${sim.serverUrl}/${ORG}/${REPO}`);
    expect(result.summary).toMatch(/next/i);
  });

  it("converges when run again: nothing duplicated, created or overwritten", async () => {
    await controls.clearRequests();
    const again = await runCreateAction(sim);
    expect(again.exitCode, again.log).toBe(0);
    const requests = await controls.requests();
    expect(requests.filter((r) => r.method === "POST" && r.operationId === "repos/create-in-org")).toEqual(
      [],
    );
    expect(requests.filter((r) => r.operationId === "git:receive-pack")).toEqual([]);
    expect(await projectState(sim)).toEqual(cleanState);
  });
});

describe("a dry run", () => {
  it("prints the plan to the log and the summary and changes nothing", async () => {
    await controls.reset();
    const result = await runCreateAction(sim, { inputs: { "dry-run": "true" } });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.log).toContain("PUT /repos/acme/acme-forecast-demand/branches/main/protection");
    expect(result.summary).toMatch(/dry run/i);
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
    expect((await projectState(sim)).exists).toBe(false);
  });
});

describe("refusals create nothing and say why", () => {
  beforeEach(() => controls.reset());

  const refusals: [string, Parameters<typeof runCreateAction>[1], RegExp][] = [
    ["a name outside the convention", { inputs: { name: "Acme_Forecast" } }, /name/i],
    ["a shell metacharacter in the name", { inputs: { name: "acme-forecast-x;rm" } }, /name/i],
    ["an expression in the name", { inputs: { name: "acme-forecast-${{github.token}}" } }, /name/i],
    ["a requester outside the org", { actor: "mallory" }, /mallory/],
    ["a requester whose invitation is pending", { actor: "dave" }, /dave/],
    ["a triggering actor who is not a member", { actor: "bob", triggeringActor: "mallory" }, /mallory/],
    ["a team the requester does not belong to", { inputs: { team: "pricing" } }, /pricing/],
    ["a team the config does not allow", { inputs: { team: "platform" } }, /platform/],
    ["a cost center of the wrong form", { inputs: { "cost-center": "1234" } }, /cost/i],
    ["a missing required secret", { env: { MLOPS_PROD_DATABRICKS_CLIENT_SECRET: "" } }, /secret/i],
  ];
  it.each(refusals)("refuses %s", async (_what, run, message) => {
    const result = await runCreateAction(sim, run);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/::error::/);
    expect(result.log).toMatch(message);
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
    expectNoSecretIn(result);
  });

  it("refuses to go on when the token may not read the org's custom properties (ownership unknowable)", async () => {
    await controls.addFault({
      method: "GET",
      operationId: "orgs/custom-properties-for-repos-get-organization-definitions",
      status: 403,
      times: 10,
    });
    const result = await runCreateAction(sim);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/Custom properties: read/);
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
  });

  it("refuses a repository that exists and was not made by the kit, and leaves it untouched", async () => {
    const alice = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-alice" });
    await alice.rest.repos.createInOrg({ org: ORG, name: REPO, description: "hand-made", private: true });
    const before = await projectState(sim);
    await controls.clearRequests();
    const result = await runCreateAction(sim);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/not created by mlops-kit|not made by|was not created|not managed/i);
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
    expect(await projectState(sim)).toEqual(before);
  });
});

describe("the strict protection preset", () => {
  const configDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-strict-"));
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));
  /** The shipped config with one word changed, and optionally the mechanism. */
  const strictConfig = (mechanism: "classic" | "ruleset") => {
    const file = path.join(configDir, `${mechanism}.yml`);
    const text = readFileSync(path.join(kitRoot(), "mlops-kit.config.yml"), "utf8")
      .replace(/^ {2}preset: default$/m, "  preset: strict")
      .replace(/^ {2}mechanism: classic$/m, `  mechanism: ${mechanism}`);
    expect(text).toMatch(/^ {2}preset: strict$/m);
    writeFileSync(file, text);
    return file;
  };

  it.each(["classic", "ruleset"] as const)(
    "a repo made with `preset: strict` (%s) scores 10/10, read back through the API",
    async (mechanism) => {
      await controls.reset();
      const result = await runCreateAction(sim, { inputs: { config: strictConfig(mechanism) } });
      expect(result.exitCode, result.log).toBe(0);
      const score = await scorecardReadBack(sim);
      expect(score).toMatchObject({ score: 10, missing: [] });
      expect(result.summary).toContain(
        "OpenSSF Scorecard Branch-Protection **10/10** (`branchProtection.preset: strict`)",
      );
      expect(result.summary).not.toContain("To raise it");
    },
  );
});

describe("an internal repository (GitHub Enterprise Cloud)", () => {
  it("creates it with internal visibility", async () => {
    await controls.reset();
    const result = await runCreateAction(sim, { inputs: { visibility: "internal" } });
    expect(result.exitCode, result.log).toBe(0);
    const state = await projectState(sim);
    expect(state.exists && state.repository.visibility).toBe("internal");
    expect(state.exists && state.repository.private).toBe(true);
  });
});

describe("the online-service template", () => {
  it("creates a service repo whose files and tags name the template", async () => {
    await controls.reset();
    const result = await runCreateAction(sim, {
      inputs: { name: "acme-churn-scoring", template: "online-service", "cost-center": "CC-2345" },
    });
    expect(result.exitCode, result.log).toBe(0);
    expectNoSecretIn(result);
    const state = await projectState(sim, "acme-churn-scoring");
    if (!state.exists) throw new Error("no repo");
    expect(state.content.files).toEqual(
      expect.arrayContaining(["databricks.yml", "src/acme_churn_scoring/main.py", ".mlops-kit/answers.yml"]),
    );
    expect(state.customProperties).toContainEqual({ property_name: "template", value: "online-service" });
    expect(state.customProperties).toContainEqual({ property_name: "cost-center", value: "CC-2345" });
    expect(state.protection?.checks).toEqual(["ci / build-test"]);
  });
});

describe("GitHub's replication lag", () => {
  it("retries a push that git answers with 'Repository not found' right after the create", async () => {
    const lagged = await startDemoSimulator({ gitReplicationLagRequests: 3 });
    try {
      const result = await runCreateAction(lagged.sim);
      expect(result.exitCode, result.log).toBe(0);
      expect(result.log).toMatch(/not found/i);
      const notFound = (await lagged.controls.requests()).filter(
        (r) => r.operationId.startsWith("git:") && r.status === 404,
      );
      expect(notFound.length).toBe(3);
      const state = await projectState(lagged.sim);
      // Files, not tree hashes: rendered files name the server's URL, and this simulator has its own port.
      expect(state.exists && state.content.files).toEqual(cleanState.exists && cleanState.content.files);
    } finally {
      await lagged.sim.close();
    }
  });
});
