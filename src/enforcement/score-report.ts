/**
 * The OpenSSF Scorecard part of the enforcement report (pure): the fleet's distribution of
 * Branch-Protection scores, how many repos are below the policy's own score, and for repos below 10
 * the settings that would raise them. Built from the per-repo verdicts (protection-score-audit.ts).
 */
import type { OrgRulesetAudit, RepoAudit } from "./enforce-audit";
import type { EnforceAudit } from "./enforce-auditor";
import { type ScoreVerdict, scoreDistribution } from "./protection-score-audit";

export interface FleetScores {
  /** The policy's own score: repos below it are drifted. */
  target: number;
  /** `[score, repos]`, highest first, over the repos that have a score. */
  distribution: [number, number][];
  scored: number;
  belowTarget: number;
  /** Repos with a score below 10. */
  belowTen: number;
  /** The org ruleset's score (org-ruleset mode). */
  orgRuleset?: number;
}

interface ScoredRepo {
  repo: string;
  score?: ScoreVerdict;
}

/**
 * Each repo's score after this run: the re-read one where a repair was confirmed, else the audit's.
 * Every readable repo has one, whatever the mechanism: it is the score of the sources in force on its
 * default branch (classic protection, repo and org rulesets together).
 */
export function withRepoScores<R extends ScoredRepo>(
  reports: readonly R[],
  audit: EnforceAudit,
  confirmed?: { repos: RepoAudit[] },
): R[] {
  const latest = new Map(audit.repos.map((a) => [a.repo, a]));
  for (const a of confirmed?.repos ?? []) latest.set(a.repo, a);
  return reports.map((report) => {
    const score = latest.get(report.repo)?.score;
    return score ? { ...report, score } : report;
  });
}

/** The fleet summary, or undefined when nothing was scored. */
export function fleetScoresOf(
  repos: readonly ScoredRepo[],
  audit: EnforceAudit,
  confirmed?: { orgRuleset?: OrgRulesetAudit },
): FleetScores | undefined {
  const orgVerdict = (confirmed?.orgRuleset ?? audit.orgRuleset)?.score;
  const target = repos.find((r) => r.score)?.score?.target ?? orgVerdict?.target;
  if (target === undefined) return undefined;
  return fleetScores(repos, target, orgVerdict);
}

export function fleetScores(
  repos: readonly ScoredRepo[],
  target: number,
  orgRuleset?: ScoreVerdict,
): FleetScores {
  const scores = repos.map((r) => r.score?.score);
  const scored = scores.filter((s): s is number => s !== undefined);
  return {
    target,
    distribution: scoreDistribution(scores),
    scored: scored.length,
    belowTarget: scored.filter((s) => s < target).length,
    belowTen: scored.filter((s) => s < 10).length,
    ...(orgRuleset ? { orgRuleset: orgRuleset.score } : {}),
  };
}

const MAX_LISTED = 25;

/** The Markdown section: distribution, then the lowest-scoring repos with what would raise them. */
export function renderScoreSection(
  fleet: FleetScores | undefined,
  repos: readonly ScoredRepo[],
  escapeCell: (text: string) => string,
): string[] {
  if (!fleet || (fleet.scored === 0 && fleet.orgRuleset === undefined)) return [];
  const lines = [
    `### OpenSSF Scorecard Branch-Protection (policy: ${fleet.target}/10)`,
    "",
    `${fleet.belowTarget} of ${fleet.scored} scored repos below the policy's ${fleet.target}/10; ${fleet.belowTen} below 10/10.${fleet.orgRuleset !== undefined ? ` Org ruleset: ${fleet.orgRuleset}/10.` : ""}`,
    "",
  ];
  if (fleet.distribution.length > 0) {
    lines.push(
      `| score | ${fleet.distribution.map(([score]) => `${score}/10`).join(" | ")} |`,
      `| --- | ${fleet.distribution.map(() => "---:").join(" | ")} |`,
      `| repos | ${fleet.distribution.map(([, count]) => count).join(" | ")} |`,
      "",
    );
  }
  const low = repos
    .filter((r) => r.score && r.score.score < 10)
    .sort((a, b) => a.score!.score - b.score!.score || a.repo.localeCompare(b.repo));
  if (low.length > 0) {
    lines.push(
      `Below 10/10${low.length > MAX_LISTED ? ` (${MAX_LISTED} lowest of ${low.length})` : ""}:`,
      "",
      "| repo | score | would raise it |",
      "| --- | ---: | --- |",
    );
    for (const r of low.slice(0, MAX_LISTED))
      lines.push(`| ${escapeCell(r.repo)} | ${r.score!.score}/10 | ${escapeCell(r.score!.raise)} |`);
    lines.push("");
  }
  return lines;
}
