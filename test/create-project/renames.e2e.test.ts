/**
 * Renamed repositories: the simulator answers the old name with GitHub's redirects (301 for GET, 307
 * otherwise, to `/repositories/{id}`) and serves `/repositories/{id}/…`; the kit neither takes a repo
 * renamed away from the requested name for that name (it creates the name anew, leaving the renamed
 * repo untouched) nor misses a repo renamed to it.
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSimulator, SimControls } from "../../src/simulator/index";
import { isWrite, ORG, runCreateAction, startDemoSimulator } from "../helpers/create-project-harness";

const REPO = "acme-forecast-demand";
let sim: RunningSimulator;
let controls: SimControls;
let alice: Octokit;

beforeAll(async () => {
  ({ sim, controls } = await startDemoSimulator());
  alice = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-alice" });
});
afterAll(async () => {
  await sim?.close();
});

async function raw(method: string, path: string, body?: unknown) {
  return fetch(`${sim.apiUrl}${path}`, {
    method,
    redirect: "manual",
    headers: { authorization: "token sim-token-alice", "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

describe("the simulator after a rename", () => {
  it("redirects the old name (301 GET, 307 PATCH) to /repositories/{id}, which Octokit follows", async () => {
    await controls.reset();
    const { data: made } = await alice.rest.repos.createInOrg({
      org: ORG,
      name: "acme-old-name",
      private: true,
    });
    await alice.rest.repos.update({ owner: ORG, repo: "acme-old-name", name: "acme-new-name" });
    const get = await raw("GET", `/repos/${ORG}/acme-old-name?x=1`);
    expect(get.status).toBe(301);
    expect(get.headers.get("location")).toBe(`${sim.apiUrl}/repositories/${made.id}?x=1`);
    const patch = await raw("PATCH", `/repos/${ORG}/acme-old-name`, { description: "d" });
    expect(patch.status).toBe(307);
    expect(patch.headers.get("location")).toBe(`${sim.apiUrl}/repositories/${made.id}`);
    const followed = await alice.rest.repos.get({ owner: ORG, repo: "acme-old-name" });
    expect(followed.data).toMatchObject({ id: made.id, name: "acme-new-name" });
    const topics = await raw("GET", `/repositories/${made.id}/topics`);
    expect(topics.status).toBe(200);
    // Someone who cannot see the repo learns nothing.
    const mallory = await fetch(`${sim.apiUrl}/repos/${ORG}/acme-old-name`, {
      redirect: "manual",
      headers: { authorization: "token sim-token-mallory" },
    });
    expect(mallory.status).toBe(404);
  });
});

describe("create-project and renames", () => {
  it("creates the requested name anew when the repo that had it was renamed away, leaving that repo alone", async () => {
    await controls.reset();
    expect((await runCreateAction(sim)).exitCode).toBe(0);
    await alice.rest.repos.update({ owner: ORG, repo: REPO, name: "acme-forecast-renamed" });
    const before = (await alice.rest.repos.get({ owner: ORG, repo: "acme-forecast-renamed" })).data;
    const again = await runCreateAction(sim);
    expect(again.exitCode, again.log).toBe(0);
    const created = (await alice.rest.repos.get({ owner: ORG, repo: REPO })).data;
    expect(created.name).toBe(REPO);
    expect(created.id).not.toBe(before.id);
    const after = (await alice.rest.repos.get({ owner: ORG, repo: "acme-forecast-renamed" })).data;
    expect(after.updated_at).toBe(before.updated_at);
    // The old name now belongs to the new repo: no redirect any more.
    expect((await raw("GET", `/repos/${ORG}/${REPO}`)).status).toBe(200);
  });

  it("sees a foreign repo renamed to the requested name, and refuses it without writing", async () => {
    await controls.reset();
    await alice.rest.repos.createInOrg({ org: ORG, name: "acme-hand-made" });
    await alice.rest.repos.update({ owner: ORG, repo: "acme-hand-made", name: REPO });
    await controls.clearRequests();
    const result = await runCreateAction(sim);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/not created by mlops-kit/);
    expect((await controls.requests()).filter(isWrite)).toEqual([]);
  });
});
