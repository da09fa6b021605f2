/**
 * The OpenSSF Scorecard Branch-Protection score of the protection create-project applies (pure): for
 * the JSON report and a short section of the job summary, with the settings that would raise it.
 * The policy's score is the score of its own request body read back (src/protection/scorecard-facts.ts);
 * the CODEOWNERS file that code-owner review needs is looked up in the rendered files.
 */
import type { BranchProtectionPolicy } from "../config/kit-config";
import { factsFromPolicy } from "../protection/scorecard-facts";
import {
  computeScorecardScore,
  describeRaise,
  formatScore,
  type ScoreSetting,
} from "../protection/scorecard-score";
import type { CreatePlan } from "./create-plan";

/** Where GitHub (and Scorecard) look for CODEOWNERS. */
const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

export interface ProtectionScoreReport {
  /** OpenSSF Scorecard's Branch-Protection score of the applied protection, 0–10. */
  score: number;
  preset: BranchProtectionPolicy["preset"];
  codeownersFile: boolean;
  /** Settings that would raise the score, biggest gain first (empty at 10). */
  missing: ScoreSetting[];
  /** The same, in words, with the points each adds. */
  raise: string;
}

/** Whether the files the plan pushes include a CODEOWNERS file (unknown plan: the templates ship one). */
export function planHasCodeowners(plan: CreatePlan | undefined): boolean {
  const push = plan?.steps.find((s) => s.kind === "push-initial-commit");
  if (push?.kind !== "push-initial-commit") return true;
  return CODEOWNERS_PATHS.some((p) => push.tree.has(p));
}

export function protectionScoreOf(
  policy: BranchProtectionPolicy,
  plan: CreatePlan | undefined,
): ProtectionScoreReport {
  const codeownersFile = planHasCodeowners(plan);
  const result = computeScorecardScore(factsFromPolicy(policy, codeownersFile));
  return {
    score: result.score,
    preset: policy.preset ?? "default",
    codeownersFile,
    missing: result.missing,
    raise: describeRaise(result.raise),
  };
}

/** The job-summary section (Markdown lines; every text here is the kit's own, nothing from a person). */
export function renderProtectionScoreSection(score: ProtectionScoreReport): string[] {
  const lines = [
    `**Branch protection:** OpenSSF Scorecard Branch-Protection **${formatScore(score.score)}** (\`branchProtection.preset: ${score.preset}\`).`,
  ];
  if (score.score < 10) lines.push(`To raise it: ${score.raise}.`);
  return [...lines, ""];
}
