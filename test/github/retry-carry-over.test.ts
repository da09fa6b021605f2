/**
 * The retry carry-over of `@octokit/plugin-retry` 8.1.1, reproduced with plain Octokit: the plugin keeps
 * its retry count on the request options every request of a client shares, so a request that fails
 * once after another spent its retries waits (3+1)² = 16 units instead of 1. The kit's client gives each
 * request its own count (`src/github/request-retry.ts`), honours `retry-after`, and bounds the total wait.
 */
import { retry } from "@octokit/plugin-retry";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/github-client";
import { createSimControls, type SimSeed, startSimulator } from "../../src/simulator/index";

const TOKEN = "token-retry";
const UNIT_MS = 25;
const seed: SimSeed = {
  users: [{ login: "rita", token: TOKEN }],
  orgs: [
    {
      login: "acme",
      owners: ["rita"],
      repos: [
        { name: "first", default_branch: "main" },
        { name: "second", default_branch: "main" },
      ],
    },
  ],
};

describe("retries per request", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const controls = () => createSimControls(sim.apiUrl);
  const failFirst = async (times: number) =>
    controls().addFault({ method: "GET", path: "/repos/acme/first", status: 502, times });
  const failSecondOnce = async () =>
    controls().addFault({ method: "GET", path: "/repos/acme/second", status: 502, times: 1 });
  const timed = async (call: () => Promise<unknown>) => {
    const started = performance.now();
    await call();
    return performance.now() - started;
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed, latencyMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("plain Octokit with plugin-retry 8.1.1 carries the count over to the next request", async () => {
    const octokit = new (Octokit.plugin(retry))({
      auth: TOKEN,
      baseUrl: sim.apiUrl,
      retry: { retryAfterBaseValue: UNIT_MS },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await failFirst(3);
    await octokit.rest.repos.get({ owner: "acme", repo: "first" });
    await failSecondOnce();
    const second = await timed(() => octokit.rest.repos.get({ owner: "acme", repo: "second" }));
    // One failure should cost one unit; the shared count makes it 16.
    expect(second).toBeGreaterThan(10 * UNIT_MS);
  });

  it("the kit's client waits one unit for the second request's first retry", async () => {
    const warnings: string[] = [];
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: sim.apiUrl,
      retryBaseMs: UNIT_MS,
      spaceWrites: false,
      warn: (m) => {
        if (!/ - \d{3} with id /.test(m)) warnings.push(m);
      },
    });
    await failFirst(3);
    await client.octokit.rest.repos.get({ owner: "acme", repo: "first" });
    expect(
      warnings.filter((w) => w.includes("/repos/{owner}/{repo}")).map((w) => /waiting (\S+)/.exec(w)?.[1]),
    ).toEqual(["1s", "2s", "4s"]);
    warnings.length = 0;
    await failSecondOnce();
    const second = await timed(() => client.octokit.rest.repos.get({ owner: "acme", repo: "second" }));
    expect(warnings).toEqual([expect.stringMatching(/waiting 1s \(retry 1\/3\)/)]);
    expect(second).toBeLessThan(6 * UNIT_MS);
  });

  it("honours retry-after of a secondary rate limit, per request", async () => {
    const warnings: string[] = [];
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: sim.apiUrl,
      retryBaseMs: UNIT_MS,
      spaceWrites: false,
      warn: (m) => {
        if (!/ - \d{3} with id /.test(m)) warnings.push(m);
      },
    });
    for (const repo of ["first", "second"]) {
      await controls().addFault({
        method: "GET",
        path: `/repos/acme/${repo}`,
        status: 403,
        retryAfter: 3,
        times: 1,
      });
      await client.octokit.rest.repos.get({ owner: "acme", repo });
    }
    expect(warnings).toEqual([
      expect.stringMatching(/secondary rate limit .*waiting 3s \(retry 1\/3\)/),
      expect.stringMatching(/secondary rate limit .*waiting 3s \(retry 1\/3\)/),
    ]);
  });

  it("stops retrying once the run's total wait budget is spent, and says so", async () => {
    const warnings: string[] = [];
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: sim.apiUrl,
      retryBaseMs: UNIT_MS,
      retryWaitBudget: 5,
      spaceWrites: false,
      warn: (m) => {
        if (!/ - \d{3} with id /.test(m)) warnings.push(m);
      },
    });
    await failFirst(10);
    const error = await client.octokit.rest.repos
      .get({ owner: "acme", repo: "first" })
      .catch((e: Error) => e);
    await controls().clearFaults();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error & { status: number }).status).toBe(502);
    expect((error as Error).message).toMatch(/retry wait budget of 5s is spent/);
    // 1 + 2 fit in 5 units; 4 more would not.
    expect(client.retryBudget.spentMs).toBe(3 * UNIT_MS);
    expect(warnings.at(-1)).toMatch(/retry wait budget exhausted/);
  });
});
