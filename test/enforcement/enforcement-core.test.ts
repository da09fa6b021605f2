/** Unit tests of the pure enforcement core: drift, scope, audit, planner, report. */
import { describe, expect, it } from "vitest";
import type { KitConfig } from "../../src/config/kit-config";
import { auditOrgRuleset, auditRepo, chooseMechanism } from "../../src/enforcement/enforce-audit";
import { PROPERTY_BATCH_SIZE, planRepairs } from "../../src/enforcement/enforce-planner";
import { buildEnforceReport, renderEnforceMarkdown } from "../../src/enforcement/enforce-report";
import { type GovernedRepo, selectGovernedRepos } from "../../src/enforcement/enforce-scope";
import { diffProtection, strictestOf } from "../../src/enforcement/protection-drift";
import {
  type ClassicProtectionBody,
  type ClassicProtectionResponse,
  classicProtectionBody,
  protectionSettingsOf,
  rulesetBody,
  settingsFromClassicProtection,
  settingsFromRuleset,
} from "../../src/protection/protection-requests";
import { exampleConfig } from "../fixtures/example-config";

/** What GitHub's GET answers after a PUT of `body` (the shape the simulator and GitHub return). */
function getShapeOf(body: ClassicProtectionBody): ClassicProtectionResponse {
  return {
    required_status_checks: body.required_status_checks
      ? {
          strict: body.required_status_checks.strict,
          contexts: body.required_status_checks.contexts,
          checks: body.required_status_checks.contexts.map((context) => ({ context, app_id: null })),
        }
      : null,
    enforce_admins: { enabled: body.enforce_admins },
    required_pull_request_reviews: body.required_pull_request_reviews,
    required_linear_history: { enabled: body.required_linear_history },
    allow_force_pushes: { enabled: body.allow_force_pushes },
    allow_deletions: { enabled: body.allow_deletions },
    required_conversation_resolution: { enabled: body.required_conversation_resolution },
    restrictions: null,
  };
}

const config = exampleConfig();
const expected = protectionSettingsOf(config.branchProtection);
const governed = (name: string, hasOwnershipProperty = true): GovernedRepo => ({
  name,
  archived: false,
  defaultBranch: "main",
  governedBy: ["naming"],
  hasOwnershipProperty,
});

describe("protection read-back", () => {
  it("maps the GET shape of the policy's own PUT back to the policy (classic)", () => {
    expect(settingsFromClassicProtection(getShapeOf(classicProtectionBody(expected)))).toEqual(expected);
  });

  it("maps the policy's ruleset back to the policy", () => {
    const body = rulesetBody(expected);
    expect(settingsFromRuleset({ id: 1, ...body })).toEqual(expected);
  });
});

describe("diffProtection", () => {
  it("finds nothing when the branch follows the policy", () => {
    expect(diffProtection(expected, expected)).toEqual([]);
  });

  it("reports every field, actual null, when the branch is not protected", () => {
    const drift = diffProtection(expected, undefined);
    expect(drift.map((d) => d.field)).toContain("requiredApprovingReviewCount");
    expect(drift.every((d) => d.actual === null)).toBe(true);
    expect(drift).toHaveLength(11);
  });

  it.each([
    ["requiredApprovingReviewCount", 0],
    ["requireCodeOwnerReviews", false],
    ["dismissStaleReviews", false],
    ["requiredStatusChecks", []],
    ["enforceAdmins", false],
    ["allowForcePushes", true],
    ["allowDeletions", true],
    ["requireConversationResolution", false],
  ] as const)("reports %s when weaker, expected vs actual", (field, value) => {
    expect(diffProtection(expected, { ...expected, [field]: value })).toEqual([
      { field, expected: expected[field], actual: value },
    ]);
  });

  it("treats the policy as a floor: stricter branches are compliant", () => {
    const stricter = {
      ...expected,
      requiredApprovingReviewCount: 3,
      requiredStatusChecks: [...expected.requiredStatusChecks, "security / scan"],
      requireLinearHistory: true,
      requireLastPushApproval: true,
    };
    expect(diffProtection(expected, stricter)).toEqual([]);
  });

  it("ignores strictStatusChecks when the policy requires no check", () => {
    const noChecks = { ...expected, requiredStatusChecks: [] };
    expect(diffProtection(noChecks, { ...noChecks, strictStatusChecks: false })).toEqual([]);
  });

  it("repairs towards the stricter of policy and branch", () => {
    const actual = {
      ...expected,
      requiredApprovingReviewCount: 2,
      requiredStatusChecks: ["security / scan"],
      allowForcePushes: true,
      requireLinearHistory: true,
    };
    const merged = strictestOf(expected, actual);
    expect(merged.requiredApprovingReviewCount).toBe(2);
    expect(merged.requiredStatusChecks).toEqual(["ci / build-test", "security / scan"]);
    expect(merged.allowForcePushes).toBe(false);
    expect(merged.requireLinearHistory).toBe(true);
    expect(diffProtection(expected, merged)).toEqual([]);
  });
});

describe("selectGovernedRepos", () => {
  const repos = [
    { name: "acme-forecast-demand", archived: false, defaultBranch: "main" },
    { name: "acme-pricing-old", archived: true, defaultBranch: "main" },
    { name: "website", archived: false, defaultBranch: "main" },
    { name: "legacy-model", archived: false, defaultBranch: "master" },
    { name: "hand-picked", archived: false, defaultBranch: "main" },
    { name: "acme-churn-skipme", archived: false, defaultBranch: "main" },
  ];
  const withLists = (c: KitConfig): KitConfig => ({
    ...c,
    enforcement: { ...c.enforcement, include: ["hand-picked"], exclude: ["acme-churn-skipme"] },
  });

  it("selects by naming, property and include; skips archived and excluded", () => {
    const scope = selectGovernedRepos(
      withLists(config),
      repos,
      new Map([["legacy-model", { "managed-by": "mlops-kit" }]]),
    );
    expect(scope.governed.map((r) => [r.name, r.governedBy])).toEqual([
      ["acme-forecast-demand", ["naming"]],
      ["hand-picked", ["include"]],
      ["legacy-model", ["property"]],
    ]);
    expect(scope.skipped).toEqual({ archived: ["acme-pricing-old"], excluded: ["acme-churn-skipme"] });
    expect(scope.notGoverned).toBe(1);
  });

  it("honours turning a selection rule off", () => {
    const c = { ...config, enforcement: { ...config.enforcement, selectByNamingConvention: false } };
    const scope = selectGovernedRepos(c, repos, new Map([["website", { "managed-by": "mlops-kit" }]]));
    expect(scope.governed.map((r) => r.name)).toEqual(["website"]);
    expect(scope.propertiesAvailable).toBe(true);
    expect(selectGovernedRepos(c, repos, undefined).governed).toEqual([]);
  });
});

describe("audit and plan", () => {
  it("classic: unprotected, weaker and compliant repos; repairs keep push restrictions", () => {
    const good = getShapeOf(classicProtectionBody(expected));
    const weak: ClassicProtectionResponse = {
      ...good,
      allow_force_pushes: { enabled: true },
      restrictions: { users: [{ login: "octocat" }], teams: [{ slug: "platform" }], apps: [] },
    };
    const audits = [
      auditRepo(config, governed("acme-a"), { kind: "classic", protection: undefined }, "classic"),
      auditRepo(config, governed("acme-b"), { kind: "classic", protection: weak }, "classic"),
      auditRepo(config, governed("acme-c"), { kind: "classic", protection: good }, "classic"),
      auditRepo(config, governed("acme-d"), { kind: "unreadable", reason: "403 Forbidden" }, "classic"),
    ];
    expect(audits.map((a) => a.status)).toEqual(["drifted", "drifted", "compliant", "unreadable"]);
    // Force pushes allowed leave Scorecard's tier 1 half done: 1/10, below the policy's 8/10.
    expect(audits[1]!.drift).toEqual([
      { field: "allowForcePushes", expected: false, actual: true },
      { field: "scorecardScore", expected: 8, actual: 1 },
    ]);
    expect(audits.map((a) => a.score?.score)).toEqual([0, 1, 8, undefined]);
    const plan = planRepairs(config, audits);
    expect(plan.repairs.map((r) => r.kind)).toEqual(["put-classic-protection", "put-classic-protection"]);
    const second = plan.repairs[1]!;
    if (second.kind !== "put-classic-protection") throw new Error("unexpected");
    expect(second.body.restrictions).toEqual({ users: ["octocat"], teams: ["platform"], apps: [] });
    expect(second.body.allow_force_pushes).toBe(false);
  });

  it("repo rulesets: missing and changed rulesets are upserted", () => {
    const body = rulesetBody(expected);
    const changed = {
      id: 7,
      ...body,
      enforcement: "evaluate",
      rules: body.rules.filter((r) => r.type !== "deletion"),
    };
    const audits = [
      auditRepo(config, governed("acme-a"), { kind: "repo-ruleset", ruleset: undefined }, "repo-ruleset"),
      auditRepo(config, governed("acme-b"), { kind: "repo-ruleset", ruleset: changed }, "repo-ruleset"),
      auditRepo(
        config,
        governed("acme-c"),
        { kind: "repo-ruleset", ruleset: { id: 9, ...body } },
        "repo-ruleset",
      ),
    ];
    expect(audits[0]!.drift[0]).toEqual({ field: "ruleset", expected: "present", actual: null });
    // A ruleset that only evaluates enforces nothing: every rule drifts, and why; Scorecard scores it 0.
    expect(audits[1]!.drift.map((d) => d.field).sort()).toEqual(
      ["ruleset.enforcement", ...Object.keys(expected), "scorecardScore"].sort(),
    );
    expect(audits.map((a) => a.score?.score)).toEqual([0, 0, 8]);
    expect(audits[2]!.status).toBe("compliant");
    const plan = planRepairs(config, audits);
    expect(plan.repairs.map((r) => [r.kind, "rulesetId" in r ? r.rulesetId : undefined])).toEqual([
      ["upsert-repo-ruleset", undefined],
      ["upsert-repo-ruleset", 7],
    ]);
  });

  it("org ruleset: one ruleset for the org, the property for repos that lack it, in batches", () => {
    const property = { name: "managed-by", value: "mlops-kit" };
    const orgAudit = auditOrgRuleset(config, { id: 3, ...rulesetBody(expected) });
    expect(orgAudit.drift.map((d) => d.field)).toEqual(["ruleset.conditions"]);
    expect(auditOrgRuleset(config, { id: 3, ...rulesetBody(expected, property) }).status).toBe("compliant");
    const repos = Array.from({ length: PROPERTY_BATCH_SIZE + 2 }, (_, i) =>
      auditRepo(config, governed(`acme-r${i}`, i % 2 === 0), { kind: "org-ruleset" }, "org-ruleset"),
    );
    const plan = planRepairs(config, repos, orgAudit);
    expect(plan.repairs[0]).toMatchObject({ kind: "upsert-org-ruleset", rulesetId: 3 });
    const batches = plan.repairs.filter((r) => r.kind === "set-ownership-property");
    expect(batches.flatMap((b) => (b.kind === "set-ownership-property" ? b.repos : []))).toHaveLength(16);
  });

  it("chooses the org ruleset only where rulesets are asked for and the org supports them", () => {
    const ruleset = { ...config.branchProtection, mechanism: "ruleset" as const };
    const both = { orgRulesets: true, ownershipProperty: true };
    expect(chooseMechanism(config.branchProtection, true, both).mechanism).toBe("classic");
    expect(chooseMechanism(ruleset, true, both).mechanism).toBe("org-ruleset");
    expect(chooseMechanism(ruleset, false, both).mechanism).toBe("repo-ruleset");
    const fallback = chooseMechanism(ruleset, true, { orgRulesets: false, ownershipProperty: true });
    expect(fallback).toMatchObject({ mechanism: "repo-ruleset" });
    expect(fallback.note).toMatch(/org rulesets are not available/);
  });
});

describe("report", () => {
  it("lists every repo with its final status and renders a summary", () => {
    const audits = [
      auditRepo(config, governed("acme-a"), { kind: "classic", protection: undefined }, "classic"),
      auditRepo(config, governed("acme-b"), { kind: "unreadable", reason: "403 Forbidden" }, "classic"),
      auditRepo(config, governed("acme-c"), { kind: "classic", protection: undefined }, "classic"),
    ];
    const scope = {
      governed: [],
      skipped: { archived: ["x"], excluded: [] },
      notGoverned: 4,
      propertiesAvailable: true,
    };
    const audit = { scope, mechanism: "classic" as const, mechanismNote: "classic", repos: audits };
    const plan = planRepairs(config, audits);
    const fixed = getShapeOf(classicProtectionBody(expected));
    const report = buildEnforceReport({
      kitVersion: "0.0.0",
      org: "acme",
      mode: "apply",
      audit,
      plan,
      applied: [],
      confirmed: {
        repos: [
          auditRepo(config, governed("acme-a"), { kind: "classic", protection: fixed }, "classic"),
          auditRepo(config, governed("acme-c"), { kind: "classic", protection: undefined }, "classic"),
        ],
      },
      durationMs: 5,
    });
    expect(report.repos.map((r) => [r.repo, r.status])).toEqual([
      ["acme-a", "repaired"],
      ["acme-b", "unreadable"],
      ["acme-c", "drifted"],
    ]);
    expect(report.counts).toMatchObject({
      governed: 3,
      repaired: 1,
      drifted: 1,
      unreadable: 1,
      archivedSkipped: 1,
    });
    expect(report.ok).toBe(false);
    const markdown = renderEnforceMarkdown(report);
    expect(markdown).toContain("### Worst offenders");
    expect(markdown).toContain("| acme-c | 0/10 | 12 | no protection at all |");
    expect(markdown).toContain("### Repaired (1)");
    expect(markdown).toContain("- acme-b: 403 Forbidden");
  });
});
