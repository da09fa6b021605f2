/**
 * The OpenSSF Scorecard verdict of enforcement (pure): each audited repo gets the Branch-Protection
 * score of the protection in force on its default branch (every source GitHub applies there, see
 * effective-protection.ts, merged as Scorecard merges them), and a repo scoring below the policy's own score is drifted (a
 * `scorecardScore` drift entry), even when it is stricter than the policy field by field elsewhere:
 * Scorecard counts a tier only when the tiers below are complete, so two approvals do not make up for
 * a missing last-push approval.
 *
 * Kept apart from the field comparison (protection-drift.ts) on purpose: it only adds to an audit.
 */
import type { KitConfig } from "../config/kit-config";
import type { ProtectionSource } from "../protection/effective-protection";
import type {
  ClassicProtectionResponse,
  ProtectionSettings,
  RulesetResponse,
} from "../protection/protection-requests";
import {
  factsFromClassicProtection,
  factsFromPolicy,
  factsFromRuleset,
  mergeFacts,
  NOTHING_ENFORCED,
} from "../protection/scorecard-facts";
import {
  computeScorecardScore,
  describeRaise,
  type ProtectionFacts,
  SCORE_SETTINGS,
  type ScoreSetting,
  scoreOf,
} from "../protection/scorecard-score";
import type { FieldDrift } from "./protection-drift";

/** The score of one repo (or of the org ruleset) in an audit and in the report. */
export interface ScoreVerdict {
  /** OpenSSF Scorecard Branch-Protection score, 0–10. */
  score: number;
  /** The policy's own score: below it the repo is drifted. */
  target: number;
  /** Settings that would raise the score, biggest gain first. */
  missing: ScoreSetting[];
  /** The same in words, with the points each adds. */
  raise: string;
  /** Whether the repo's CODEOWNERS file was looked up (only when the score depends on it). */
  codeowners: "present" | "absent" | "not checked";
}

const factsByPolicy = new WeakMap<KitConfig["branchProtection"], ProtectionFacts>();

/** What the policy enforces once written, on a repo with the CODEOWNERS file every kit template ships. */
export function policyFacts(config: KitConfig): ProtectionFacts {
  const policy = config.branchProtection;
  let facts = factsByPolicy.get(policy);
  if (facts === undefined) {
    facts = factsFromPolicy(policy, true);
    factsByPolicy.set(policy, facts);
  }
  return facts;
}

/** The score the policy reaches on a repo with the CODEOWNERS file every kit template ships. */
export function policyTargetScore(config: KitConfig): number {
  const policy = config.branchProtection;
  let target = targetByPolicy.get(policy);
  if (target === undefined) {
    target = scoreOf(policyFacts(config));
    targetByPolicy.set(policy, target);
  }
  return target;
}

const targetByPolicy = new WeakMap<KitConfig["branchProtection"], number>();

/**
 * What the branch effectively enforces, for the score: the facts of every source in force on it
 * (classic protection, repo rulesets, org rulesets whose conditions reach it, `active` only), merged
 * as Scorecard merges them. No source in force: nothing is enforced (score 0).
 */
export function effectiveFacts(
  sources: readonly ProtectionSource[],
  read: { classic?: ClassicProtectionResponse; rulesets: readonly RulesetResponse[] },
): ProtectionFacts {
  const facts = sources
    .filter((s) => s.inForce)
    .flatMap((s): ProtectionFacts[] => {
      if (s.kind === "classic") return read.classic ? [factsFromClassicProtection(read.classic)] : [];
      const org = s.kind === "org-ruleset";
      const ruleset = read.rulesets.find(
        (r) => r.id === s.rulesetId && (r.source_type === "Organization") === org,
      );
      return ruleset ? [factsFromRuleset(ruleset)] : [];
    });
  return facts.length > 0 ? mergeFacts(facts) : { ...NOTHING_ENFORCED };
}

/** The policy fields whose write supplies each Scorecard setting (none for a CODEOWNERS file). */
const FIELDS_OF_SETTING: Readonly<Record<ScoreSetting, (keyof ProtectionSettings)[]>> = {
  blockForcePushes: ["allowForcePushes"],
  blockDeletions: ["allowDeletions"],
  // Tightening the approval count writes the pull-request rule (classic: the reviews block).
  requireApprovals: ["requiredApprovingReviewCount"],
  requirePullRequests: ["requiredApprovingReviewCount"],
  requireUpToDateBranches: ["requiredStatusChecks", "strictStatusChecks"],
  requireLastPushApproval: ["requireLastPushApproval"],
  requireStatusCheck: ["requiredStatusChecks"],
  requireTwoApprovals: ["requiredApprovingReviewCount"],
  requireCodeOwnerReviews: ["requireCodeOwnerReviews"],
  codeownersFile: [],
  dismissStaleReviews: ["dismissStaleReviews"],
  enforceAdmins: ["enforceAdmins"],
};

/**
 * The policy fields a protection write of the kit's own source (`own`: its facts as read; none when
 * it is missing) could tighten to raise a score below target: settings the score misses that the
 * policy provides and the kit's source does not have yet. Empty when no write can help (a missing
 * CODEOWNERS file, a setting the policy does not ask for, or one the kit's source already has while
 * another source in force, e.g. one with a bypass actor, holds the score down).
 */
export function scoreRepairFields(
  verdict: ScoreVerdict | undefined,
  policy: ProtectionFacts,
  own: ProtectionFacts | undefined,
): (keyof ProtectionSettings)[] {
  if (!verdict || verdict.score >= verdict.target) return [];
  const fields = verdict.missing
    .filter((s) => SCORE_SETTINGS[s].met(policy) && !(own && SCORE_SETTINGS[s].met(own)))
    .flatMap((s) => FIELDS_OF_SETTING[s]);
  return [...new Set(fields)];
}

/**
 * Whether the score of these facts depends on a CODEOWNERS file (tiers 1–3 complete, two approvals
 * and code-owner review required): only then is the file worth an API call.
 */
export function codeownersMatters(facts: ProtectionFacts): boolean {
  return scoreOf({ ...facts, codeownersFile: true }) !== scoreOf({ ...facts, codeownersFile: false });
}

/**
 * Whether a source not read yet could still lower the score of these facts: Scorecard counts admins as
 * bound only when no source in force has a bypass actor, which is worth a point once tiers 1–4 are
 * complete. Only then does a compliant repo need its other sources read.
 */
export function unreadSourceMayLowerScore(facts: ProtectionFacts): boolean {
  return facts.enforceAdmins === true && scoreOf({ ...facts, enforceAdmins: false }) < scoreOf(facts);
}

/**
 * The verdict for one repo. `codeownersFile` undefined (not looked up, or unreadable) is scored as
 * present: the kit's templates ship one, and a token without Contents: read must not turn every repo
 * into drift.
 */
export function scoreVerdict(facts: ProtectionFacts, target: number, codeownersFile?: boolean): ScoreVerdict {
  // A fleet has few distinct protection shapes: each is scored once per run, not once per repo.
  const key = JSON.stringify([facts, target, codeownersFile ?? null]);
  const known = verdictCache.get(key);
  if (known) return { ...known, missing: [...known.missing] };
  const result = computeScorecardScore({ ...facts, codeownersFile: codeownersFile ?? true });
  const verdict: ScoreVerdict = {
    score: result.score,
    target,
    missing: result.missing,
    raise: describeRaise(result.raise),
    codeowners: codeownersFile === undefined ? "not checked" : codeownersFile ? "present" : "absent",
  };
  if (verdictCache.size >= VERDICT_CACHE_SIZE) verdictCache.clear();
  verdictCache.set(key, verdict);
  return { ...verdict, missing: [...verdict.missing] };
}

const VERDICT_CACHE_SIZE = 1024;
const verdictCache = new Map<string, ScoreVerdict>();

/** The drift entry of a verdict below its target (none at or above it). */
export function scoreDrift(verdict: ScoreVerdict): FieldDrift[] {
  if (verdict.score >= verdict.target) return [];
  return [{ field: "scorecardScore", expected: verdict.target, actual: verdict.score }];
}

/** An audit with its score verdict added (and the repo drifted when the score is below the policy's). */
export function withScoreVerdict<A extends { status: string; drift: FieldDrift[] }>(
  audit: A,
  verdict: ScoreVerdict | undefined,
): A & { score?: ScoreVerdict } {
  if (!verdict || audit.status === "unreadable") return audit;
  const drift = [...audit.drift, ...scoreDrift(verdict)];
  return { ...audit, score: verdict, drift, status: drift.length > 0 ? "drifted" : audit.status };
}

/**
 * Whether writing protection can repair this drift: not when all that is left is a score no policy
 * field can raise (a missing CODEOWNERS file, or a source other than the kit's holding it down), which
 * would only repeat the same write.
 */
export function protectionWriteHelps(audit: {
  drift: FieldDrift[];
  scoreFields?: readonly (keyof ProtectionSettings)[];
}): boolean {
  if (audit.drift.some((d) => d.field !== "scorecardScore")) return true;
  return (audit.scoreFields ?? []).length > 0;
}

/** Distribution of scores over the repos that have one: `[score, repos]`, highest score first. */
export function scoreDistribution(scores: readonly (number | undefined)[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const s of scores) if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[0] - a[0]);
}

/** Label of a setting, for reports. */
export function settingLabel(setting: ScoreSetting): string {
  return SCORE_SETTINGS[setting].label;
}
