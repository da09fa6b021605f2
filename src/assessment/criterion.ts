/**
 * What a criterion is (data plus one pure measure), and the helper every measure uses to turn its
 * checks into one outcome: any failed check fails the criterion, else any check that could not be
 * seen makes it inconclusive, else it passes.
 */
import type { CriterionOutcome, Evidence, SectionId } from "./assessment-model";
import type { AssessmentContext, RepoFacts } from "./repo-facts";

export interface Criterion {
  id: string;
  section: SectionId;
  title: string;
  /** The questionnaire item(s) the criterion answers (Marvelous MLOps maturity assessment). */
  questions: string[];
  /** How it is measured, one sentence (the docs table and SARIF rule help show it). */
  measuredBy: string;
  /** One-line fix shown with a failing result. */
  fix: string;
  /** A repo made by create-project today passes it (false: the owners must act). */
  kitSatisfies: boolean;
  /** Absent: answered by the owners in `.mlops-kit/attestations.yml`. */
  measure?: (facts: RepoFacts, context: AssessmentContext) => CriterionOutcome;
}

/** One check of a criterion: `ok` undefined when it could not be seen. */
export interface Check {
  ok: boolean | undefined;
  /** What was found (ok) or missing (not ok), one phrase. */
  detail: string;
  evidence?: Evidence[];
}

export function outcomeOf(checks: readonly Check[], data?: CriterionOutcome["data"]): CriterionOutcome {
  const failed = checks.filter((c) => c.ok === false);
  const unseen = checks.filter((c) => c.ok === undefined);
  const shown = failed.length > 0 ? failed : unseen.length > 0 ? unseen : checks;
  return {
    outcome: failed.length > 0 ? "fail" : unseen.length > 0 ? "inconclusive" : "pass",
    evidence: checks.flatMap((c) => c.evidence ?? []),
    detail: shown.map((c) => c.detail).join("; "),
    ...(data ? { data } : {}),
  };
}

/** Evidence of a file (and line) that exists, or of one that is missing. */
export function fileEvidence(path: string, note: string, line?: number): Evidence {
  return { kind: "file", path, ...(line === undefined ? {} : { line }), note };
}
