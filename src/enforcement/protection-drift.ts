/**
 * Field-level drift between the policy and what a branch actually enforces (pure).
 *
 * The policy is a floor, not an exact copy: a repo that is stricter than the policy (more approvals,
 * extra required checks, linear history the policy does not ask for) is compliant, because teams may
 * add their own rules. A field drifts only when the branch is weaker than the policy on that field.
 */
import {
  type BypassActor,
  bypassActorOf,
  ORG_ADMINS,
  type ProtectionSource,
} from "../protection/effective-protection";
import {
  type ProtectionSettings,
  type RulesetResponse,
  settingsFromRuleset,
} from "../protection/protection-requests";

/** A policy field (the config key under `branchProtection`), or a property of the ruleset itself. */
export type DriftField =
  | keyof ProtectionSettings
  /** Someone beyond what the policy allows (admins, when it does not enforce admins) may bypass a rule. */
  | "bypassActors"
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
  // Its rules and who may bypass them, as if it were in force (whether it is, is the drift above).
  const asSource: ProtectionSource = {
    label: `ruleset "${actual.name}" (#${actual.id})`,
    kind: expectation.property ? "org-ruleset" : "repo-ruleset",
    inForce: true,
    settings: settingsFromRuleset(actual),
    bypass: (actual.bypass_actors ?? []).map(bypassActorOf),
  };
  drift.push(...diffEffective(expectation.settings, [asSource]).drift);
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

/** Whether the policy asks anything of this field (a floor of `false`, 0 or no checks asks nothing). */
function requiredByPolicy(field: keyof ProtectionSettings, expected: ProtectionSettings): boolean {
  const value = expected[field];
  switch (FIELD_STRICTNESS[field]) {
    case "true-is-stricter":
      return value === true && (field !== "strictStatusChecks" || expected.requiredStatusChecks.length > 0);
    case "false-is-stricter":
      return value === false;
    case "higher-is-stricter":
      return Number(value) > 0;
    case "superset-is-stricter":
      return (value as string[]).length > 0;
  }
}

/** The actors who may bypass every one of these sources (a rule binds anyone one source binds). */
function bypassingAll(sources: readonly ProtectionSource[]): BypassActor[] {
  if (sources.length === 0) return [];
  return bypassersOf(sources[0]!).filter((actor) =>
    sources.every((s) => bypassersOf(s).some((b) => b.key === actor.key)),
  );
}

/** Who may bypass a source: org owners are admins of every repo, so repo-admin bypass lets them through too. */
function bypassersOf(source: ProtectionSource): BypassActor[] {
  const repoAdmins = source.bypass.some((b) => b.key === "RepositoryRole:5");
  const orgAdmins = source.bypass.some((b) => b.key === ORG_ADMINS.key);
  return repoAdmins && !orgAdmins ? [...source.bypass, ORG_ADMINS] : source.bypass;
}

/** What the effective comparison found, and where each rule comes from. */
export interface EffectiveComparison {
  drift: FieldDrift[];
  /** Each policy field the branch meets: the sources in force that supply it. */
  suppliedBy: Partial<Record<keyof ProtectionSettings, string[]>>;
  /** Each drifted field: the sources in force and their (too weak) values; bypass drift: the sources bypassed and by whom. */
  lacking: Partial<Record<DriftField, { source: string; value: unknown }[]>>;
  /** Policy fields someone beyond the policy's allowance may bypass (what a repair must re-supply). */
  bypassedFields: (keyof ProtectionSettings)[];
}

/**
 * Policy vs the protection a branch actually has (classic, repo and org rulesets together): a field
 * drifts when no source in force meets the policy's floor; `enforceAdmins` drifts when admins may
 * bypass every source that supplies some rule; `bypassActors` when anyone else may. With no source in
 * force at all, every field the policy sets drifts with `actual: null`.
 */
export function diffEffective(
  expected: ProtectionSettings,
  sources: readonly ProtectionSource[],
): EffectiveComparison {
  const inForce = sources.filter((s) => s.inForce);
  if (inForce.length === 0)
    return { drift: diffProtection(expected, undefined), suppliedBy: {}, lacking: {}, bypassedFields: [] };
  const drift: FieldDrift[] = [];
  const suppliedBy: EffectiveComparison["suppliedBy"] = {};
  const lacking: EffectiveComparison["lacking"] = {};
  const bypassed = new Map<
    string,
    { actor: BypassActor; fields: Set<keyof ProtectionSettings>; sources: Set<string> }
  >();
  const noteBypass = (field: keyof ProtectionSettings, suppliers: readonly ProtectionSource[]) => {
    for (const actor of bypassingAll(suppliers)) {
      const entry = bypassed.get(actor.key) ?? { actor, fields: new Set(), sources: new Set() };
      entry.fields.add(field);
      for (const s of suppliers) entry.sources.add(s.label);
      bypassed.set(actor.key, entry);
    }
  };
  for (const field of FIELDS) {
    if (field === "enforceAdmins" || !requiredByPolicy(field, expected)) continue;
    const values = inForce.map((s) => ({ source: s.label, value: s.settings[field] }));
    if (field === "requiredStatusChecks") {
      // Checks add up across sources: each required check needs one source that requires it.
      const missing = expected.requiredStatusChecks.filter(
        (check) => !inForce.some((s) => s.settings.requiredStatusChecks.includes(check)),
      );
      const all = [...new Set(inForce.flatMap((s) => s.settings.requiredStatusChecks))];
      if (missing.length > 0) {
        drift.push({ field, expected: expected[field], actual: all });
        lacking[field] = values;
      } else {
        suppliedBy[field] = inForce
          .filter((s) =>
            s.settings.requiredStatusChecks.some((c) => expected.requiredStatusChecks.includes(c)),
          )
          .map((s) => s.label);
        for (const check of expected.requiredStatusChecks)
          noteBypass(
            field,
            inForce.filter((s) => s.settings.requiredStatusChecks.includes(check)),
          );
      }
      continue;
    }
    const suppliers = inForce.filter((s) => satisfies(field, expected[field], s.settings[field]));
    if (suppliers.length === 0) {
      drift.push({ field, expected: expected[field], actual: strictestValue(field, inForce) });
      lacking[field] = values;
      continue;
    }
    suppliedBy[field] = suppliers.map((s) => s.label);
    noteBypass(field, suppliers);
  }
  const entries = [...bypassed.values()];
  const admins = expected.enforceAdmins ? entries.filter((e) => e.actor.admin) : [];
  const others = entries.filter((e) => !e.actor.admin);
  if (admins.length > 0) {
    drift.push({ field: "enforceAdmins", expected: true, actual: false });
    lacking.enforceAdmins = bypassedSources(admins);
  }
  if (others.length > 0) {
    drift.push({
      field: "bypassActors",
      expected: expected.enforceAdmins ? "nobody" : "admins only",
      actual: others.map((e) => e.actor.label),
    });
    lacking.bypassActors = bypassedSources(others);
  }
  const bypassedFields = FIELDS.filter((f) => [...admins, ...others].some((e) => e.fields.has(f)));
  drift.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field));
  return { drift, suppliedBy, lacking, bypassedFields };
}

/** For each bypassed source, who may bypass it. */
function bypassedSources(
  entries: { actor: BypassActor; sources: Set<string> }[],
): { source: string; value: unknown }[] {
  const sources = [...new Set(entries.flatMap((e) => [...e.sources]))];
  return sources.map((source) => ({
    source,
    value: entries.filter((e) => e.sources.has(source)).map((e) => e.actor.label),
  }));
}

function fieldOrder(field: DriftField): number {
  const index = (FIELDS as string[]).indexOf(field);
  return index >= 0 ? index : FIELDS.length;
}

/** The strictest value of a field among sources (for reporting what the branch does have). */
function strictestValue(field: keyof ProtectionSettings, sources: readonly ProtectionSource[]): unknown {
  const values = sources.map((s) => s.settings[field]);
  switch (FIELD_STRICTNESS[field]) {
    case "true-is-stricter":
      return values.some((v) => v === true);
    case "false-is-stricter":
      return values.every((v) => v !== false);
    case "higher-is-stricter":
      return Math.max(...values.map(Number));
    case "superset-is-stricter":
      return [...new Set(values.flat() as string[])];
  }
}
