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
    const audit = auditRepo(
      config,
      governed("acme-z"),
      { kind: "classic", protection },
      "classic",
      [],
      false,
    );
    expect(audit).toMatchObject({
      status: "drifted",
      drift: [{ field: "scorecardScore", expected: 10, actual: 8 }],
      score: { missing: ["codeownersFile"], codeowners: "absent" },
    });
    expect(protectionWriteHelps(audit)).toBe(false);
    expect(planRepairs(config, [audit]).repairs).toEqual([]);
    const withFile = auditRepo(
      config,
      governed("acme-z"),
      { kind: "classic", protection },
      "classic",
      [],
      true,
    );
    expect(withFile).toMatchObject({ status: "compliant", score: { score: 10, codeowners: "present" } });
  });

  it("looks CODEOWNERS up only when the score depends on it", async () => {
    const lookedUp: string[] = [];
    const reader = (protection: ClassicProtectionResponse): ProtectionReader => ({
      listRepos: async () => [],
      listPropertyValues: async () => undefined,
      hasOrgProperty: async () => false,
      readOrgRulesets: async () => ({ available: false, reason: "n/a" }),
      readClassicProtection: async () => protection,
      readRepoRulesets: async () => [],
      hasCodeowners: async (repo) => {
        lookedUp.push(repo.name);
        return false;
      },
    });
    const strict = withPreset("strict");
    const strictProtection = readBack(protectionSettingsOf(strict.branchProtection));
    expect(codeownersMatters({})).toBe(false);
    const [audit] = await auditRepos(strict, reader(strictProtection), [governed("acme-s")], "classic", [], {
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
      [],
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
    // A team is no admin: field by field it is a bypass actor the policy does not allow.
    expect(audit.drift.map((d) => d.field)).toEqual(["bypassActors", "scorecardScore"]);
    // Its repair drops the bypass list, which also gives tier 5 back.
    const [repair] = planRepairs(config, [], audit).repairs;
    expect(repair).toMatchObject({ kind: "upsert-org-ruleset", body: { bypass_actors: [] } });
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

describe("the score of the effective protection (every source in force on the default branch)", () => {
  const property = { name: "managed-by", value: "mlops-kit" };
  const inOrg = (name: string, owned: boolean): GovernedRepo => ({
    ...governed(name),
    hasOwnershipProperty: owned,
    properties: owned ? { [property.name]: property.value } : {},
  });
  const orgRuleset = (config: KitConfig, extra: Partial<RulesetResponse> = {}): RulesetResponse => ({
    id: 30,
    ...rulesetBody(protectionSettingsOf(config.branchProtection), property),
    source_type: "Organization",
    source: "acme",
    ...extra,
  });

  it("a repo ruleset whose conditions leave the default branch out scores nothing", () => {
    const config = withPreset("default", { mechanism: "ruleset" });
    const body = rulesetBody(protectionSettingsOf(config.branchProtection));
    const elsewhere: RulesetResponse = {
      id: 7,
      ...body,
      conditions: { ref_name: { include: ["refs/heads/release/*"], exclude: [] } },
    };
    const audit = auditRepo(
      config,
      governed("acme-r"),
      { kind: "repo-ruleset", ruleset: elsewhere, repoRulesets: [], classic: null },
      "repo-ruleset",
    );
    expect(audit.score).toMatchObject({ score: 0, target: 8 });
    expect(audit.drift.map((d) => d.field)).toContain("ruleset.conditions");
    expect(audit.drift.at(-1)).toEqual({ field: "scorecardScore", expected: 8, actual: 0 });
    // The same ruleset on the default branch: 8, compliant.
    const onDefault = auditRepo(
      config,
      governed("acme-r"),
      { kind: "repo-ruleset", ruleset: { ...elsewhere, conditions: body.conditions }, repoRulesets: [] },
      "repo-ruleset",
    );
    expect(onDefault).toMatchObject({ status: "compliant", score: { score: 8 } });
  });

  it("org-ruleset mode: each repo scores what reaches it, an excluded repo what else protects it", () => {
    const config = withPreset("default", { mechanism: "ruleset" });
    const reaching = orgRuleset(config);
    const reached = auditRepo(config, inOrg("acme-in", true), { kind: "org-ruleset" }, "org-ruleset", [
      reaching,
    ]);
    expect(reached).toMatchObject({ status: "compliant", score: { score: 8 } });
    const excluding = orgRuleset(config, {
      conditions: {
        ...reaching.conditions,
        repository_name: { include: ["~ALL"], exclude: ["acme-out"] },
      },
    });
    const weakClassic = readBack({
      ...protectionSettingsOf(config.branchProtection),
      requireLastPushApproval: false,
    });
    const left = auditRepo(
      config,
      inOrg("acme-out", true),
      { kind: "org-ruleset", classic: weakClassic, repoRulesets: [] },
      "org-ruleset",
      [excluding],
    );
    expect(left.score!.score).toBe(5);
    expect(left.score!.missing[0]).toBe("requireLastPushApproval");
    expect(left.drift.map((d) => d.field)).toEqual(["requireLastPushApproval", "scorecardScore"]);
  });

  it("sources add up: classic protection without last-push approval plus a ruleset requiring it scores 8", () => {
    const config = withPreset("default");
    const settings = protectionSettingsOf(config.branchProtection);
    const classic = readBack({ ...settings, requireLastPushApproval: false });
    const alone = auditRepo(config, governed("acme-m"), { kind: "classic", protection: classic }, "classic");
    expect(alone.score!.score).toBe(5);
    const lastPush: RulesetResponse = {
      id: 8,
      name: "team: last push",
      target: "branch",
      enforcement: "active",
      bypass_actors: [],
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [
        {
          type: "pull_request",
          parameters: {
            required_approving_review_count: 1,
            dismiss_stale_reviews_on_push: true,
            require_code_owner_review: true,
            require_last_push_approval: true,
            required_review_thread_resolution: false,
          },
        },
      ],
    };
    const merged = auditRepo(
      config,
      governed("acme-m"),
      { kind: "classic", protection: classic, repoRulesets: [lastPush] },
      "classic",
    );
    expect(merged).toMatchObject({ status: "compliant", drift: [], score: { score: 8 } });
    // In `evaluate` the ruleset enforces nothing: back to 5, and drift.
    const evaluating = auditRepo(
      config,
      governed("acme-m"),
      { kind: "classic", protection: classic, repoRulesets: [{ ...lastPush, enforcement: "evaluate" }] },
      "classic",
    );
    expect(evaluating).toMatchObject({ status: "drifted", score: { score: 5 } });
  });

  it("a score held down by another source's bypass actor is drift no write of the kit's source can fix", () => {
    const config = withPreset("strict");
    const settings = protectionSettingsOf(config.branchProtection);
    // The org's own ruleset adds a rule the classic protection also has, with a team allowed to skip
    // it: the classic protection still binds everyone, but Scorecard counts any bypass actor.
    const teamBypass: RulesetResponse = {
      id: 40,
      name: "org baseline",
      target: "branch",
      enforcement: "active",
      source_type: "Organization",
      source: "acme",
      bypass_actors: [{ actor_id: 42, actor_type: "Team", bypass_mode: "always" }],
      conditions: {
        ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
        repository_name: { include: ["~ALL"], exclude: [] },
      },
      rules: [{ type: "deletion" }],
    };
    const audit = auditRepo(
      config,
      governed("acme-t"),
      { kind: "classic", protection: readBack(settings), repoRulesets: [] },
      "classic",
      [teamBypass],
      true,
    );
    expect(audit.drift).toEqual([{ field: "scorecardScore", expected: 10, actual: 9 }]);
    expect(audit.score!.missing).toEqual(["enforceAdmins"]);
    expect(protectionWriteHelps(audit)).toBe(false);
    expect(planRepairs(config, [audit]).repairs).toEqual([]);
  });

  it("reads a compliant repo's other sources only when one could still lower its score", async () => {
    const reads: string[] = [];
    const teamBypass: RulesetResponse = {
      id: 9,
      name: "team rules",
      target: "branch",
      enforcement: "active",
      bypass_actors: [{ actor_id: 42, actor_type: "Team", bypass_mode: "always" }],
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [{ type: "deletion" }],
    };
    const reader = (protection: ClassicProtectionResponse): ProtectionReader => ({
      listRepos: async () => [],
      listPropertyValues: async () => undefined,
      hasOrgProperty: async () => false,
      readOrgRulesets: async () => ({ available: true, rulesets: [] }),
      readClassicProtection: async (repo) => {
        reads.push(`${repo.name}: classic`);
        return protection;
      },
      readRepoRulesets: async (repo) => {
        reads.push(`${repo.name}: rulesets`);
        return [teamBypass];
      },
      hasCodeowners: async () => true,
    });
    // Default policy: the score (8) does not depend on tier 5, so one read settles it.
    const byDefault = withPreset("default");
    const [plain] = await auditRepos(
      byDefault,
      reader(readBack(protectionSettingsOf(byDefault.branchProtection))),
      [governed("acme-d")],
      "classic",
      [],
      { concurrency: 1 },
    );
    expect(reads).toEqual(["acme-d: classic"]);
    expect(plain).toMatchObject({ status: "compliant", unread: ["repo rulesets"], score: { score: 8 } });
    // Strict: classic protection alone scores 10, but the repo's ruleset lets a team bypass, which
    // Scorecard reads as admins not bound: 9, drift, and no write of the classic protection fixes it.
    const strict = withPreset("strict");
    const [bypassed] = await auditRepos(
      strict,
      reader(readBack(protectionSettingsOf(strict.branchProtection))),
      [governed("acme-s")],
      "classic",
      [],
      { concurrency: 1 },
    );
    expect(reads.slice(1)).toEqual(["acme-s: classic", "acme-s: rulesets"]);
    expect(bypassed).toMatchObject({ status: "drifted", score: { score: 9, missing: ["enforceAdmins"] } });
    expect(planRepairs(strict, [bypassed!]).repairs).toEqual([]);
  });
});
