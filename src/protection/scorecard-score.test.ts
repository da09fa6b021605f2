import { describe, expect, it } from "vitest";
import { PROTECTION_PRESETS } from "../config/protection-presets";
import {
  classicProtectionBody,
  type ProtectionSettings,
  type RulesetResponse,
  rulesetBody,
} from "./protection-requests";
import {
  classicResponseOf,
  factsFromClassicProtection,
  factsFromPolicy,
  factsFromRuleset,
  mergeFacts,
  scorePolicy,
} from "./scorecard-facts";
import { computeScorecardScore, describeRaise, type ProtectionFacts, scoreOf } from "./scorecard-score";

/** Every Scorecard input satisfied: 10/10. */
const FULL: ProtectionFacts = {
  allowForcePushes: false,
  allowDeletions: false,
  pullRequestsRequired: true,
  requiredApprovingReviewCount: 2,
  requireCodeOwnerReviews: true,
  codeownersFile: true,
  dismissStaleReviews: true,
  requireLastPushApproval: true,
  upToDateBeforeMerge: true,
  requiredStatusChecks: ["ci / build-test"],
  enforceAdmins: true,
};

const with_ = (changes: Partial<ProtectionFacts>): ProtectionFacts => ({ ...FULL, ...changes });

/** Classic protection as GET returns it for a body the kit writes. */
const readBackClassic = (settings: ProtectionSettings) => classicResponseOf(classicProtectionBody(settings));

function readBackRuleset(settings: ProtectionSettings): RulesetResponse {
  return { id: 7, ...rulesetBody(settings) } as unknown as RulesetResponse;
}

describe("Scorecard Branch-Protection tiers", () => {
  it("scores 10 with every setting, 0 with none and 0 for an unprotected branch", () => {
    expect(scoreOf(FULL)).toBe(10);
    expect(scoreOf({})).toBe(0);
    expect(scoreOf(factsFromClassicProtection(undefined))).toBe(0);
  });

  it("tier 1 (3 points) needs both force pushes and deletion blocked; half of it is 1 and stops there", () => {
    expect(scoreOf(with_({ allowDeletions: true }))).toBe(1);
    expect(scoreOf(with_({ allowForcePushes: true }))).toBe(1);
    // Unknown counts as not blocked (Scorecard always counts both in the maximum).
    expect(scoreOf(with_({ allowDeletions: undefined }))).toBe(1);
    expect(scoreOf(with_({ allowDeletions: true, allowForcePushes: true }))).toBe(0);
  });

  it("3: tier 1 complete, no reviews at all", () => {
    expect(
      scoreOf({
        allowForcePushes: false,
        allowDeletions: false,
        pullRequestsRequired: false,
        requiredApprovingReviewCount: 0,
        upToDateBeforeMerge: false,
        requireLastPushApproval: false,
      }),
    ).toBe(3);
  });

  it("5: tier 2 misses only last-push approval (the kit's old default)", () => {
    const facts = with_({ requireLastPushApproval: false, requiredApprovingReviewCount: 1 });
    expect(scoreOf(facts)).toBe(5);
    // Tiers above an incomplete tier add nothing, however complete they are.
    expect(scoreOf(with_({ requireLastPushApproval: false }))).toBe(5);
  });

  it("6: tiers 1-2 complete without any required status check", () => {
    expect(scoreOf(with_({ requiredStatusChecks: [] }))).toBe(6);
  });

  it("8: tiers 1-3 complete, tier 4 half (one approval)", () => {
    expect(scoreOf(with_({ requiredApprovingReviewCount: 1 }))).toBe(8);
    expect(scoreOf(with_({ requireCodeOwnerReviews: false }))).toBe(8);
  });

  it("9: tiers 1-4 complete, tier 5 half", () => {
    expect(scoreOf(with_({ enforceAdmins: false }))).toBe(9);
    expect(scoreOf(with_({ dismissStaleReviews: false }))).toBe(9);
    expect(scoreOf(with_({ dismissStaleReviews: false, enforceAdmins: false }))).toBe(9);
  });

  it("leaves unreadable tier-2 and tier-5 settings out of the maximum (no admin token)", () => {
    expect(
      scoreOf(
        with_({
          upToDateBeforeMerge: undefined,
          requireLastPushApproval: undefined,
          pullRequestsRequired: undefined,
        }),
      ),
    ).toBe(10);
    // Both tier-5 settings unknown: the tier's maximum is 0 and it counts in full.
    expect(scoreOf(with_({ dismissStaleReviews: undefined, enforceAdmins: undefined }))).toBe(10);
    // Unknown approvals count as none.
    expect(scoreOf(with_({ requiredApprovingReviewCount: undefined }))).toBe(4);
  });

  it("counts code-owner review only with a CODEOWNERS file", () => {
    expect(scoreOf(with_({ codeownersFile: false }))).toBe(8);
    expect(scoreOf(with_({ codeownersFile: undefined }))).toBe(8);
    const result = computeScorecardScore(with_({ codeownersFile: false }));
    expect(result.missing).toEqual(["codeownersFile"]);
    expect(result.raise).toEqual([{ settings: ["codeownersFile"], points: 2, scoreAfter: 10 }]);
  });
});

describe("settings that would raise the score", () => {
  it("lists nothing at 10", () => {
    expect(computeScorecardScore(FULL)).toMatchObject({ score: 10, raise: [], missing: [] });
  });

  it("orders by the points each adds, on top of the steps before, and reaches 10", () => {
    const result = computeScorecardScore(
      with_({ requireLastPushApproval: false, requiredApprovingReviewCount: 1, enforceAdmins: false }),
    );
    expect(result.score).toBe(5);
    expect(result.raise).toEqual([
      { settings: ["requireLastPushApproval"], points: 3, scoreAfter: 8 },
      { settings: ["requireTwoApprovals"], points: 1, scoreAfter: 9 },
      { settings: ["enforceAdmins"], points: 1, scoreAfter: 10 },
    ]);
    expect(result.missing).toEqual(["requireLastPushApproval", "requireTwoApprovals", "enforceAdmins"]);
    expect(describeRaise(result.raise)).toContain("`requireLastPushApproval: true`");
  });

  it("groups settings that only add a point together", () => {
    const result = computeScorecardScore(
      with_({ requiredApprovingReviewCount: 1, requireCodeOwnerReviews: false }),
    );
    expect(result.score).toBe(8);
    expect(result.raise).toEqual([
      { settings: ["requireTwoApprovals", "requireCodeOwnerReviews"], points: 2, scoreAfter: 10 },
    ]);
  });

  it("starts from tier 1 on an unprotected branch and sums to 10", () => {
    const result = computeScorecardScore({});
    expect(result.score).toBe(0);
    expect(result.raise.reduce((sum, s) => sum + s.points, 0)).toBe(10);
    expect(result.missing[0]).toMatch(/^block/);
    expect(result.raise.at(-1)?.scoreAfter).toBe(10);
  });
});

describe("presets and the kit's policy", () => {
  const classic = (values: Omit<ProtectionSettings, never>) => ({ ...values, mechanism: "classic" as const });

  it("default scores 8 and strict 10, with the CODEOWNERS file the templates ship", () => {
    expect(scoreOf(factsFromPolicy(classic(PROTECTION_PRESETS.default)))).toBe(8);
    expect(scoreOf(factsFromPolicy(classic(PROTECTION_PRESETS.strict)))).toBe(10);
    expect(scoreOf(factsFromPolicy(classic(PROTECTION_PRESETS.strict), false))).toBe(8);
  });

  it("scorePolicy scores a policy with its advice", () => {
    expect(scorePolicy(classic(PROTECTION_PRESETS.default))).toMatchObject({
      score: 8,
      missing: ["requireTwoApprovals"],
      raise: [{ settings: ["requireTwoApprovals"], points: 2, scoreAfter: 10 }],
    });
  });

  it("the default without last-push approval is the old 5", () => {
    expect(
      scoreOf(factsFromPolicy(classic({ ...PROTECTION_PRESETS.default, requireLastPushApproval: false }))),
    ).toBe(5);
  });
});

describe("classic protection and rulesets", () => {
  const policies: [string, ProtectionSettings][] = [
    ["default", PROTECTION_PRESETS.default],
    ["strict", PROTECTION_PRESETS.strict],
    ["no last-push approval", { ...PROTECTION_PRESETS.default, requireLastPushApproval: false }],
    ["no checks", { ...PROTECTION_PRESETS.strict, requiredStatusChecks: [] }],
    ["admins bypass", { ...PROTECTION_PRESETS.strict, enforceAdmins: false }],
    ["force pushes", { ...PROTECTION_PRESETS.strict, allowForcePushes: true }],
    ["no reviews", { ...PROTECTION_PRESETS.strict, requiredApprovingReviewCount: 0 }],
    ["stale reviews kept", { ...PROTECTION_PRESETS.strict, dismissStaleReviews: false }],
    ["not up to date", { ...PROTECTION_PRESETS.strict, strictStatusChecks: false }],
  ];

  it.each(policies)("score the same for equivalent settings: %s", (_name, settings) => {
    const fromClassic = computeScorecardScore(factsFromClassicProtection(readBackClassic(settings), true));
    const fromRuleset = computeScorecardScore(factsFromRuleset(readBackRuleset(settings), true));
    expect(fromRuleset.score).toBe(fromClassic.score);
    expect(fromRuleset.missing).toEqual(fromClassic.missing);
    expect(factsFromPolicy({ ...settings, mechanism: "ruleset" })).toEqual(
      factsFromPolicy({ ...settings, mechanism: "classic" }),
    );
  });

  it("reads checks from both `contexts` and `checks`, and strict only with checks", () => {
    const facts = factsFromClassicProtection({
      required_status_checks: { strict: true, contexts: [], checks: [{ context: "build" }] },
    });
    expect(facts.requiredStatusChecks).toEqual(["build"]);
    expect(facts.upToDateBeforeMerge).toBe(true);
    expect(factsFromClassicProtection({ required_status_checks: null }).upToDateBeforeMerge).toBe(false);
  });

  it("a ruleset with any bypass actor does not bind admins", () => {
    const ruleset = readBackRuleset(PROTECTION_PRESETS.strict);
    ruleset.bypass_actors = [{ actor_id: 3, actor_type: "Team", bypass_mode: "pull_request" }];
    expect(factsFromRuleset(ruleset).enforceAdmins).toBe(false);
  });

  it("merges sources as GitHub enforces them: the strictest wins, a bypass anywhere wins", () => {
    const classicPart = factsFromClassicProtection(
      readBackClassic({ ...PROTECTION_PRESETS.default, requireLastPushApproval: false }),
      true,
    );
    const rulesetPart = factsFromRuleset(
      readBackRuleset({ ...PROTECTION_PRESETS.strict, requiredStatusChecks: ["lint"] }),
    );
    const merged = mergeFacts([classicPart, rulesetPart]);
    expect(merged.requireLastPushApproval).toBe(true);
    expect(merged.requiredApprovingReviewCount).toBe(2);
    expect(merged.requiredStatusChecks).toEqual(["ci / build-test", "lint"]);
    expect(merged.codeownersFile).toBe(true);
    expect(scoreOf(merged)).toBe(10);
    const bypass = mergeFacts([merged, { enforceAdmins: false }]);
    expect(bypass.enforceAdmins).toBe(false);
    expect(scoreOf(bypass)).toBe(9);
    expect(mergeFacts([])).toEqual({});
  });
});
