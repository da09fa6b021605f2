/**
 * Least privilege, proven for create-project: the bundled action runs as the kit's GitHub App with an
 * installation token holding exactly the permissions src/github/app-permissions.ts lists for the
 * `create` job, and succeeds; every call it makes is covered by that set (GitHub's per-endpoint table
 * decides). Without any one permission, the run fails before any write, or names the missing
 * permission, and a re-run with the permission granted completes the same repo.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kitJob, permissionLabel } from "../../src/github/app-permissions";
import {
  mintInstallationToken,
  type RunningSimulator,
  routeMatcher,
  type SimControls,
} from "../../src/simulator/index";
import { operationPermissions, permitted } from "../../src/simulator/permission-check";
import { isWrite, ORG, runCreateAction, startDemoSimulator } from "../helpers/create-project-harness";

const REPO = "acme-forecast-demand";
const job = kitJob("create-project.yml", "create");
let sim: RunningSimulator;
let controls: SimControls;

beforeAll(async () => {
  ({ sim, controls } = await startDemoSimulator());
});
afterAll(async () => {
  await sim?.close();
});

/** Mints a token as the workflow does, then clears the request log (minting is not the kit's doing). */
async function tokenWith(permissions: Record<string, string>): Promise<string> {
  const { token } = await mintInstallationToken(sim.apiUrl, { org: ORG, permissions });
  await controls.clearRequests();
  return token;
}

function without(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(job.permissions).filter(([n]) => n !== name));
}

async function repoComplete(): Promise<void> {
  const alice = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-alice" });
  const { data: repo } = await alice.rest.repos.get({ owner: ORG, repo: REPO });
  expect(repo.topics).toContain("mlops-kit");
  const branch = await alice.rest.repos.getBranch({ owner: ORG, repo: REPO, branch: "main" });
  expect(branch.data.protected).toBe(true);
  const secrets = await controls.secrets(ORG, REPO);
  expect(Object.keys(secrets).length).toBeGreaterThan(0);
}

describe("create-project as the kit's GitHub App", () => {
  it("succeeds with exactly the documented permissions, each call covered by them", async () => {
    await controls.reset();
    const token = await tokenWith({ ...job.permissions });
    const result = await runCreateAction(sim, { inputs: { token } });
    expect(result.exitCode, result.log).toBe(0);
    await repoComplete();
    const operations = routeMatcher().operations();
    const granted = { metadata: "read" as const, ...job.permissions };
    const uncovered = (await controls.requests())
      .filter((r) => !r.operationId.startsWith("git:") && r.operationId !== "unknown")
      .filter((r) => {
        const op = operations.find((o) => o.operationId === r.operationId)!;
        return !permitted(granted, operationPermissions(op.method, op.template)!);
      });
    expect(uncovered).toEqual([]);
    expect(result.log).not.toContain(token);
  });

  it.each(Object.keys(job.permissions))(
    "without %s: refuses before writing, or names it; a re-run with it completes",
    async (name) => {
      await controls.reset();
      if (name === "repository_custom_properties") {
        // Only a resumed repo lacking a value needs it: made by the kit (marker set), cost center missing.
        const app = new Octokit({ baseUrl: sim.apiUrl, auth: await tokenWith({ ...job.permissions }) });
        await app.request("POST /orgs/{org}/repos", {
          org: ORG,
          name: REPO,
          private: true,
          custom_properties: { "managed-by": "mlops-kit", team: "forecasting" },
        });
        await controls.clearRequests();
      }
      const failed = await runCreateAction(sim, { inputs: { token: await tokenWith(without(name)) } });
      expect(failed.exitCode, failed.log).toBe(1);
      const writes = (await controls.requests()).filter(isWrite);
      // Where the kit could not know before writing, the error names the permission to grant.
      if (writes.length > 0) expect(failed.log).toContain(`${permissionLabel(name)}:`);
      const resumed = await runCreateAction(sim, {
        inputs: { token: await tokenWith({ ...job.permissions }) },
      });
      expect(resumed.exitCode, resumed.log).toBe(0);
      await repoComplete();
    },
  );
});

describe("an org ruleset targeting kit repos and the first push", () => {
  const ruleset = (bypass: { actor_id: number; actor_type: "Integration"; bypass_mode: "always" }[]) => ({
    org: ORG,
    name: "kit repos need pull requests",
    target: "branch" as const,
    enforcement: "active" as const,
    bypass_actors: bypass,
    conditions: {
      ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
      repository_property: {
        include: [{ name: "managed-by", property_values: ["mlops-kit"], source: "custom" as const }],
        exclude: [],
      },
    },
    rules: [{ type: "pull_request" as const }, { type: "non_fast_forward" as const }],
  });

  it("refuses the first push unless the App is a bypass actor; the run says so and resumes once it is", async () => {
    await controls.reset();
    const owner = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-alice" });
    const { data } = await owner.request("POST /orgs/{org}/rulesets", ruleset([]));
    const refused = await runCreateAction(sim, {
      inputs: { token: await tokenWith({ ...job.permissions }) },
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.log).toContain("GH013: Repository rule violations found for refs/heads/main.");
    expect(refused.log).toContain("make the kit's GitHub App a bypass actor of that ruleset");
    const [app] = await controls.apps();
    await owner.request("PUT /orgs/{org}/rulesets/{ruleset_id}", {
      ...ruleset([{ actor_id: app!.id, actor_type: "Integration", bypass_mode: "always" }]),
      ruleset_id: data.id,
    });
    const resumed = await runCreateAction(sim, {
      inputs: { token: await tokenWith({ ...job.permissions }) },
    });
    expect(resumed.exitCode, resumed.log).toBe(0);
    await repoComplete();
  });
});
