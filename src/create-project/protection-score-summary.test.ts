import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import type { KitConfig } from "../config/kit-config";
import { PROTECTION_PRESETS } from "../config/protection-presets";
import type { CreatePlan } from "./create-plan";
import { type CreateReport, renderSummaryMarkdown } from "./create-report";
import { planHasCodeowners, protectionScoreOf } from "./protection-score-summary";

function planPushing(paths: string[]): CreatePlan {
  const tree = new Map(paths.map((p) => [p, { path: p, content: "x", mode: 0o644 }]));
  return {
    steps: [
      {
        id: "content",
        kind: "push-initial-commit",
        area: "content",
        description: "push",
        dependsOn: [],
        branch: "main",
        tree,
        message: "init",
      },
    ],
  } as unknown as CreatePlan;
}

const report = (overrides: Partial<CreateReport>): CreateReport => ({
  kitVersion: "0.0.0",
  ok: true,
  dryRun: false,
  requesters: ["alice"],
  steps: [],
  notes: [],
  durationMs: 0,
  ...overrides,
});

function strictConfig(): KitConfig {
  const config = exampleConfig();
  config.branchProtection = { ...config.branchProtection, ...PROTECTION_PRESETS.strict, preset: "strict" };
  return config;
}

describe("create-project's protection score", () => {
  it("finds CODEOWNERS where GitHub looks for it", () => {
    expect(planHasCodeowners(planPushing([".github/CODEOWNERS"]))).toBe(true);
    expect(planHasCodeowners(planPushing(["docs/CODEOWNERS"]))).toBe(true);
    expect(planHasCodeowners(planPushing(["README.md", "src/CODEOWNERS"]))).toBe(false);
  });

  it("the default policy scores 8 and says how to reach 10; strict scores 10", () => {
    const plan = planPushing([".github/CODEOWNERS"]);
    const byDefault = protectionScoreOf(exampleConfig().branchProtection, plan);
    expect(byDefault).toMatchObject({ score: 8, preset: "default", missing: ["requireTwoApprovals"] });
    expect(byDefault.raise).toContain("+2 → 10");
    expect(protectionScoreOf(strictConfig().branchProtection, plan)).toMatchObject({
      score: 10,
      missing: [],
    });
  });

  it("without a CODEOWNERS file code-owner review earns nothing", () => {
    const score = protectionScoreOf(strictConfig().branchProtection, planPushing(["README.md"]));
    expect(score).toMatchObject({ score: 8, codeownersFile: false, missing: ["codeownersFile"] });
  });

  it("the job summary shows the score and, below 10, what would raise it", () => {
    const config = exampleConfig();
    const protectionScore = protectionScoreOf(config.branchProtection, planPushing([".github/CODEOWNERS"]));
    const summary = renderSummaryMarkdown(report({ protectionScore }), { config });
    expect(summary).toContain(
      "OpenSSF Scorecard Branch-Protection **8/10** (`branchProtection.preset: default`)",
    );
    expect(summary).toMatch(/To raise it: require at least 2 approvals .*\(\+2 → 10\)/);
    const strict = protectionScoreOf(strictConfig().branchProtection, planPushing([".github/CODEOWNERS"]));
    const strictSummary = renderSummaryMarkdown(report({ protectionScore: strict }), { config });
    expect(strictSummary).toContain("**10/10**");
    expect(strictSummary).not.toContain("To raise it");
    // A failed create makes no claim about protection it may not have applied.
    expect(renderSummaryMarkdown(report({ ok: false, protectionScore }), { config })).not.toContain(
      "Scorecard",
    );
  });
});
