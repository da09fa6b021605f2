import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import type { KitConfig } from "../config/kit-config";
import { PROTECTION_PRESETS } from "../config/protection-presets";
import {
  type ClassicProtectionResponse,
  classicProtectionBody,
  protectionSettingsOf,
  type RulesetResponse,
  rulesetBody,
} from "../protection/protection-requests";
import { classicResponseOf } from "../protection/scorecard-facts";
import { auditOrgRuleset, auditRepo } from "./enforce-audit";
import type { EnforceAudit } from "./enforce-auditor";
import { auditRepos } from "./enforce-auditor";
import { planRepairs } from "./enforce-planner";
import { buildEnforceReport, renderEnforceMarkdown } from "./enforce-report";
import type { GovernedRepo } from "./enforce-scope";
import type { ProtectionReader } from "./protection-reader";
import { codeownersMatters, policyTargetScore, protectionWriteHelps } from "./protection-score-audit";

const governed = (name: string): GovernedRepo => ({
  name,
  archived: false,
  defaultBranch: "main",
  governedBy: ["naming"],
  hasOwnershipProperty: true,
});

const readBack = (settings: ReturnType<typeof protectionSettingsOf>) =>
  classicResponseOf(classicProtectionBody(settings));

function withPreset(preset: "default" | "strict", overrides: Partial<KitConfig["branchProtection"]> = {}) {
  const config = exampleConfig();
  config.branchProtection = {
    ...config.branchProtection,
    ...PROTECTION_PRESETS[preset],
    preset,
    ...overrides,
  };
  return config;
}

describe("the Scorecard verdict of enforcement", () => {
  it("the policy's own score is the target: 8 by default, 10 with strict", () => {
    expect(policyTargetScore(withPreset("default"))).toBe(8);
    expect(policyTargetScore(withPreset("strict"))).toBe(10);
  });

  it("a repo scoring below the policy is drifted even when every policy field is met or exceeded", () => {
    // The policy wants pull requests but no approval or review rule (4/10 as classic protection:
    // tier 2 partly met). The repo does not require pull requests at all: field by field it is as
    // strict as the policy (0 approvals, no review rules), yet Scorecard gives it 3.
    const config = withPreset("default", {
      requiredApprovingReviewCount: 0,
      requireCodeOwnerReviews: false,
      dismissStaleReviews: false,
      requireLastPushApproval: false,
    });
    const target = policyTargetScore(config);
    expect(target).toBe(4);
    const protection = readBack(protectionSettingsOf(config.branchProtection));
    const noPullRequests = { ...protection, required_pull_request_reviews: null };
    const audit = auditRepo(
      config,
      governed("acme-x"),
      { kind: "classic", protection: noPullRequests },
      "classic",
    );
    expect(audit.drift.filter((d) => d.field !== "scorecardScore")).toEqual([]);
    expect(audit.status).toBe("drifted");
    expect(audit.drift).toEqual([{ field: "scorecardScore", expected: target, actual: audit.score!.score }]);
    expect(audit.score!.score).toBe(3);
    expect(audit.score!.missing).toContain("requirePullRequests");
    // The repair writes the policy (pull requests required) and so raises the score.
    expect(planRepairs(config, [audit]).repairs).toHaveLength(1);
  });

  it("a repo meeting the policy's score with stricter fields is compliant", () => {
    const config = withPreset("default");
    const stricter = readBack({
      ...protectionSettingsOf(config.branchProtection),
      requiredApprovingReviewCount: 3,
    });
    const audit = auditRepo(config, governed("acme-y"), { kind: "classic", protection: stricter }, "classic");
    expect(audit).toMatchObject({ status: "compliant", drift: [], score: { score: 10, target: 8 } });
  });

  it("strict: a missing CODEOWNERS file is drift that a protection write cannot repair", () => {
    const config = withPreset("strict");
    const protection = readBack(protectionSettingsOf(config.branchProtection));
    const audit = auditRepo(config, governed("acme-z"), { kind: "classic", protection }, "classic", false);
    expect(audit).toMatchObject({
      status: "drifted",
      drift: [{ field: "scorecardScore", expected: 10, actual: 8 }],
      score: { missing: ["codeownersFile"], codeowners: "absent" },
    });
    expect(protectionWriteHelps(audit)).toBe(false);
    expect(planRepairs(config, [audit]).repairs).toEqual([]);
    const withFile = auditRepo(config, governed("acme-z"), { kind: "classic", protection }, "classic", true);
    expect(withFile).toMatchObject({ status: "compliant", score: { score: 10, codeowners: "present" } });
  });

  it("looks CODEOWNERS up only when the score depends on it", async () => {
    const lookedUp: string[] = [];
    const reader = (protection: ClassicProtectionResponse): ProtectionReader => ({
      listRepos: async () => [],
      listPropertyValues: async () => undefined,
      hasOrgProperty: async () => false,
      readOrgKitRuleset: async () => ({ available: false, reason: "n/a" }),
      observeRepo: async () => ({ kind: "classic", protection }),
      hasCodeowners: async (repo) => {
        lookedUp.push(repo.name);
        return false;
      },
    });
    const strict = withPreset("strict");
    const strictProtection = readBack(protectionSettingsOf(strict.branchProtection));
    expect(codeownersMatters({})).toBe(false);
    const [audit] = await auditRepos(strict, reader(strictProtection), [governed("acme-s")], "classic", {
      concurrency: 1,
    });
    expect(lookedUp).toEqual(["acme-s"]);
    expect(audit!.score).toMatchObject({ score: 8, codeowners: "absent" });
    const byDefault = withPreset("default");
    await auditRepos(
      byDefault,
      reader(readBack(protectionSettingsOf(byDefault.branchProtection))),
      [governed("acme-d")],
      "classic",
      { concurrency: 1 },
    );
    expect(lookedUp).toEqual(["acme-s"]);
  });

  it("scores the org ruleset, and a ruleset with a bypass actor loses tier 5", () => {
    const config = withPreset("strict", { mechanism: "ruleset" });
    const property = { name: "managed-by", value: "mlops-kit" };
    const body = rulesetBody(protectionSettingsOf(config.branchProtection), property);
    const ruleset: RulesetResponse = { id: 3, ...body };
    expect(auditOrgRuleset(config, ruleset)).toMatchObject({ status: "compliant", score: { score: 10 } });
    const bypassed: RulesetResponse = {
      ...ruleset,
      bypass_actors: [{ actor_id: 9, actor_type: "Team", bypass_mode: "always" }],
    };
    const audit = auditOrgRuleset(config, bypassed);
    expect(audit.score).toMatchObject({ score: 9, missing: ["enforceAdmins"] });
    expect(audit.drift.map((d) => d.field)).toEqual(["enforceAdmins", "scorecardScore"]);
  });

  it("reports each repo's score, the fleet's distribution and what would raise the low ones", () => {
    const config = withPreset("default");
    const settings = protectionSettingsOf(config.branchProtection);
    const audits = [
      auditRepo(config, governed("acme-a"), { kind: "classic", protection: readBack(settings) }, "classic"),
      auditRepo(config, governed("acme-b"), { kind: "classic", protection: readBack(settings) }, "classic"),
      auditRepo(
        config,
        governed("acme-c"),
        { kind: "classic", protection: readBack({ ...settings, requireLastPushApproval: false }) },
        "classic",
      ),
      auditRepo(config, governed("acme-d"), { kind: "unreadable", reason: "403" }, "classic"),
    ];
    const audit: EnforceAudit = {
      scope: {
        governed: [],
        skipped: { archived: [], excluded: [] },
        notGoverned: 0,
        propertiesAvailable: true,
      },
      mechanism: "classic",
      mechanismNote: "classic",
      repos: audits,
    } as unknown as EnforceAudit;
    const report = buildEnforceReport({
      kitVersion: "0.0.0",
      org: "acme",
      mode: "audit",
      audit,
      plan: planRepairs(config, audits),
      durationMs: 1,
    });
    expect(report.repos.map((r) => r.score?.score)).toEqual([8, 8, 5, undefined]);
    expect(report.scorecard).toEqual({
      target: 8,
      distribution: [
        [8, 2],
        [5, 1],
      ],
      scored: 3,
      belowTarget: 1,
      belowTen: 3,
    });
    const markdown = renderEnforceMarkdown(report);
    expect(markdown).toContain("### OpenSSF Scorecard Branch-Protection (policy: 8/10)");
    expect(markdown).toContain("1 of 3 scored repos below the policy's 8/10; 3 below 10/10.");
    expect(markdown).toContain("| score | 8/10 | 5/10 |");
    expect(markdown).toContain("| repos | 2 | 1 |");
    expect(markdown).toMatch(/\| acme-c \| 5\/10 \| require approval of the most recent push .*\(\+3 → 8\)/);
    expect(markdown).toMatch(/requireLastPushApproval true → false; scorecardScore 8 → 5/);
  });
});
