/**
 * Another member of the org as the attacker (docs/security.md): the bundled create-project action,
 * against a simulator seeded with two allowed teams (forecasting: bob; pricing: carol; bob is also in
 * data-science) and a member of no team (eve). A request for a repo of another team, a hand-made repo
 * with a forged ownership marker, and an org whose marker repo admins may set are all refused before
 * any mutating request.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSimControls,
  demoSeedPath,
  loadSeedFile,
  type RunningSimulator,
  type SimControls,
  type SimSeed,
  startSimulator,
} from "../../src/simulator/index";
import {
  expectNoSecretIn,
  isWrite,
  ORG,
  projectState,
  runCreateAction,
} from "../helpers/create-project-harness";

const REPO = "acme-forecast-demand";

/** The demo org plus eve, an org member in no team, who may create repositories by hand. */
function authoritySeed(): SimSeed {
  const seed = loadSeedFile(demoSeedPath());
  seed.users = [
    ...(seed.users ?? []),
    { login: "eve", token: "sim-token-eve", name: "Eve (member, no team)" },
  ];
  const org = seed.orgs![0]!;
  org.members = [...(org.members ?? []), "eve"];
  return seed;
}

let sim: RunningSimulator;
let controls: SimControls;
const alice = () => new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-alice" });

async function setEditableBy(property: string, editableBy: "org_actors" | "org_and_repo_actors") {
  const current = await alice().request("GET /orgs/{org}/properties/schema/{custom_property_name}", {
    org: ORG,
    custom_property_name: property,
  });
  await alice().request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
    org: ORG,
    custom_property_name: property,
    value_type: current.data.value_type,
    ...(current.data.allowed_values ? { allowed_values: current.data.allowed_values } : {}),
    values_editable_by: editableBy,
  } as never);
}

beforeAll(async () => {
  sim = await startSimulator({ seed: authoritySeed() });
  controls = createSimControls(sim.apiUrl);
});
afterAll(() => sim.close());
beforeEach(() => controls.reset());

describe("an existing kit repo of another team", () => {
  beforeEach(async () => {
    const made = await runCreateAction(sim, { actor: "bob" });
    expect(made.exitCode, made.log).toBe(0);
    await controls.clearRequests();
  });

  it.each([
    ["a member of another team asking for it for that team", { actor: "carol", team: "pricing" }],
    [
      "a member of the owner team asking for it for a second team of theirs",
      { actor: "bob", team: "data-science" },
    ],
  ])("is refused for %s, naming the owner team, with no mutating request", async (_what, who) => {
    const before = await projectState(sim);
    await controls.clearRequests();
    const result = await runCreateAction(sim, {
      actor: who.actor,
      inputs: { team: who.team, "cost-center": "CC-9999" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/belongs to team \\?"forecasting\\?"/);
    expect(result.log).toMatch(/ask a member of/);
    expect(result.summary).toMatch(/belongs to team "forecasting"/);
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
    expect(await projectState(sim)).toEqual(before);
    expectNoSecretIn(result);
  });
});

describe("a hand-made repo with a forged ownership marker", () => {
  it("is refused, listing its creator's grant: no push, no secret sealed, nothing written", async () => {
    // The org once let repo actors set the marker; eve used that window to make the repo, then the
    // platform team closed it. The marker stays, so only the grants show who made the repo.
    await setEditableBy("managed-by", "org_and_repo_actors");
    await setEditableBy("team", "org_and_repo_actors");
    const eve = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-eve" });
    await eve.rest.repos.createInOrg({
      org: ORG,
      name: REPO,
      private: true,
      custom_properties: { "managed-by": "mlops-kit", team: "forecasting" },
    } as never);
    await setEditableBy("managed-by", "org_actors");
    await setEditableBy("team", "org_actors");
    await controls.clearRequests();

    const result = await runCreateAction(sim, { actor: "bob" });
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/collaborator eve \(admin\)/);
    const requests = await controls.requests();
    expect(requests.filter(isWrite)).toEqual([]);
    expect(requests.filter((r) => r.operationId === "git:receive-pack")).toEqual([]);
    expect(await controls.secrets(ORG, REPO)).toEqual({});
    expectNoSecretIn(result);
  });
});

describe("a forged repo whose maker covered their tracks", () => {
  it("is refused for its pending invitation and deploy key, though its maker left it", async () => {
    await setEditableBy("managed-by", "org_and_repo_actors");
    await setEditableBy("team", "org_and_repo_actors");
    const eve = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-eve" });
    await eve.rest.repos.createInOrg({
      org: ORG,
      name: REPO,
      private: true,
      custom_properties: { "managed-by": "mlops-kit", team: "forecasting" },
    } as never);
    // A friend outside the org, invited (access once accepted), and a key that can push workflows.
    await eve.rest.repos.addCollaborator({
      owner: ORG,
      repo: REPO,
      username: "mallory",
      permission: "admin",
    });
    await eve.rest.repos.createDeployKey({
      owner: ORG,
      repo: REPO,
      title: "eve-laptop",
      key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl eve",
    });
    await eve.rest.repos.removeCollaborator({ owner: ORG, repo: REPO, username: "eve" });
    await setEditableBy("managed-by", "org_actors");
    await setEditableBy("team", "org_actors");
    await controls.clearRequests();

    const result = await runCreateAction(sim, { actor: "bob" });
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/invitation of mallory \(admin\), pending/);
    expect(result.log).toMatch(/deploy key \\?"eve-laptop\\?" \(read and write\)/);
    expect(result.log).not.toMatch(/collaborator eve/);
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
    expect(await controls.secrets(ORG, REPO)).toEqual({});
    expectNoSecretIn(result);
  });
});

describe("an org whose ownership marker repository admins may set", () => {
  it.each(["managed-by", "team"])(
    "refuses to start when %s is repo-editable, with the fix",
    async (property) => {
      await setEditableBy(property, "org_and_repo_actors");
      await controls.clearRequests();
      const result = await runCreateAction(sim, { actor: "bob" });
      expect(result.exitCode).toBe(1);
      expect(result.log).toMatch(new RegExp(`"${property}".*values_editable_by: org_actors`));
      expect((await controls.requests()).filter(isWrite)).toEqual([]);
      expect((await projectState(sim)).exists).toBe(false);
    },
  );
});
