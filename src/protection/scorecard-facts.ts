/**
 * Thin mappings from what the kit writes and reads to the `ProtectionFacts` Scorecard scores (pure):
 * a policy, classic protection as `GET .../branches/{branch}/protection` returns it, a ruleset as
 * `GET .../rulesets/{id}` returns it, and several of them together (a branch can be covered by classic
 * protection and rulesets at once; GitHub enforces the strictest of each).
 *
 * Mapping followed: ossf/scorecard `clients/githubrepo/branches.go` (copyAdminSettings,
 * copyNonAdminSettings, applyRepoRules / translatePullRequestRepoRule / mergeBranchProtectionRules):
 * `deletion` → deletion blocked, `non_fast_forward` → force pushes blocked, `pull_request` → pull
 * requests required with its review parameters, `required_status_checks` → its contexts and strict
 * policy (up to date before merge), and admins follow a ruleset only when it has no bypass actor.
 * One deliberate difference: Scorecard's GraphQL translation copies only `true` review parameters of a
 * ruleset (a `false` becomes "unknown" and leaves the score's maximum), so a ruleset without last-push
 * approval can out-score the same classic protection there. The kit reads the REST API, which states
 * every value, and scores an explicit `false` as `false`: a ruleset and the equivalent classic
 * protection score the same, and the kit never claims points for what the branch does not enforce.
 */
import {
  type ClassicProtectionBody,
  type ClassicProtectionResponse,
  classicProtectionBody,
  type ProtectionSettings,
  type RulesetResponse,
  rulesetBody,
} from "./protection-requests";
import { computeScorecardScore, type ProtectionFacts, type ScorecardScore } from "./scorecard-score";

/**
 * A branch nothing protects, as read with admin rights (every value known): the score is 0, and the
 * advice starts from tier 1 and names every tier-2 setting, as protection added later is read.
 */
export const NOTHING_ENFORCED: Readonly<ProtectionFacts> = {
  allowForcePushes: true,
  allowDeletions: true,
  pullRequestsRequired: false,
  requiredApprovingReviewCount: 0,
  requireCodeOwnerReviews: false,
  dismissStaleReviews: false,
  requireLastPushApproval: false,
  upToDateBeforeMerge: false,
  requiredStatusChecks: [],
  enforceAdmins: false,
};

/**
 * Classic protection of a branch; `undefined` when the branch is not protected. Read with admin
 * rights (GitHub requires them for this endpoint), so every field is known.
 */
export function factsFromClassicProtection(
  response: ClassicProtectionResponse | undefined,
  codeownersFile?: boolean,
): ProtectionFacts {
  const withCodeowners = codeownersFile === undefined ? {} : { codeownersFile };
  if (!response) return { ...NOTHING_ENFORCED, ...withCodeowners };
  const checks = response.required_status_checks;
  const reviews = response.required_pull_request_reviews;
  const contexts = [...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((c) => c.context)];
  const enabled = (flag: { enabled?: boolean } | null | undefined) => flag?.enabled;
  return {
    allowForcePushes: enabled(response.allow_force_pushes) ?? false,
    allowDeletions: enabled(response.allow_deletions) ?? false,
    pullRequestsRequired: Boolean(reviews),
    requiredApprovingReviewCount: reviews?.required_approving_review_count ?? 0,
    requireCodeOwnerReviews: reviews?.require_code_owner_reviews === true,
    dismissStaleReviews: reviews?.dismiss_stale_reviews === true,
    requireLastPushApproval: reviews?.require_last_push_approval === true,
    // GitHub's own note: "up to date" takes effect only with status checks required.
    upToDateBeforeMerge: Boolean(checks) && checks?.strict === true,
    requiredStatusChecks: [...new Set(contexts)],
    enforceAdmins: enabled(response.enforce_admins) ?? false,
    ...withCodeowners,
  };
}

/**
 * One ruleset whose conditions match the branch (the caller decides that). Like Scorecard, only an
 * `active` ruleset counts: one that is disabled or only evaluated enforces nothing.
 */
export function factsFromRuleset(ruleset: RulesetResponse, codeownersFile?: boolean): ProtectionFacts {
  if (ruleset.enforcement !== undefined && ruleset.enforcement !== "active")
    return { ...NOTHING_ENFORCED, ...(codeownersFile === undefined ? {} : { codeownersFile }) };
  const rules = ruleset.rules ?? [];
  const rule = (type: string) => rules.find((r) => r.type === type);
  const pr = rule("pull_request")?.parameters;
  const checks = rule("required_status_checks")?.parameters;
  const contexts = ((checks?.required_status_checks as { context: string }[] | undefined) ?? []).map(
    (c) => c.context,
  );
  return {
    allowForcePushes: rule("non_fast_forward") === undefined,
    allowDeletions: rule("deletion") === undefined,
    pullRequestsRequired: pr !== undefined,
    requiredApprovingReviewCount: Number(pr?.required_approving_review_count ?? 0),
    requireCodeOwnerReviews: pr?.require_code_owner_review === true,
    dismissStaleReviews: pr?.dismiss_stale_reviews_on_push === true,
    requireLastPushApproval: pr?.require_last_push_approval === true,
    upToDateBeforeMerge: contexts.length > 0 && checks?.strict_required_status_checks_policy === true,
    requiredStatusChecks: contexts,
    // Any bypass actor lets someone (admins included) skip the rules (Scorecard: len(bypassActors) == 0).
    enforceAdmins: (ruleset.bypass_actors ?? []).length === 0,
    ...(codeownersFile === undefined ? {} : { codeownersFile }),
  };
}

/**
 * Several sources on one branch, merged as Scorecard merges rulesets into classic protection: what
 * blocks wins, the higher approval count wins, checks add up, and admins are bound only when no source
 * lets them bypass (`enforceAdmins` false anywhere wins).
 */
export function mergeFacts(sources: readonly ProtectionFacts[]): ProtectionFacts {
  if (sources.length === 0) return {};
  const some = (pick: (f: ProtectionFacts) => boolean | undefined, value: boolean) =>
    sources.some((f) => pick(f) === value);
  const known = (pick: (f: ProtectionFacts) => boolean | undefined) =>
    sources.some((f) => pick(f) !== undefined);
  /** `wins` when any source says so; otherwise the known value; otherwise unknown. */
  const merge = (pick: (f: ProtectionFacts) => boolean | undefined, wins: boolean) =>
    some(pick, wins) ? wins : known(pick) ? !wins : undefined;
  const counts = sources.flatMap((f) =>
    f.requiredApprovingReviewCount === undefined ? [] : [f.requiredApprovingReviewCount],
  );
  const contexts = sources.flatMap((f) => f.requiredStatusChecks ?? []);
  const merged: ProtectionFacts = {
    allowForcePushes: merge((f) => f.allowForcePushes, false),
    allowDeletions: merge((f) => f.allowDeletions, false),
    pullRequestsRequired: merge((f) => f.pullRequestsRequired, true),
    requiredApprovingReviewCount: counts.length ? Math.max(...counts) : undefined,
    requireCodeOwnerReviews: merge((f) => f.requireCodeOwnerReviews, true),
    dismissStaleReviews: merge((f) => f.dismissStaleReviews, true),
    requireLastPushApproval: merge((f) => f.requireLastPushApproval, true),
    upToDateBeforeMerge: merge((f) => f.upToDateBeforeMerge, true),
    requiredStatusChecks: [...new Set(contexts)],
    enforceAdmins: merge((f) => f.enforceAdmins, false),
    codeownersFile: merge((f) => f.codeownersFile, true),
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as ProtectionFacts;
}

/**
 * What a policy enforces once written: its own request body (classic or ruleset) read back, so the
 * policy's score is by construction the score of a branch that follows it. `codeownersFile`: the kit's
 * templates ship `.github/CODEOWNERS`, so a policy is scored with one unless told otherwise.
 */
export function factsFromPolicy(
  policy: ProtectionSettings & { mechanism?: "classic" | "ruleset" },
  codeownersFile = true,
): ProtectionFacts {
  if (policy.mechanism === "ruleset") {
    return factsFromRuleset({ id: 0, ...rulesetBody(policy) } as RulesetResponse, codeownersFile);
  }
  return factsFromClassicProtection(classicResponseOf(classicProtectionBody(policy)), codeownersFile);
}

/** What `GET …/branches/{branch}/protection` answers after a PUT of `body` (the fields scored). */
export function classicResponseOf(body: ClassicProtectionBody): ClassicProtectionResponse {
  return {
    required_status_checks: body.required_status_checks,
    enforce_admins: { enabled: body.enforce_admins },
    required_pull_request_reviews: body.required_pull_request_reviews,
    required_linear_history: { enabled: body.required_linear_history },
    allow_force_pushes: { enabled: body.allow_force_pushes },
    allow_deletions: { enabled: body.allow_deletions },
    required_conversation_resolution: { enabled: body.required_conversation_resolution },
    restrictions: body.restrictions && {
      users: body.restrictions.users.map((login) => ({ login })),
      teams: body.restrictions.teams.map((slug) => ({ slug })),
      apps: body.restrictions.apps.map((slug) => ({ slug })),
    },
  };
}

/** The score (and what would raise it) of a policy once applied: `factsFromPolicy`, scored. */
export function scorePolicy(
  policy: ProtectionSettings & { mechanism?: "classic" | "ruleset" },
  codeownersFile = true,
): ScorecardScore {
  return computeScorecardScore(factsFromPolicy(policy, codeownersFile));
}
