/**
 * The branch-protection policy of the kit config, as GitHub request bodies: classic branch protection
 * (PUT .../branches/{branch}/protection) or a ruleset (repository or organization). One policy, used by
 * create-project to protect a new repo and by enforce-protection to repair drift.
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
  restrictions: null;
  required_linear_history: boolean;
  allow_force_pushes: boolean;
  allow_deletions: boolean;
  required_conversation_resolution: boolean;
}

export function classicProtectionBody(policy: BranchProtectionPolicy): ClassicProtectionBody {
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
    restrictions: null,
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

export function rulesetRules(policy: BranchProtectionPolicy): RulesetRule[] {
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
  policy: BranchProtectionPolicy,
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
