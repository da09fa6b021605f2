/**
 * Field-level drift between the policy and what a branch actually enforces (pure).
 *
 * The policy is a floor, not an exact copy: a repo that is stricter than the policy (more approvals,
 * extra required checks, linear history the policy does not ask for) is compliant, because teams may
 * add their own rules. A field drifts only when the branch is weaker than the policy on that field.
 */
import type { ProtectionSettings, RulesetResponse } from "../protection/protection-requests";

/** A policy field (the config key under `branchProtection`), or a property of the ruleset itself. */
export type DriftField =
  | keyof ProtectionSettings
  | "ruleset"
  | "ruleset.enforcement"
  | "ruleset.conditions"
  | "customProperty"
  /** OpenSSF Scorecard Branch-Protection score below the policy's own (protection-score-audit.ts). */
  | "scorecardScore";

export interface FieldDrift {
  field: DriftField;
  expected: unknown;
  /** `null` when nothing is set at all (no protection, no ruleset). */
  actual: unknown;
}

type Strictness = "true-is-stricter" | "false-is-stricter" | "higher-is-stricter" | "superset-is-stricter";

/** How each policy field compares; the order is the order drift is reported in. */
export const FIELD_STRICTNESS: Readonly<Record<keyof ProtectionSettings, Strictness>> = {
  requiredApprovingReviewCount: "higher-is-stricter",
  requireCodeOwnerReviews: "true-is-stricter",
  dismissStaleReviews: "true-is-stricter",
  requireLastPushApproval: "true-is-stricter",
  requiredStatusChecks: "superset-is-stricter",
  strictStatusChecks: "true-is-stricter",
  enforceAdmins: "true-is-stricter",
  requireConversationResolution: "true-is-stricter",
  requireLinearHistory: "true-is-stricter",
  allowForcePushes: "false-is-stricter",
  allowDeletions: "false-is-stricter",
};

const FIELDS = Object.keys(FIELD_STRICTNESS) as (keyof ProtectionSettings)[];

/** Fields that matter for a policy: `strictStatusChecks` means nothing when no check is required. */
function relevantFields(expected: ProtectionSettings): (keyof ProtectionSettings)[] {
  return FIELDS.filter((f) => f !== "strictStatusChecks" || expected.requiredStatusChecks.length > 0);
}

function satisfies(field: keyof ProtectionSettings, expected: unknown, actual: unknown): boolean {
  switch (FIELD_STRICTNESS[field]) {
    case "true-is-stricter":
      return expected !== true || actual === true;
    case "false-is-stricter":
      return expected !== false || actual === false;
    case "higher-is-stricter":
      return Number(actual) >= Number(expected);
    case "superset-is-stricter": {
      const have = new Set(actual as string[]);
      return (expected as string[]).every((v) => have.has(v));
    }
  }
}

/**
 * Every field where `actual` is weaker than `expected`. `actual` undefined means the branch has no
 * protection at all: every relevant field drifts, with `actual: null`.
 */
export function diffProtection(
  expected: ProtectionSettings,
  actual: ProtectionSettings | undefined,
): FieldDrift[] {
  return relevantFields(expected).flatMap((field): FieldDrift[] => {
    if (actual === undefined) return [{ field, expected: expected[field], actual: null }];
    if (satisfies(field, expected[field], actual[field])) return [];
    return [{ field, expected: expected[field], actual: actual[field] }];
  });
}

/**
 * The settings a repair writes: the policy, except where the branch is already stricter, so a repair
 * never loosens a rule a team added (extra checks are kept, a higher approval count stays).
 */
export function strictestOf(expected: ProtectionSettings, actual: ProtectionSettings | undefined) {
  if (!actual) return { ...expected, requiredStatusChecks: [...expected.requiredStatusChecks] };
  const merged = { ...expected };
  for (const field of FIELDS) {
    if (satisfies(field, expected[field], actual[field]) && field !== "requiredStatusChecks") {
      (merged as Record<string, unknown>)[field] = actual[field];
    }
  }
  merged.requiredStatusChecks = [
    ...new Set([...expected.requiredStatusChecks, ...actual.requiredStatusChecks]),
  ];
  merged.requiredApprovingReviewCount = Math.max(
    expected.requiredApprovingReviewCount,
    actual.requiredApprovingReviewCount,
  );
  return merged;
}

/** What a ruleset must also be, beyond its rules: active, on the default branch, and (org) on the kit's repos. */
export interface RulesetExpectation {
  settings: ProtectionSettings;
  /** Org rulesets: the custom property (and value) that selects the governed repos. */
  property?: { name: string; value: string };
}

/**
 * Drift of the kit's ruleset. `actual` undefined: the ruleset is missing (one `ruleset` drift plus
 * every rule field, so counts compare with a missing classic protection).
 */
export function diffRuleset(
  expectation: RulesetExpectation,
  actual: RulesetResponse | undefined,
  actualSettings?: ProtectionSettings,
): FieldDrift[] {
  if (!actual) {
    return [
      { field: "ruleset", expected: "present", actual: null },
      ...diffProtection(expectation.settings, undefined),
    ];
  }
  const drift: FieldDrift[] = [];
  if (actual.enforcement !== "active") {
    drift.push({ field: "ruleset.enforcement", expected: "active", actual: actual.enforcement ?? null });
  }
  const conditionProblem = describeConditionDrift(expectation, actual);
  if (conditionProblem) drift.push({ field: "ruleset.conditions", ...conditionProblem });
  drift.push(...diffProtection(expectation.settings, actualSettings));
  return drift;
}

function describeConditionDrift(
  expectation: RulesetExpectation,
  actual: RulesetResponse,
): { expected: unknown; actual: unknown } | undefined {
  const refs = actual.conditions?.ref_name;
  const coversDefault = (refs?.include ?? []).some((r) => r === "~DEFAULT_BRANCH" || r === "~ALL");
  const excludesDefault = (refs?.exclude ?? []).includes("~DEFAULT_BRANCH");
  const property = expectation.property;
  const selectsRepos =
    !property ||
    (actual.conditions?.repository_property?.include ?? []).some(
      (p) => p.name === property.name && (p.property_values ?? []).includes(property.value),
    );
  if (coversDefault && !excludesDefault && selectsRepos) return undefined;
  return {
    expected: property
      ? `default branch of repos with ${property.name}=${property.value}`
      : "the default branch",
    actual: {
      ref_name: refs ?? null,
      ...(property ? { repository_property: actual.conditions?.repository_property ?? null } : {}),
    },
  };
}
