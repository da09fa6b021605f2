/**
 * Org plans in the simulator: `internal` repos only on Enterprise; protection and rulesets on private
 * repos refused on Free (GitHub's "Upgrade to GitHub Pro…" 403), allowed on public ones; custom
 * properties absent on Free (404); Team and Enterprise allow protection on private repos.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/simulator/index";
import { quietLog, statusOf } from "./sim-test-kit";

let sim: RunningSimulator;
let owner: Octokit;
const PROTECTION = {
  required_status_checks: null,
  enforce_admins: true,
  required_pull_request_reviews: null,
  restrictions: null,
};

beforeAll(async () => {
  sim = await startSimulator({
    seed: {
      users: [{ login: "olivia", token: "plan-owner" }],
      orgs: (["free", "team", "enterprise"] as const).map((plan) => ({
        login: `org-${plan}`,
        plan,
        owners: ["olivia"],
        custom_properties: [{ property_name: "cost-center", value_type: "string" as const }],
        repos: [
          { name: "private-one", default_branch: "main", visibility: "private" as const },
          { name: "public-one", default_branch: "main", visibility: "public" as const },
        ],
      })),
    },
  });
  owner = new Octokit({ baseUrl: sim.apiUrl, auth: "plan-owner", log: quietLog });
});
afterAll(async () => {
  await sim?.close();
});

const protect = (org: string, repo: string) =>
  owner.request("PUT /repos/{owner}/{repo}/branches/{branch}/protection", {
    owner: org,
    repo,
    branch: "main",
    ...PROTECTION,
  });

describe("plans", () => {
  it("internal repositories only on Enterprise", async () => {
    const create = (org: string) =>
      // GHEC accepts `internal`; Octokit's api.github.com types do not.
      owner.request("POST /orgs/{org}/repos", {
        org,
        name: "x-internal",
        ...({ visibility: "internal" } as object),
      });
    expect((await create("org-enterprise")).status).toBe(201);
    expect((await statusOf(create("org-team"))).status).toBe(422);
    expect((await statusOf(create("org-free"))).status).toBe(422);
  });

  it("protection and rulesets on private repos: refused on Free, allowed on Team and Enterprise", async () => {
    const refused = await statusOf(protect("org-free", "private-one"));
    expect(refused).toEqual({
      status: 403,
      message: "Upgrade to GitHub Pro or make this repository public to enable this feature.",
    });
    const ruleset = await statusOf(
      owner.request("POST /repos/{owner}/{repo}/rulesets", {
        owner: "org-free",
        repo: "private-one",
        name: "r",
        enforcement: "active",
        rules: [{ type: "deletion" }],
      }),
    );
    expect(ruleset.status).toBe(403);
    expect((await protect("org-free", "public-one")).status).toBe(200);
    expect((await protect("org-team", "private-one")).status).toBe(200);
    expect((await protect("org-enterprise", "private-one")).status).toBe(200);
  });

  it("custom properties are absent on Free (404), present on Team and Enterprise", async () => {
    const schema = (org: string) => owner.request("GET /orgs/{org}/properties/schema", { org });
    expect((await statusOf(schema("org-free"))).status).toBe(404);
    expect((await schema("org-team")).data).toHaveLength(1);
    const { data } = await owner.request("GET /orgs/{org}", { org: "org-free" });
    expect(data.plan?.name).toBe("free");
  });
});
