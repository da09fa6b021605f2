/**
 * The repo create step when GitHub answers "already exists" (a retried POST whose first attempt had
 * succeeded, or someone faster): against the in-process simulator, the step accepts the kit's own repo
 * of the same team and refuses another team's repo and a hand-made one with a forged marker, before
 * any later step could provision into it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CreatePlan, CreateRepositoryStep } from "../../src/create-project/create-plan";
import { createGitHubStepExecutor } from "../../src/create-project/github-step-executor";
import { createGitHubClient } from "../../src/github/github-client";
import {
  createSimControls,
  demoSeedPath,
  loadSeedFile,
  type RunningSimulator,
  type SimControls,
  startSimulator,
} from "../../src/simulator/index";
import { exampleConfig } from "../../test/fixtures/example-config";
import { BOT_TOKEN, isWrite, ORG, octokitFor } from "../helpers/create-project-harness";

const REPO = "acme-forecast-demand";
let sim: RunningSimulator;
let controls: SimControls;

beforeAll(async () => {
  const seed = loadSeedFile(demoSeedPath());
  seed.users!.push({ login: "eve", token: "sim-token-eve" });
  seed.orgs![0]!.members!.push("eve");
  sim = await startSimulator({ seed });
  controls = createSimControls(sim.apiUrl);
});
afterAll(() => sim.close());
beforeEach(() => controls.reset());

function createStep(team: string): { plan: CreatePlan; step: CreateRepositoryStep } {
  const step: CreateRepositoryStep = {
    id: "repository",
    kind: "create-repository",
    area: "repository",
    description: "Create the repository",
    dependsOn: [],
    route: "POST /orgs/{org}/repos",
    params: {
      org: ORG,
      name: REPO,
      visibility: "private",
      custom_properties: { "managed-by": "mlops-kit", team },
    },
  };
  const plan: CreatePlan = {
    org: ORG,
    repo: REPO,
    url: `${sim.serverUrl}/${ORG}/${REPO}`,
    cloneUrl: `${sim.serverUrl}/${ORG}/${REPO}.git`,
    mode: "create",
    steps: [step],
    notes: [],
  };
  return { plan, step };
}

function execute(team: string) {
  const { plan, step } = createStep(team);
  const client = createGitHubClient({
    token: BOT_TOKEN,
    baseUrl: sim.apiUrl,
    spaceWrites: false,
    retries: 0,
  });
  return createGitHubStepExecutor({
    octokit: client.octokit,
    config: exampleConfig(),
    plan,
    team,
    token: BOT_TOKEN,
    secretValues: {},
    log: () => {},
  })(step);
}

describe("a create that answers 'already exists'", () => {
  it("is done when the repo is the kit's, for the same team", async () => {
    expect(await execute("forecasting")).toBe("created");
    expect(await execute("forecasting")).toBe("already-existed");
  });

  it("is refused when the kit made it for another team", async () => {
    await execute("forecasting");
    await expect(execute("pricing")).rejects.toThrow(/belongs to team "forecasting"/);
  });

  it("is refused when someone made it by hand with a forged marker, listing their grant", async () => {
    const alice = octokitFor(sim, "sim-token-alice");
    const editable = (values_editable_by: string) =>
      alice.request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
        org: ORG,
        custom_property_name: "managed-by",
        value_type: "single_select",
        allowed_values: ["mlops-kit", "manual"],
        values_editable_by,
      } as never);
    await editable("org_and_repo_actors");
    await octokitFor(sim, "sim-token-eve").request("POST /orgs/{org}/repos", {
      org: ORG,
      name: REPO,
      private: true,
      custom_properties: { "managed-by": "mlops-kit" },
    } as never);
    // While the marker is repo-editable, the kit trusts nothing about it.
    await expect(execute("forecasting")).rejects.toThrow(/can be set by repository admins/);
    await editable("org_actors");
    await controls.clearRequests();
    await expect(execute("forecasting")).rejects.toThrow(/collaborator eve \(admin\)/);
    // The refused POST is the only write attempted, and it changed nothing.
    expect((await controls.requests()).filter(isWrite).map((r) => r.status)).toEqual([422]);
  });
});
