/**
 * The OpenSSF Scorecard verdict of enforcement (pure): each audited repo gets the Branch-Protection
 * score of what it enforces, and a repo scoring below the policy's own score is drifted (a
 * `scorecardScore` drift entry), even when it is stricter than the policy field by field elsewhere:
 * Scorecard counts a tier only when the tiers below are complete, so two approvals do not make up for
 * a missing last-push approval.
 *
 * Kept apart from the field comparison (protection-drift.ts) on purpose: it only adds to an audit.
 */
import type { KitConfig } from "../config/kit-config";
import {
  factsFromClassicProtection,
  factsFromPolicy,
  factsFromRuleset,
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
import type { RepoObservation } from "./enforce-audit";
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

const targetByPolicy = new WeakMap<KitConfig["branchProtection"], number>();

/** The score the policy reaches on a repo with the CODEOWNERS file every kit template ships. */
export function policyTargetScore(config: KitConfig): number {
  const policy = config.branchProtection;
  let target = targetByPolicy.get(policy);
  if (target === undefined) {
    target = scoreOf(factsFromPolicy(policy, true));
    targetByPolicy.set(policy, target);
  }
  return target;
}

/** What a per-repo observation enforces, for the score; `undefined` when nothing per repo was read. */
export function factsOfObservation(observation: RepoObservation): ProtectionFacts | undefined {
  switch (observation.kind) {
    case "classic":
      return factsFromClassicProtection(observation.protection);
    case "repo-ruleset":
      return observation.ruleset ? factsFromRuleset(observation.ruleset) : { ...NOTHING_ENFORCED };
    default:
      return undefined;
  }
}

/**
 * Whether the score of these facts depends on a CODEOWNERS file (tiers 1–3 complete, two approvals
 * and code-owner review required): only then is the file worth an API call.
 */
export function codeownersMatters(facts: ProtectionFacts): boolean {
  return scoreOf({ ...facts, codeownersFile: true }) !== scoreOf({ ...facts, codeownersFile: false });
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
 * Whether writing protection can repair this drift: not when all that is left is a score held down by
 * something protection cannot set (a missing CODEOWNERS file), which would only repeat the same write.
 */
export function protectionWriteHelps(audit: { drift: FieldDrift[]; score?: ScoreVerdict }): boolean {
  if (audit.drift.some((d) => d.field !== "scorecardScore")) return true;
  return (audit.score?.missing ?? []).some((s) => s !== "codeownersFile");
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
