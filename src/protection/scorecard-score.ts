/**
 * OpenSSF Scorecard's Branch-Protection score (0–10) of one branch, computed from a small normalized
 * record of what the branch enforces (`ProtectionFacts`), plus the settings that would raise it (pure).
 *
 * Followed: ossf/scorecard v5, `checks/evaluation/branch_protection.go` (the probe-based evaluation,
 * `github.com/ossf/scorecard/v5`, as of commit 0999f7bd177f432acac4c3a708d538134227a5d6 of the probes)
 * and the probes it reads (blocksDeleteOnBranches, blocksForcePushOnBranches, requiresApproversForPullRequests,
 * requiresPRsToChangeCode, requiresUpToDateBranches, requiresLastPushApproval, runsStatusChecksBeforeMerging,
 * requiresCodeOwnersReview, dismissesStaleReviews, branchProtectionAppliesToAdmins). What it does:
 *
 * | tier | points | inputs (a tier counts only when every tier below is complete) |
 * | --- | --- | --- |
 * | 1 | 3 | force pushes blocked; deletion blocked (unknown counts as not blocked) |
 * | 2 | 3 | ≥ 1 approval (weight 2); pull requests required, up to date before merge, last-push approval (each weight 1, left out of the maximum when unknown) |
 * | 3 | 2 | at least one required status check |
 * | 4 | 1 | ≥ 2 approvals; code-owner review *and* a CODEOWNERS file |
 * | 5 | 1 | stale reviews dismissed; rules apply to admins (each left out of the maximum when unknown) |
 *
 * Each tier adds `points × earned / maximum` (the full points when its maximum is 0, e.g. both tier-5
 * settings unreadable without an admin token); the walk stops after the first incomplete tier and the
 * sum is truncated to an integer, as Scorecard's `int(score)` does.
 */

/**
 * What a branch enforces, as Scorecard reads it. `undefined` means "could not be read" (Scorecard's
 * nil / OutcomeNotAvailable), which each tier treats its own way (see the table above).
 */
export interface ProtectionFacts {
  allowForcePushes?: boolean;
  allowDeletions?: boolean;
  /** A pull request is required to change the branch. */
  pullRequestsRequired?: boolean;
  requiredApprovingReviewCount?: number;
  requireCodeOwnerReviews?: boolean;
  dismissStaleReviews?: boolean;
  requireLastPushApproval?: boolean;
  /** Branches must be up to date before merging (strict status checks with at least one check). */
  upToDateBeforeMerge?: boolean;
  /** Required status check names (contexts). */
  requiredStatusChecks?: readonly string[];
  enforceAdmins?: boolean;
  /** The repo has a CODEOWNERS file (root, `.github/` or `docs/`); without it code-owner review earns nothing. */
  codeownersFile?: boolean;
}

/** A setting that can raise the score, named as in the kit config where there is a config key. */
export type ScoreSetting =
  | "blockForcePushes"
  | "blockDeletions"
  | "requireApprovals"
  | "requirePullRequests"
  | "requireUpToDateBranches"
  | "requireLastPushApproval"
  | "requireStatusCheck"
  | "requireTwoApprovals"
  | "requireCodeOwnerReviews"
  | "codeownersFile"
  | "dismissStaleReviews"
  | "enforceAdmins";

export type Tier = 1 | 2 | 3 | 4 | 5;

export interface SettingInfo {
  tier: Tier;
  /** What to change, in words (config key in backticks where there is one). */
  label: string;
  /** The facts with this setting satisfied. */
  apply(facts: ProtectionFacts): ProtectionFacts;
  /** Whether the facts already satisfy it (as far as the score is concerned). */
  met(facts: ProtectionFacts): boolean;
}

/** Settings in tier order: the order ties are broken in. */
export const SCORE_SETTINGS: Readonly<Record<ScoreSetting, SettingInfo>> = {
  blockForcePushes: {
    tier: 1,
    label: "block force pushes (`allowForcePushes: false`)",
    apply: (f) => ({ ...f, allowForcePushes: false }),
    met: (f) => f.allowForcePushes === false,
  },
  blockDeletions: {
    tier: 1,
    label: "block deletion (`allowDeletions: false`)",
    apply: (f) => ({ ...f, allowDeletions: false }),
    met: (f) => f.allowDeletions === false,
  },
  requireApprovals: {
    tier: 2,
    label: "require at least 1 approval (`requiredApprovingReviewCount: 1`)",
    apply: (f) => ({ ...f, requiredApprovingReviewCount: Math.max(1, f.requiredApprovingReviewCount ?? 0) }),
    met: (f) => (f.requiredApprovingReviewCount ?? 0) > 0,
  },
  requirePullRequests: {
    tier: 2,
    label: "require a pull request before merging",
    apply: (f) => ({ ...f, pullRequestsRequired: true }),
    met: (f) => f.pullRequestsRequired !== false,
  },
  requireUpToDateBranches: {
    tier: 2,
    label: "require branches to be up to date before merging (`strictStatusChecks: true`)",
    apply: (f) => ({ ...f, upToDateBeforeMerge: true }),
    met: (f) => f.upToDateBeforeMerge !== false,
  },
  requireLastPushApproval: {
    tier: 2,
    label: "require approval of the most recent push (`requireLastPushApproval: true`)",
    apply: (f) => ({ ...f, requireLastPushApproval: true }),
    met: (f) => f.requireLastPushApproval !== false,
  },
  requireStatusCheck: {
    tier: 3,
    label: "require at least one status check (`requiredStatusChecks`)",
    apply: (f) => ({
      ...f,
      // Any check will do for the score: a placeholder name.
      requiredStatusChecks: f.requiredStatusChecks?.length ? f.requiredStatusChecks : ["(a required check)"],
    }),
    met: (f) => (f.requiredStatusChecks?.length ?? 0) > 0,
  },
  requireTwoApprovals: {
    tier: 4,
    label: "require at least 2 approvals (`requiredApprovingReviewCount: 2`)",
    apply: (f) => ({ ...f, requiredApprovingReviewCount: Math.max(2, f.requiredApprovingReviewCount ?? 0) }),
    met: (f) => (f.requiredApprovingReviewCount ?? 0) >= 2,
  },
  requireCodeOwnerReviews: {
    tier: 4,
    label: "require code-owner review (`requireCodeOwnerReviews: true`)",
    apply: (f) => ({ ...f, requireCodeOwnerReviews: true }),
    met: (f) => f.requireCodeOwnerReviews === true,
  },
  codeownersFile: {
    tier: 4,
    label: "add a CODEOWNERS file (root, `.github/` or `docs/`)",
    apply: (f) => ({ ...f, codeownersFile: true }),
    met: (f) => f.codeownersFile === true,
  },
  dismissStaleReviews: {
    tier: 5,
    label: "dismiss stale approvals on new commits (`dismissStaleReviews: true`)",
    apply: (f) => ({ ...f, dismissStaleReviews: true }),
    met: (f) => f.dismissStaleReviews !== false,
  },
  enforceAdmins: {
    tier: 5,
    label: "apply the rules to admins too (`enforceAdmins: true`)",
    apply: (f) => ({ ...f, enforceAdmins: true }),
    met: (f) => f.enforceAdmins !== false,
  },
};

const SETTINGS = Object.keys(SCORE_SETTINGS) as ScoreSetting[];

/** Points each tier is worth (Scorecard's basicLevel … adminThoroughReviewLevel). */
export const TIER_POINTS: Readonly<Record<Tier, number>> = { 1: 3, 2: 3, 3: 2, 4: 1, 5: 1 };

export interface TierResult {
  tier: Tier;
  earned: number;
  max: number;
  /** Points the tier added to the score (before truncation); 0 when a lower tier is incomplete. */
  points: number;
  complete: boolean;
}

/** One step towards 10: the settings to change together and the whole points it adds. */
export interface ScoreStep {
  settings: ScoreSetting[];
  points: number;
  scoreAfter: number;
}

export interface ScorecardScore {
  /** Scorecard's Branch-Protection score, 0–10. */
  score: number;
  tiers: TierResult[];
  /** Below 10: how to get there, biggest gain first (each step counted on top of the ones before). */
  raise: ScoreStep[];
  /** The settings of `raise`, flattened in order. */
  missing: ScoreSetting[];
}

const MIN_REVIEWS = 2;

/** Earned and maximum per tier, as Scorecard's probes and `branch_protection.go` count them. */
function tierCounts(f: ProtectionFacts): Record<Tier, { earned: number; max: number }> {
  const reviewers = f.requiredApprovingReviewCount ?? 0;
  // Tier 2's three admin-review settings: an unknown value is left out of the maximum.
  const optional = [f.pullRequestsRequired, f.upToDateBeforeMerge, f.requireLastPushApproval];
  const tier5 = [f.dismissStaleReviews, f.enforceAdmins];
  const known = (values: (boolean | undefined)[]) => values.filter((v) => v !== undefined).length;
  const yes = (values: (boolean | undefined)[]) => values.filter((v) => v === true).length;
  return {
    1: { earned: Number(f.allowForcePushes === false) + Number(f.allowDeletions === false), max: 2 },
    2: { earned: (reviewers > 0 ? 2 : 0) + yes(optional), max: 2 + known(optional) },
    3: { earned: Number((f.requiredStatusChecks?.length ?? 0) > 0), max: 1 },
    4: {
      earned:
        Number(reviewers >= MIN_REVIEWS) +
        Number(f.requireCodeOwnerReviews === true && f.codeownersFile === true),
      max: 2,
    },
    5: { earned: yes(tier5), max: known(tier5) },
  };
}

/** The score and per-tier breakdown, without the advice (what `computeScorecardScore` builds on). */
export function scoreTiers(facts: ProtectionFacts): { score: number; tiers: TierResult[] } {
  const counts = tierCounts(facts);
  let total = 0;
  let blocked = false;
  const tiers: TierResult[] = ([1, 2, 3, 4, 5] as Tier[]).map((tier) => {
    const { earned, max } = counts[tier];
    const complete = earned >= max;
    // normalizeScore: a tier with nothing it can see counts in full.
    const points = blocked ? 0 : max === 0 ? TIER_POINTS[tier] : (earned * TIER_POINTS[tier]) / max;
    total += points;
    if (!complete) blocked = true;
    return { tier, earned, max, points, complete };
  });
  return { score: Math.trunc(total), tiers };
}

export function scoreOf(facts: ProtectionFacts): number {
  return scoreTiers(facts).score;
}

/**
 * The score and, below 10, the steps that reach 10. Each step is the one setting, or pair of settings
 * of one tier (a tier such as "force pushes and deletion" only pays when both are set), that adds the
 * most whole points per setting changed; ties go to fewer settings, then to the lower tier.
 */
export function computeScorecardScore(facts: ProtectionFacts): ScorecardScore {
  const { score, tiers } = scoreTiers(facts);
  const raise: ScoreStep[] = [];
  let current = facts;
  let currentScore = score;
  while (currentScore < 10) {
    const step = bestStep(current, currentScore);
    if (!step) break;
    for (const s of step.settings) current = SCORE_SETTINGS[s].apply(current);
    raise.push(step);
    currentScore = step.scoreAfter;
  }
  return { score, tiers, raise, missing: raise.flatMap((s) => s.settings) };
}

function bestStep(facts: ProtectionFacts, score: number): ScoreStep | undefined {
  const open = SETTINGS.filter((s) => !SCORE_SETTINGS[s].met(facts));
  const gain = (settings: ScoreSetting[]): ScoreStep => {
    const after = scoreOf(settings.reduce((f, s) => SCORE_SETTINGS[s].apply(f), facts));
    return { settings, points: after - score, scoreAfter: after };
  };
  const candidates: ScoreStep[] = open.map((s) => gain([s]));
  // Pairs within a tier: what only pays together (both tier-1 blocks, two approvals and code owners).
  for (let i = 0; i < open.length; i++) {
    for (let j = i + 1; j < open.length; j++) {
      if (SCORE_SETTINGS[open[i]!].tier === SCORE_SETTINGS[open[j]!].tier)
        candidates.push(gain([open[i]!, open[j]!]));
    }
  }
  // Candidates are in tier order, singles first: the first of equals wins.
  let best: ScoreStep | undefined;
  for (const step of candidates) {
    if (step.points <= 0) continue;
    if (!best || step.points / step.settings.length > best.points / best.settings.length) best = step;
  }
  if (best) return best;
  const all = gain(open);
  return all.points > 0 ? all : undefined;
}

/** "8/10". */
export function formatScore(score: number): string {
  return `${score}/10`;
}

/** The steps as one line: "require approval of the most recent push (+3 → 8); …". */
export function describeRaise(steps: readonly ScoreStep[]): string {
  return steps
    .map(
      (step) =>
        `${step.settings.map((s) => SCORE_SETTINGS[s].label).join(" and ")} (+${step.points} → ${step.scoreAfter})`,
    )
    .join("; ");
}
