/**
 * One policy, two enforcers: a repo made by the create-project action is compliant for enforce-protection
 * as made; when an admin relaxes its protection, enforcement finds exactly that drift and repairs it.
 * (Both read the policy from the same config through src/protection/protection-requests.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnforceIo, runEnforce } from "../src/enforcement/run-enforce";
import { kitRoot } from "../src/kit-paths";
import { createSimControls, type RunningSimulator } from "../src/simulator/index";
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
    // The score create-project's summary announced, as enforcement reads it back.
    expect(repo?.score).toMatchObject({ score: 8, target: 8, missing: ["requireTwoApprovals"] });
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
    // The PUT left out require_last_push_approval, which GitHub then turns off: relaxed too. Force
    // pushes allowed leave Scorecard's tier 1 half done: 1/10 against the policy's 8/10.
    expect(audited?.drift.map((d) => [d.field, d.expected, d.actual]).sort()).toEqual([
      ["allowForcePushes", false, true],
      ["enforceAdmins", true, false],
      ["requireLastPushApproval", true, false],
      ["scorecardScore", 8, 1],
    ]);

    const applied = await reportOf(true);
    expect(applied).toMatchObject({ status: "repaired", remainingDrift: [], score: { score: 8 } });
    expect(await reportOf(false)).toMatchObject({ status: "compliant", drift: [] });
  });
});

describe("the strict preset, created then enforced", () => {
  let strictSim: RunningSimulator;
  const dir = mkdtempSync(path.join(tmpdir(), "mlops-kit-strict-"));
  const configPath = path.join(dir, "strict.yml");
  beforeAll(async () => {
    const text = readFileSync(path.join(kitRoot(), "mlops-kit.config.yml"), "utf8");
    writeFileSync(configPath, text.replace(/^ {2}preset: default$/m, "  preset: strict"));
    ({ sim: strictSim } = await startDemoSimulator());
    const created = await runCreateAction(strictSim, { inputs: { config: configPath } });
    if (created.exitCode !== 0) throw new Error(created.log);
  });
  afterAll(async () => {
    await strictSim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("scores 10/10 for enforcement too, having found the template's CODEOWNERS file", async () => {
    const controls = createSimControls(strictSim.apiUrl);
    await controls.clearRequests();
    const { report } = await runEnforce(
      {
        apply: false,
        token: BOT_TOKEN,
        apiUrl: strictSim.apiUrl,
        spaceWrites: false,
        retries: 2,
        retryBaseMs: 5,
        configPath,
      },
      quietIo,
    );
    const repo = report.repos.find((r) => r.repo === REPO);
    expect(repo).toMatchObject({
      status: "compliant",
      drift: [],
      score: { score: 10, target: 10, missing: [], codeowners: "present" },
    });
    const lookups = (await controls.requests()).filter((r) => r.operationId === "repos/get-content");
    expect(lookups.map((r) => [r.status, decodeURIComponent(r.path)])).toEqual([
      [200, `/repos/${ORG}/${REPO}/contents/.github/CODEOWNERS`],
    ]);
  });
});
