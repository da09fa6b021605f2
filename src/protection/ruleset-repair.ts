/**
 * Repairing the kit's ruleset (repo or org) without loosening anything (pure): the ruleset as read,
 * active, with each drifted rule tightened to the stricter of the policy and the ruleset, every other
 * rule and parameter kept (rule types the policy does not know, merge methods, app-bound checks), the
 * conditions and bypass list kept unless they are what drifted.
 */
import { stricterValue } from "./classic-repair";
import {
  type ProtectionSettings,
  type RulesetResponse,
  rulesetBody,
  rulesetRules,
  settingsFromRuleset,
} from "./protection-requests";

type Rule = { type: string; parameters?: Record<string, unknown> };

/** A ruleset create/update body (the kit's shape, or one read back from GitHub). */
export interface RulesetWrite {
  name: string;
  target: string;
  enforcement: "active";
  bypass_actors: NonNullable<RulesetResponse["bypass_actors"]>;
  conditions: NonNullable<RulesetResponse["conditions"]>;
  rules: Rule[];
}

export interface RulesetRepairScope {
  /** Policy fields to tighten. */
  fields: readonly (keyof ProtectionSettings)[];
  /** Write the kit's conditions (the ruleset's own do not reach what they must). */
  fixConditions: boolean;
  /** Drop bypass actors the policy does not allow. */
  fixBypass: boolean;
  /** Org rulesets: the ownership property that selects the governed repos. */
  property?: { name: string; value: string };
}

/** The rule type that carries each policy field (`enforceAdmins` is the bypass list, not a rule). */
const RULE_OF: Partial<Record<keyof ProtectionSettings, string>> = {
  requiredApprovingReviewCount: "pull_request",
  requireCodeOwnerReviews: "pull_request",
  dismissStaleReviews: "pull_request",
  requireLastPushApproval: "pull_request",
  requireConversationResolution: "pull_request",
  requiredStatusChecks: "required_status_checks",
  strictStatusChecks: "required_status_checks",
  requireLinearHistory: "required_linear_history",
  allowForcePushes: "non_fast_forward",
  allowDeletions: "deletion",
};

const ADMIN_ACTOR_TYPES = new Set(["OrganizationAdmin"]);

function allowedBypass(
  actor: NonNullable<RulesetResponse["bypass_actors"]>[number],
  policy: ProtectionSettings,
): boolean {
  if (policy.enforceAdmins) return false;
  return (
    ADMIN_ACTOR_TYPES.has(actor.actor_type ?? "") ||
    (actor.actor_type === "RepositoryRole" && actor.actor_id === 5)
  );
}

/** Current rules with the generated ones merged in: parameters tightened, nothing removed. */
function mergeRules(current: readonly Rule[], generated: readonly Rule[]): Rule[] {
  const byType = new Map(generated.map((r) => [r.type, r]));
  const merged = current.map((rule): Rule => {
    const wanted = byType.get(rule.type);
    if (!wanted?.parameters) return rule;
    const parameters = { ...rule.parameters, ...wanted.parameters };
    if (rule.type === "required_status_checks") {
      const have = (rule.parameters?.required_status_checks as { context: string }[] | undefined) ?? [];
      const want = (wanted.parameters.required_status_checks as { context: string }[] | undefined) ?? [];
      const present = new Set(have.map((c) => c.context));
      parameters.required_status_checks = [...have, ...want.filter((c) => !present.has(c.context))];
    }
    return { ...rule, parameters };
  });
  const present = new Set(current.map((r) => r.type));
  return [...merged, ...generated.filter((r) => !present.has(r.type))];
}

export function repairedRulesetBody(
  current: RulesetResponse | undefined,
  policy: ProtectionSettings,
  scope: RulesetRepairScope,
): RulesetWrite {
  const kit = rulesetBody(policy, scope.property);
  if (!current) return kit;
  const want: ProtectionSettings = { ...settingsFromRuleset(current) };
  for (const field of new Set(scope.fields)) {
    (want as Record<string, unknown>)[field] = stricterValue(field, policy[field], want[field]);
  }
  const bypass = current.bypass_actors ?? [];
  // Only the rules of tightened fields are (re)written: the others stay exactly as they are.
  const touched = new Set(scope.fields.flatMap((f) => RULE_OF[f] ?? []));
  return {
    name: current.name,
    target: "branch",
    enforcement: "active",
    bypass_actors: scope.fixBypass ? bypass.filter((a) => allowedBypass(a, policy)) : bypass,
    conditions: scope.fixConditions || !current.conditions ? kit.conditions : current.conditions,
    rules: mergeRules(
      current.rules ?? [],
      rulesetRules(want).filter((r) => touched.has(r.type)),
    ),
  };
}
