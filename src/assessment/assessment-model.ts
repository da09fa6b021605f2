/**
 * The assessment's result model (pure types and constants): the seven sections of the Marvelous MLOps
 * maturity questionnaire, a criterion's outcome with its evidence, and a repo's assessment. Every output
 * (terminal, JSON, SARIF, Markdown, the HTML dashboard) renders these same objects.
 */

/** The questionnaire's sections; "mature" means every criterion of sections 1–4 passes or is attested. */
export const SECTIONS = [
  { id: 1, title: "Documentation" },
  { id: 2, title: "Traceability and reproducibility" },
  { id: 3, title: "Code quality" },
  { id: 4, title: "Monitoring and support" },
  { id: 5, title: "Data transformation pipelines" },
  { id: 6, title: "Model explainability" },
  { id: 7, title: "A/B testing and feedback loop" },
] as const;

export type SectionId = (typeof SECTIONS)[number]["id"];
export const MATURITY_SECTIONS: readonly SectionId[] = [1, 2, 3, 4];

/**
 * `pass`/`fail`: measured; `inconclusive`: the thing could not be seen (no API access, unreadable
 * file); `attested`: the owners answered yes in `.mlops-kit/attestations.yml` (never measured).
 */
export type Outcome = "pass" | "fail" | "inconclusive" | "attested";

/** Where a result comes from: a line of a file, a field of an API answer, or a workflow job. */
export interface Evidence {
  kind: "file" | "api" | "workflow-job";
  /** Repo-relative file (file, workflow-job). */
  path?: string;
  /** 1-based line in `path`, when one line says it. */
  line?: number;
  /** API route or field, e.g. `GET /repos/{owner}/{repo}/branches/main/protection: required_status_checks`. */
  field?: string;
  /** Workflow job id (workflow-job). */
  job?: string;
  /** What this piece of evidence shows, one line. */
  note: string;
}

export interface CriterionOutcome {
  outcome: Outcome;
  evidence: Evidence[];
  /** Why, in one line (what was found or missing). */
  detail: string;
  /** Extra values a criterion reports (e.g. the Scorecard tier and score). */
  data?: Record<string, string | number | boolean>;
}

export interface CriterionResult extends CriterionOutcome {
  id: string;
  section: SectionId;
  /** One-line fix, empty when the criterion passes. */
  fix: string;
}

export interface RepoAssessment {
  repo: string;
  team?: string;
  template?: string;
  kitVersion?: string;
  results: CriterionResult[];
  /** Per section: how many criteria pass (or are attested) out of how many. */
  sections: { section: SectionId; passed: number; total: number; complete: boolean }[];
  /** Every criterion of sections 1–4 passes or is attested. */
  mature: boolean;
  /** Repo-level problem (unreadable attestations, clone failed…), shown next to the results. */
  warnings: string[];
}

/** A pass or an attestation both count towards a section (attested is reported apart, never as pass). */
export const isSatisfied = (outcome: Outcome): boolean => outcome === "pass" || outcome === "attested";
