/**
 * Shapes fixed to GitHub's: the topics 422 is "Validation Failed" with the detail in `errors[]` (and
 * meets the description's `validation-error-simple` schema); push restrictions drop a team that cannot push.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningSimulator,
  routeMatcher,
  startSimulator,
  validateResponseBody,
} from "../../src/simulator/index";
import { quietLog } from "./sim-test-kit";

let sim: RunningSimulator;
let owner: Octokit;

beforeAll(async () => {
  sim = await startSimulator({
    seed: {
      users: [{ login: "olivia", token: "shape-owner" }],
      orgs: [
        {
          login: "acme",
          owners: ["olivia"],
          teams: [{ slug: "writers" }, { slug: "readers" }],
          repos: [{ name: "repo", default_branch: "main", teams: { writers: "push", readers: "pull" } }],
        },
      ],
    },
  });
  owner = new Octokit({ baseUrl: sim.apiUrl, auth: "shape-owner", log: quietLog });
});
afterAll(async () => {
  await sim?.close();
});

describe("shapes", () => {
  it("an invalid topic answers 422 Validation Failed with the detail in errors[]", async () => {
    const response = await fetch(`${sim.apiUrl}/repos/acme/repo/topics`, {
      method: "PUT",
      headers: { authorization: "token shape-owner", "content-type": "application/json" },
      body: JSON.stringify({ names: ["Not_Valid"] }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { message: string; errors: string[] };
    expect(body.message).toBe("Validation Failed");
    expect(body.errors[0]).toContain("'Not_Valid' is not a valid topic");
    const operation = routeMatcher().match("PUT", "/repos/acme/repo/topics")!.operation;
    expect(validateResponseBody(operation, 422, body)).toEqual([]);
  });

  it("push restrictions keep only teams that can push", async () => {
    const { data } = await owner.request("PUT /repos/{owner}/{repo}/branches/{branch}/protection", {
      owner: "acme",
      repo: "repo",
      branch: "main",
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: { users: [], teams: ["writers", "readers"] },
    });
    expect(data.restrictions?.teams.map((t) => t.slug)).toEqual(["writers"]);
    const read = await owner.request("GET /repos/{owner}/{repo}/branches/{branch}/protection", {
      owner: "acme",
      repo: "repo",
      branch: "main",
    });
    expect(read.data.restrictions?.teams.map((t) => t.slug)).toEqual(["writers"]);
  });
});
