/**
 * One policy, two enforcers: a repo made by the create-project action is compliant for enforce-protection
 * as made; when an admin relaxes its protection, enforcement finds exactly that drift and repairs it.
 * (Both read the policy from the same config through src/protection/protection-requests.ts.)
 */
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnforceIo, runEnforce } from "../src/enforcement/run-enforce";
import type { RunningSimulator } from "../src/simulator/index";
import { BOT_TOKEN, ORG, runCreateAction, startDemoSimulator } from "./helpers/create-project-harness";

const REPO = "acme-forecast-demand";
const quietIo: EnforceIo = { info() {}, warn() {}, async summary() {} };
let sim: RunningSimulator;

function enforce(apply: boolean) {
  return runEnforce(
    { apply, token: BOT_TOKEN, apiUrl: sim.apiUrl, spaceWrites: false, retries: 2, retryBaseMs: 5 },
    quietIo,
  );
}

const reportOf = async (apply: boolean) => {
  const { report } = await enforce(apply);
  return report.repos.find((r) => r.repo === REPO);
};

beforeAll(async () => {
  ({ sim } = await startDemoSimulator());
  const created = await runCreateAction(sim);
  if (created.exitCode !== 0) throw new Error(created.log);
});
afterAll(() => sim.close());

describe("create-project and enforce-protection share one policy", () => {
  it("finds a freshly created repo governed and compliant", async () => {
    const repo = await reportOf(false);
    expect(repo).toMatchObject({ status: "compliant", drift: [] });
    expect(repo?.governedBy.length).toBeGreaterThan(0);
  });

  it("finds exactly what an admin relaxed, repairs it, and a second audit finds nothing", async () => {
    const alice = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-alice" });
    const { data: current } = await alice.rest.repos.getBranchProtection({
      owner: ORG,
      repo: REPO,
      branch: "main",
    });
    await alice.rest.repos.updateBranchProtection({
      owner: ORG,
      repo: REPO,
      branch: "main",
      required_status_checks: current.required_status_checks
        ? {
            strict: current.required_status_checks.strict ?? false,
            contexts: current.required_status_checks.contexts,
          }
        : null,
      enforce_admins: false, // the hotfix that was never undone
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
      },
      restrictions: null,
      allow_force_pushes: true, // and this one
      required_conversation_resolution: true,
    });

    const audited = await reportOf(false);
    expect(audited?.status).toBe("drifted");
    expect(audited?.drift.map((d) => [d.field, d.expected, d.actual]).sort()).toEqual([
      ["allowForcePushes", false, true],
      ["enforceAdmins", true, false],
    ]);

    const applied = await reportOf(true);
    expect(applied).toMatchObject({ status: "repaired", remainingDrift: [] });
    expect(await reportOf(false)).toMatchObject({ status: "compliant", drift: [] });
  });
});
