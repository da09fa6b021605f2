/**
 * Repairing classic branch protection without loosening anything (pure). The PUT replaces the whole
 * protection, so a repair starts from everything GitHub returned (locks, creation blocks, push and
 * dismissal restrictions, pull-request bypass allowances, app-bound checks, fork syncing…) and tightens
 * only the fields that drifted, each to the stricter of the policy and what the branch has.
 *
 * Required signatures are not part of the PUT (their own endpoint): a repair reports whether they were
 * on so the executor can re-assert them.
 */
import type { ProtectionSettings } from "./protection-requests";
import {
  type ClassicProtectionResponse,
  classicProtectionBody,
  settingsFromClassicProtection,
} from "./protection-requests";

/** Users, teams and apps by login / slug, as the PUT takes them. */
export interface ActorLists {
  users: string[];
  teams: string[];
  apps: string[];
}

/** The full body of `PUT /repos/{owner}/{repo}/branches/{branch}/protection`. */
export interface ClassicProtectionPut {
  /** `contexts` is required by the API (deprecated); `checks` carries the app each check is bound to. */
  required_status_checks: {
    strict: boolean;
    contexts: string[];
    checks: { context: string; app_id?: number }[];
  } | null;
  enforce_admins: boolean;
  required_pull_request_reviews: {
    dismissal_restrictions?: ActorLists;
    dismiss_stale_reviews: boolean;
    require_code_owner_reviews: boolean;
    required_approving_review_count: number;
    require_last_push_approval: boolean;
    bypass_pull_request_allowances?: ActorLists;
  } | null;
  restrictions: ActorLists | null;
  required_linear_history: boolean;
  allow_force_pushes: boolean;
  allow_deletions: boolean;
  block_creations: boolean;
  required_conversation_resolution: boolean;
  lock_branch: boolean;
  allow_fork_syncing: boolean;
}

type ActorsShape = {
  users?: { login: string }[];
  teams?: { slug: string }[];
  apps?: { slug?: string | null }[];
} | null;

function actorLists(shape: ActorsShape | undefined): ActorLists | undefined {
  if (!shape) return undefined;
  return {
    users: (shape.users ?? []).map((u) => u.login),
    teams: (shape.teams ?? []).map((t) => t.slug),
    apps: (shape.apps ?? []).flatMap((a) => (a.slug ? [a.slug] : [])),
  };
}

const enabled = (flag: { enabled?: boolean } | null | undefined) => flag?.enabled === true;

/**
 * The PUT body that sets exactly what a GET returned. A check bound to no app (`app_id` null) is sent
 * with -1 ("any app"): omitting it would let GitHub bind the check to whichever app last reported it.
 */
export function classicPutFromResponse(response: ClassicProtectionResponse): ClassicProtectionPut {
  const checks = response.required_status_checks;
  const reviews = response.required_pull_request_reviews;
  const dismissal = actorLists(reviews?.dismissal_restrictions);
  const bypass = actorLists(reviews?.bypass_pull_request_allowances);
  const listed = checks?.checks ?? (checks?.contexts ?? []).map((context) => ({ context, app_id: null }));
  return {
    required_status_checks: checks
      ? {
          strict: checks.strict === true,
          contexts: listed.map((c) => c.context),
          checks: listed.map((c) => ({ context: c.context, app_id: c.app_id ?? -1 })),
        }
      : null,
    enforce_admins: enabled(response.enforce_admins),
    required_pull_request_reviews: reviews
      ? {
          ...(dismissal ? { dismissal_restrictions: dismissal } : {}),
          dismiss_stale_reviews: reviews.dismiss_stale_reviews === true,
          require_code_owner_reviews: reviews.require_code_owner_reviews === true,
          required_approving_review_count: reviews.required_approving_review_count ?? 0,
          require_last_push_approval: reviews.require_last_push_approval === true,
          ...(bypass ? { bypass_pull_request_allowances: bypass } : {}),
        }
      : null,
    restrictions: actorLists(response.restrictions) ?? null,
    required_linear_history: enabled(response.required_linear_history),
    allow_force_pushes: enabled(response.allow_force_pushes),
    allow_deletions: enabled(response.allow_deletions),
    block_creations: enabled(response.block_creations),
    required_conversation_resolution: enabled(response.required_conversation_resolution),
    lock_branch: enabled(response.lock_branch),
    allow_fork_syncing: enabled(response.allow_fork_syncing),
  };
}

/** The stricter of two values of a policy field. */
export function stricterValue(field: keyof ProtectionSettings, policy: unknown, actual: unknown): unknown {
  switch (field) {
    case "requiredApprovingReviewCount":
      return Math.max(Number(policy), Number(actual));
    case "requiredStatusChecks":
      return [...new Set([...(actual as string[]), ...(policy as string[])])];
    case "allowForcePushes":
    case "allowDeletions":
      return policy === true && actual === true;
    default:
      return policy === true || actual === true;
  }
}

const REVIEW_FIELDS = {
  requiredApprovingReviewCount: "required_approving_review_count",
  requireCodeOwnerReviews: "require_code_owner_reviews",
  dismissStaleReviews: "dismiss_stale_reviews",
  requireLastPushApproval: "require_last_push_approval",
} as const;

const TOP_LEVEL_FLAGS = {
  enforceAdmins: "enforce_admins",
  requireConversationResolution: "required_conversation_resolution",
  requireLinearHistory: "required_linear_history",
  allowForcePushes: "allow_force_pushes",
  allowDeletions: "allow_deletions",
} as const;

/**
 * The PUT of a repair: `current` as it is, with each of `fields` tightened to the stricter of the policy
 * and the branch. No protection at all: the policy's own protection.
 */
export function repairedClassicPut(
  current: ClassicProtectionResponse | undefined,
  policy: ProtectionSettings,
  fields: readonly (keyof ProtectionSettings)[],
): ClassicProtectionPut {
  if (!current) {
    const body = classicProtectionBody(policy);
    return {
      ...body,
      required_status_checks: body.required_status_checks
        ? {
            strict: body.required_status_checks.strict,
            contexts: body.required_status_checks.contexts,
            checks: body.required_status_checks.contexts.map((context) => ({ context })),
          }
        : null,
      block_creations: false,
      lock_branch: false,
      allow_fork_syncing: false,
    };
  }
  const put = classicPutFromResponse(current);
  const have = settingsFromClassicProtection(current);
  for (const field of new Set(fields)) {
    const value = stricterValue(field, policy[field], have[field]);
    if (field in REVIEW_FIELDS) {
      const reviews = put.required_pull_request_reviews ?? {
        dismiss_stale_reviews: false,
        require_code_owner_reviews: false,
        required_approving_review_count: 0,
        require_last_push_approval: false,
      };
      put.required_pull_request_reviews = {
        ...reviews,
        [REVIEW_FIELDS[field as keyof typeof REVIEW_FIELDS]]: value,
      };
    } else if (field in TOP_LEVEL_FLAGS) {
      put[TOP_LEVEL_FLAGS[field as keyof typeof TOP_LEVEL_FLAGS]] = value as boolean;
    } else if (field === "requiredStatusChecks") {
      const checks = put.required_status_checks ?? { strict: false, contexts: [], checks: [] };
      const present = new Set(checks.checks.map((c) => c.context));
      const added = (value as string[]).filter((c) => !present.has(c));
      put.required_status_checks = {
        ...checks,
        contexts: [...checks.contexts, ...added],
        checks: [...checks.checks, ...added.map((context) => ({ context }))],
      };
    } else if (field === "strictStatusChecks") {
      put.required_status_checks = {
        contexts: put.required_status_checks?.contexts ?? [],
        checks: put.required_status_checks?.checks ?? [],
        strict: value as boolean,
      };
    }
  }
  return put;
}

/** Whether the branch requires signed commits (kept by the executor, since the PUT cannot say it). */
export function requiresSignatures(current: ClassicProtectionResponse | undefined): boolean {
  return current?.required_signatures?.enabled === true;
}
