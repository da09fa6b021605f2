/**
 * Rate limits, conditional requests, latency, faults and the `/_sim/` controls, driven with plain
 * fetch (to see headers and refusals as they are) and with the kit's own GitHub client (to prove its
 * throttling and retry plugins recover from what the simulator injects).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/github-client";
import {
  createSimControls,
  type RunningSimulator,
  type SimControls,
  startSimulator,
} from "../../src/simulator/index";
import { contractSeed, TOKENS } from "./sim-test-kit";

let sim: RunningSimulator;
let controls: SimControls;

function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `token ${init.token ?? TOKENS.alice}`);
  return fetch(`${sim.apiUrl}${path}`, { ...init, headers });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: contractSeed() });
  controls = createSimControls(sim.apiUrl);
});

afterEach(async () => {
  await controls.clearFaults();
  await controls.settings({ latencyMs: 0, primaryLimit: 5000, maxConcurrent: 0 });
});

afterAll(async () => {
  await sim?.close();
});

describe("rate limits", () => {
  it("sends x-ratelimit-* on every API answer, errors included", async () => {
    const first = await api("/orgs/acme");
    const second = await api("/orgs/nope");
    expect(second.status).toBe(404);
    for (const name of ["limit", "remaining", "used", "reset", "resource"]) {
      expect(first.headers.get(`x-ratelimit-${name}`)).toBeTruthy();
    }
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(
      Number(first.headers.get("x-ratelimit-remaining")) - 1,
    );
    expect(first.headers.get("x-ratelimit-resource")).toBe("core");
  });

  it("answers 304 for a matching If-None-Match without spending the budget", async () => {
    const first = await api("/repos/acme/acme-bulk-000");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const cached = await api("/repos/acme/acme-bulk-000", { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    expect(Number(cached.headers.get("x-ratelimit-remaining"))).toBe(remaining);
    // A change makes the old ETag stale: a full answer, and a spent request.
    await api("/repos/acme/acme-bulk-000/topics", {
      method: "PUT",
      body: JSON.stringify({ names: ["changed"] }),
    });
    const changed = await api("/repos/acme/acme-bulk-000", { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("refuses with 403 'API rate limit exceeded' once the primary budget is spent", async () => {
    await controls.settings({ primaryLimit: 3 });
    // Budgets are per caller: bob starts this test with his own.
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await api("/user", { token: TOKENS.bob });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 403, 403]);
    expect(last!.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(((await last!.json()) as { message: string }).message).toMatch(/^API rate limit exceeded/);
    // GET /rate_limit itself is free and still answers.
    const rate = (await (await api("/rate_limit", { token: TOKENS.bob })).json()) as {
      rate: { remaining: number };
    };
    expect(rate.rate.remaining).toBe(0);
  });

  it("answers the secondary limit (403 + retry-after) beyond the concurrent-request limit", async () => {
    await controls.settings({ maxConcurrent: 2, latencyMs: 100 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => api("/orgs/acme")));
    const refused = answers.filter((r) => r.status === 403);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(2);
    expect(refused).toHaveLength(4);
    expect(refused[0]!.headers.get("retry-after")).toBe("1");
    expect(((await refused[0]!.json()) as { message: string }).message).toMatch(/secondary rate limit/);
  });

  it("adds the configured latency to every answer", async () => {
    await controls.settings({ latencyMs: 120 });
    const started = performance.now();
    await api("/orgs/acme");
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});

describe("faults", () => {
  it("answers a status for the next `times` matching requests, by operationId", async () => {
    await controls.addFault({ method: "GET", operationId: "orgs/get", status: 502, times: 2 });
    expect((await api("/orgs/acme")).status).toBe(502);
    expect((await api("/repos/acme/acme-bulk-001")).status).toBe(200);
    expect((await api("/orgs/acme")).status).toBe(502);
    expect((await api("/orgs/acme")).status).toBe(200);
  });

  it("matches by method and path, with wildcards", async () => {
    await controls.addFault({ method: "*", path: "/repos/acme/*/topics", status: 500, times: 1 });
    expect((await api("/repos/acme/acme-bulk-002")).status).toBe(200);
    expect((await api("/repos/acme/acme-bulk-002/topics")).status).toBe(500);
    expect((await api("/repos/acme/acme-bulk-002/topics")).status).toBe(200);
  });

  it("drops the connection without answering", async () => {
    await controls.addFault({ method: "POST", operationId: "repos/create-in-org", drop: true, times: 1 });
    await expect(
      api("/orgs/acme/repos", { method: "POST", body: JSON.stringify({ name: "acme-dropped" }) }),
    ).rejects.toThrow();
    const log = await controls.requests();
    expect(log.at(-1)).toMatchObject({ method: "POST", operationId: "repos/create-in-org", status: 0 });
  });

  it("mimics a secondary limit with a 403 and retry-after", async () => {
    await controls.addFault({ method: "*", operationId: "repos/get", status: 403, retryAfter: 7, times: 1 });
    const refused = await api("/repos/acme/acme-bulk-003");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("retry-after")).toBe("7");
    expect(((await refused.json()) as { message: string }).message).toMatch(/secondary rate limit/);
  });

  it("delays a request and then handles it", async () => {
    await controls.addFault({ method: "GET", operationId: "orgs/get", delayMs: 150, times: 1 });
    const started = performance.now();
    expect((await api("/orgs/acme")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("lets the kit's GitHub client recover from a 5xx, a dropped connection and a secondary limit", async () => {
    const client = createGitHubClient({
      token: TOKENS.alice,
      baseUrl: sim.apiUrl,
      spaceWrites: false,
      retryBaseMs: 5,
    });
    await controls.addFault({ method: "GET", operationId: "repos/get", status: 502, times: 1 });
    await controls.addFault({ method: "GET", operationId: "orgs/get", drop: true, times: 1 });
    await controls.addFault({
      method: "GET",
      operationId: "teams/list",
      status: 403,
      retryAfter: 1,
      times: 1,
    });
    expect((await client.octokit.rest.repos.get({ owner: "acme", repo: "acme-bulk-004" })).status).toBe(200);
    expect((await client.octokit.rest.orgs.get({ org: "acme" })).status).toBe(200);
    expect((await client.octokit.rest.teams.list({ org: "acme" })).status).toBe(200);
    expect(client.calls.map((c) => c.status)).toEqual([502, 200, 0, 200, 403, 200]);
  });

  it("refuses a malformed fault", async () => {
    await expect(controls.addFault({ method: "GET", times: 1 })).rejects.toThrow(/status/);
  });
});

describe("controls", () => {
  it("logs requests as {method, path, operationId, status, ms} and clears the log", async () => {
    await controls.clearRequests();
    await api("/orgs/acme/teams?per_page=1");
    await api("/no/such/route");
    const log = await controls.requests();
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual({
      method: "GET",
      path: "/orgs/acme/teams",
      operationId: "teams/list",
      status: 200,
      ms: expect.any(Number),
    });
    expect(log[1]).toMatchObject({ operationId: "unknown", status: 404 });
    await controls.clearRequests();
    expect(await controls.requests()).toEqual([]);
  });

  it("seeds more data, and resets to the start seed", async () => {
    await controls.seed({
      users: [{ login: "erin", token: "token-erin" }],
      orgs: [{ login: "acme", members: ["erin"] }],
    });
    expect((await api("/user", { token: "token-erin" })).status).toBe(200);
    expect(
      (await api("/orgs/acme/repos", { method: "POST", body: JSON.stringify({ name: "acme-temp" }) })).status,
    ).toBe(201);
    await controls.reset();
    expect((await api("/user", { token: "token-erin" })).status).toBe(401);
    expect((await api("/repos/acme/acme-temp")).status).toBe(404);
    expect((await api("/repos/acme/acme-bulk-000")).status).toBe(200);
  });

  it("refuses unknown settings", async () => {
    await expect(controls.settings({ nope: 1 } as never)).rejects.toThrow(/unknown setting/);
  });
});
