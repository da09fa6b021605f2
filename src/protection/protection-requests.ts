/**
 * The branch-protection policy of the kit config, as GitHub request bodies: classic branch protection
 * (PUT .../branches/{branch}/protection) or a ruleset (repository or organization). One policy, used by
 * create-project to protect a new repo and by enforce-protection to repair drift.
 *
 * The reverse direction lives here too: what GitHub answers when protection is read (classic GET
 * shape, a ruleset's rules) mapped back to the policy's own fields, so enforcement compares like with
 * like and reports drift under the config keys people know.
 */
import type { BranchProtectionPolicy } from "../config/kit-config";

/** Ruleset name the kit owns: found by this name on re-runs, so it is updated, never duplicated. */
export const KIT_RULESET_NAME = "mlops-kit: protect the default branch";

export interface ClassicProtectionBody {
  required_status_checks: { strict: boolean; contexts: string[] } | null;
  enforce_admins: boolean;
  required_pull_request_reviews: {
    dismiss_stale_reviews: boolean;
    require_code_owner_reviews: boolean;
    required_approving_review_count: number;
    require_last_push_approval: boolean;
  };
  restrictions: PushRestrictions | null;
  required_linear_history: boolean;
  allow_force_pushes: boolean;
  allow_deletions: boolean;
  required_conversation_resolution: boolean;
}

/** The policy without the choice of mechanism (and of preset): what a protected branch must enforce. */
export type ProtectionSettings = Omit<BranchProtectionPolicy, "mechanism" | "preset">;

/** Who may push to the branch (classic `restrictions`), kept as is when enforcement repairs a branch. */
export interface PushRestrictions {
  users: string[];
  teams: string[];
  apps: string[];
}

export function classicProtectionBody(
  policy: ProtectionSettings,
  restrictions: PushRestrictions | null = null,
): ClassicProtectionBody {
  return {
    required_status_checks:
      policy.requiredStatusChecks.length > 0
        ? { strict: policy.strictStatusChecks, contexts: [...policy.requiredStatusChecks] }
        : null,
    enforce_admins: policy.enforceAdmins,
    required_pull_request_reviews: {
      dismiss_stale_reviews: policy.dismissStaleReviews,
      require_code_owner_reviews: policy.requireCodeOwnerReviews,
      required_approving_review_count: policy.requiredApprovingReviewCount,
      require_last_push_approval: policy.requireLastPushApproval,
    },
    restrictions,
    required_linear_history: policy.requireLinearHistory,
    allow_force_pushes: policy.allowForcePushes,
    allow_deletions: policy.allowDeletions,
    required_conversation_resolution: policy.requireConversationResolution,
  };
}

export type RulesetRule =
  | { type: "deletion" | "non_fast_forward" | "required_linear_history" }
  | {
      type: "pull_request";
      parameters: {
        required_approving_review_count: number;
        dismiss_stale_reviews_on_push: boolean;
        require_code_owner_review: boolean;
        require_last_push_approval: boolean;
        required_review_thread_resolution: boolean;
      };
    }
  | {
      type: "required_status_checks";
      parameters: {
        strict_required_status_checks_policy: boolean;
        required_status_checks: { context: string }[];
      };
    };

export interface RulesetBody {
  name: string;
  target: "branch";
  enforcement: "active";
  /** Empty when admins follow the rules too (`enforceAdmins`): nobody bypasses. */
  bypass_actors: { actor_id: number; actor_type: "RepositoryRole"; bypass_mode: "always" }[];
  conditions: {
    ref_name: { include: string[]; exclude: string[] };
    repository_property?: {
      include: { name: string; property_values: string[]; source: "custom" }[];
      exclude: never[];
    };
  };
  rules: RulesetRule[];
}

/** Repository admin role id in rulesets' bypass actors. */
const REPOSITORY_ADMIN_ROLE_ID = 5;

export function rulesetRules(policy: ProtectionSettings): RulesetRule[] {
  const rules: RulesetRule[] = [];
  if (!policy.allowDeletions) rules.push({ type: "deletion" });
  if (!policy.allowForcePushes) rules.push({ type: "non_fast_forward" });
  if (policy.requireLinearHistory) rules.push({ type: "required_linear_history" });
  rules.push({
    type: "pull_request",
    parameters: {
      required_approving_review_count: policy.requiredApprovingReviewCount,
      dismiss_stale_reviews_on_push: policy.dismissStaleReviews,
      require_code_owner_review: policy.requireCodeOwnerReviews,
      require_last_push_approval: policy.requireLastPushApproval,
      required_review_thread_resolution: policy.requireConversationResolution,
    },
  });
  if (policy.requiredStatusChecks.length > 0) {
    rules.push({
      type: "required_status_checks",
      parameters: {
        strict_required_status_checks_policy: policy.strictStatusChecks,
        required_status_checks: policy.requiredStatusChecks.map((context) => ({ context })),
      },
    });
  }
  return rules;
}

/** A ruleset on the default branch of one repo, or (with `property`) of every repo carrying that custom property value. */
export function rulesetBody(
  policy: ProtectionSettings,
  property?: { name: string; value: string },
): RulesetBody {
  return {
    name: KIT_RULESET_NAME,
    target: "branch",
    enforcement: "active",
    bypass_actors: policy.enforceAdmins
      ? []
      : [{ actor_id: REPOSITORY_ADMIN_ROLE_ID, actor_type: "RepositoryRole", bypass_mode: "always" }],
    conditions: {
      ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
      ...(property
        ? {
            repository_property: {
              include: [
                { name: property.name, property_values: [property.value], source: "custom" as const },
              ],
              exclude: [],
            },
          }
        : {}),
    },
    rules: rulesetRules(policy),
  };
}

/** Users, teams and apps as a protection GET lists them. */
export interface ProtectionActors {
  users?: { login: string }[];
  teams?: { slug: string }[];
  apps?: { slug?: string | null }[];
}

/** `GET /repos/{owner}/{repo}/branches/{branch}/protection`: every field a repair must keep. */
export interface ClassicProtectionResponse {
  required_status_checks?: {
    strict?: boolean;
    contexts?: string[];
    checks?: { context: string; app_id?: number | null }[];
  } | null;
  enforce_admins?: { enabled?: boolean } | null;
  required_pull_request_reviews?: {
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
    required_approving_review_count?: number;
    require_last_push_approval?: boolean;
    dismissal_restrictions?: ProtectionActors | null;
    bypass_pull_request_allowances?: ProtectionActors | null;
  } | null;
  required_signatures?: { enabled?: boolean } | null;
  required_linear_history?: { enabled?: boolean } | null;
  allow_force_pushes?: { enabled?: boolean } | null;
  allow_deletions?: { enabled?: boolean } | null;
  block_creations?: { enabled?: boolean } | null;
  required_conversation_resolution?: { enabled?: boolean } | null;
  lock_branch?: { enabled?: boolean } | null;
  allow_fork_syncing?: { enabled?: boolean } | null;
  restrictions?: ProtectionActors | null;
}

/**
 * What a protected branch actually enforces, as policy fields. No pull-request requirement reads as
 * zero approvals and no review rules, which is what it means for merges.
 */
export function settingsFromClassicProtection(response: ClassicProtectionResponse): ProtectionSettings {
  const checks = response.required_status_checks;
  const reviews = response.required_pull_request_reviews;
  const contexts = new Set([...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((c) => c.context)]);
  return {
    requiredApprovingReviewCount: reviews?.required_approving_review_count ?? 0,
    requireCodeOwnerReviews: reviews?.require_code_owner_reviews ?? false,
    dismissStaleReviews: reviews?.dismiss_stale_reviews ?? false,
    requireLastPushApproval: reviews?.require_last_push_approval ?? false,
    requiredStatusChecks: [...contexts],
    strictStatusChecks: checks?.strict ?? false,
    enforceAdmins: response.enforce_admins?.enabled ?? false,
    requireConversationResolution: response.required_conversation_resolution?.enabled ?? false,
    requireLinearHistory: response.required_linear_history?.enabled ?? false,
    allowForcePushes: response.allow_force_pushes?.enabled ?? false,
    allowDeletions: response.allow_deletions?.enabled ?? false,
  };
}

/** The push restrictions of a read protection, in the shape the PUT takes (logins and slugs). */
export function pushRestrictionsFrom(response: ClassicProtectionResponse): PushRestrictions | null {
  const r = response.restrictions;
  if (!r) return null;
  return {
    users: (r.users ?? []).map((u) => u.login),
    teams: (r.teams ?? []).map((t) => t.slug),
    apps: (r.apps ?? []).flatMap((a) => (a.slug ? [a.slug] : [])),
  };
}

/** A ruleset as `GET .../rulesets/{id}` returns it (list endpoints: without conditions, rules and bypass actors). */
export interface RulesetResponse {
  id: number;
  name: string;
  target?: string;
  enforcement?: string;
  /** `Repository` or `Organization`. */
  source_type?: string;
  /** `owner/repo` or the org's login. */
  source?: string;
  bypass_actors?: { actor_id?: number | null; actor_type?: string; bypass_mode?: string }[];
  conditions?: {
    ref_name?: { include?: string[]; exclude?: string[] };
    repository_name?: { include?: string[]; exclude?: string[]; protected?: boolean };
    repository_id?: { repository_ids?: number[] };
    repository_property?: {
      include?: { name: string; property_values?: string[]; source?: string }[];
      exclude?: { name: string; property_values?: string[]; source?: string }[];
    };
  } | null;
  rules?: { type: string; parameters?: Record<string, unknown> }[];
}

/** What a ruleset's rules enforce, as policy fields. Any bypass actor means admins do not follow the rules. */
export function settingsFromRuleset(ruleset: RulesetResponse): ProtectionSettings {
  const rules = ruleset.rules ?? [];
  const rule = (type: string) => rules.find((r) => r.type === type);
  const pr = rule("pull_request")?.parameters ?? {};
  const checks = rule("required_status_checks")?.parameters ?? {};
  const contexts = ((checks.required_status_checks as { context: string }[] | undefined) ?? []).map(
    (c) => c.context,
  );
  return {
    requiredApprovingReviewCount: Number(pr.required_approving_review_count ?? 0),
    requireCodeOwnerReviews: pr.require_code_owner_review === true,
    dismissStaleReviews: pr.dismiss_stale_reviews_on_push === true,
    requireLastPushApproval: pr.require_last_push_approval === true,
    requiredStatusChecks: contexts,
    strictStatusChecks: checks.strict_required_status_checks_policy === true,
    enforceAdmins: (ruleset.bypass_actors ?? []).length === 0,
    requireConversationResolution: pr.required_review_thread_resolution === true,
    requireLinearHistory: rule("required_linear_history") !== undefined,
    allowForcePushes: rule("non_fast_forward") === undefined,
    allowDeletions: rule("deletion") === undefined,
  };
}

/** The settings a policy requires, whichever mechanism enforces them. */
export function protectionSettingsOf(policy: BranchProtectionPolicy): ProtectionSettings {
  const { mechanism: _mechanism, preset: _preset, ...settings } = policy;
  return { ...settings, requiredStatusChecks: [...settings.requiredStatusChecks] };
}
