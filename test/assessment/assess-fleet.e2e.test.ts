/**
 * End to end against the simulator: two repos made by the bundled create-project action, 48 more
 * cloned from them (files pushed with git, protection and environments copied through the API) and
 * degraded in known ways, then `runAssessGitHub` over the org. The JSON report must match the known
 * state of every repo exactly, stay within ~3 API calls per repo, and a repeat run must be nearly free.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outcome } from "../../src/assessment/assessment-model";
import type { AssessmentReport } from "../../src/assessment/assessment-report";
import { CRITERIA } from "../../src/assessment/criteria";
import { runAssessGitHub } from "../../src/assessment/run-assess";
import type { RunningSimulator } from "../../src/simulator/index";
import { BOT_TOKEN, ORG, octokitFor, startDemoSimulator } from "../helpers/create-project-harness";
import { baseline, cloneRepo, createSources, VARIANTS } from "./fleet-seed";

describe("assess an org of 50 kit repos in known states", () => {
  let sim: RunningSimulator;
  let work: string;
  const expected = new Map<string, Record<string, Outcome>>();

  beforeAll(async () => {
    ({ sim } = await startDemoSimulator());
    work = mkdtempSync(path.join(tmpdir(), "assess-fleet-"));
    const octokit = octokitFor(sim);
    const created = [
      { name: "acme-forecast-demand", inputs: {} as Record<string, string> },
      { name: "acme-forecast-quotes", inputs: { name: "acme-forecast-quotes", template: "online-service" } },
    ];
    const sources = await createSources(sim, work, created);
    for (const c of created) expected.set(`${ORG}/${c.name}`, baseline());
    for (let i = 0; i < 48; i++) {
      const variant = VARIANTS[i % VARIANTS.length]!;
      const source = sources[i % 2]!;
      const name = `${source.name}-${variant.key}${i}`;
      await cloneRepo(sim, octokit, work, source, name, variant);
      expected.set(`${ORG}/${name}`, { ...baseline(), ...variant.expect });
    }
    // Out of scope: an archived kit repo, and a repo the naming convention does not select.
    await cloneRepo(sim, octokit, work, sources[0]!, "acme-forecast-archived", VARIANTS[0]!);
    await octokit.request("PATCH /repos/{owner}/{repo}", {
      owner: ORG,
      repo: "acme-forecast-archived",
      archived: true,
    });
    await octokit.request("POST /orgs/{org}/repos", { org: ORG, name: "sandbox" });
    // The seed's governed legacy repo has no commit: every measured criterion fails.
    expected.set(
      `${ORG}/acme-forecast-legacy`,
      Object.fromEntries(CRITERIA.map((c) => [c.id, c.measure ? "fail" : "inconclusive"])),
    );
  }, 600_000);

  afterAll(async () => {
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  let first: AssessmentReport;

  it("matches every repo's known state exactly, with three API reads per repo", async () => {
    const cache = path.join(work, "etags.json");
    first = await runAssessGitHub({
      org: ORG,
      token: BOT_TOKEN,
      apiUrl: sim.apiUrl,
      serverUrl: sim.serverUrl,
      etagCacheFile: cache,
      concurrency: 8,
      retryBaseMs: 5,
    });
    expect(first.errors).toEqual([]);
    const actual = new Map(
      first.repos.map((r) => [r.repo, Object.fromEntries(r.results.map((x) => [x.id, x.outcome]))]),
    );
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [repo, outcomes] of expected)
      expect({ repo, outcomes: actual.get(repo) }).toEqual({ repo, outcomes });
    expect(first.repos.length).toBe(51);
    // Three reads per repo (classic protection, rulesets, environments) plus the org-wide discovery
    // (repos, property values, org rulesets; a page each here).
    expect(first.api!.calls).toBeLessThanOrEqual(3 * first.repos.length + 5);

    // The kit's own repos: every criterion the kit can satisfy passes; the rest are for the owners.
    const fresh = first.repos.find((r) => r.repo === `${ORG}/acme-forecast-demand`)!;
    const open = fresh.results.filter((r) => r.outcome !== "pass").map((r) => r.id);
    expect(open.sort()).toEqual(
      CRITERIA.filter((c) => !c.kitSatisfies)
        .map((c) => c.id)
        .sort(),
    );
    expect(fresh.results.find((r) => r.id === "pr-reviews-required")?.data).toMatchObject({
      scorecardScore: 8,
    });

    // Repeat: conditional reads answer 304, which costs no rate-limit budget.
    const again = await runAssessGitHub({
      org: ORG,
      token: BOT_TOKEN,
      apiUrl: sim.apiUrl,
      serverUrl: sim.serverUrl,
      etagCacheFile: cache,
      concurrency: 8,
      retryBaseMs: 5,
    });
    expect(again.repos.map((r) => r.results)).toEqual(first.repos.map((r) => r.results));
    expect(again.api!.budget / again.api!.calls).toBeLessThan(0.05);
  }, 600_000);

  it("one repo with --repo", async () => {
    const one = await runAssessGitHub({
      org: ORG,
      repo: "acme-forecast-quotes-noreviewers3",
      token: BOT_TOKEN,
      apiUrl: sim.apiUrl,
      serverUrl: sim.serverUrl,
      retryBaseMs: 5,
    });
    expect(one.scope).toEqual({ kind: "repo", name: `${ORG}/acme-forecast-quotes-noreviewers3` });
    expect(one.repos[0]!.results.find((r) => r.id === "cd-on-merge")).toMatchObject({
      outcome: "fail",
      detail: expect.stringMatching(/prod requires no reviewer/),
    });
  });
});
