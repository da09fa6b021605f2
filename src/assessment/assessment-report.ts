/**
 * The assessment report (JSON, schema `assessment-report.schema.json`, `schemaVersion` 1): the
 * criteria as data, every repo's results and the fleet's per-section counts. One object, rendered as
 * JSON, SARIF, Markdown, a terminal table and the HTML dashboard.
 */
import { type Outcome, type RepoAssessment, SECTIONS, type SectionId } from "./assessment-model";
import { CRITERIA } from "./criteria";

export const REPORT_SCHEMA_VERSION = 1;

export interface CriterionInfo {
  id: string;
  section: SectionId;
  title: string;
  questions: string[];
  measuredBy: string;
  fix: string;
  /** Measured automatically (false: answered by the owners). */
  measured: boolean;
  kitSatisfies: boolean;
}

export interface AssessmentReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kitVersion: string;
  generatedAt: string;
  /** What was assessed: an org, one repo or a local checkout. */
  scope: { kind: "org" | "repo" | "project"; name: string };
  sections: { id: SectionId; title: string }[];
  criteria: CriterionInfo[];
  repos: RepoAssessment[];
  summary: {
    repos: number;
    mature: number;
    /** Per section: repos whose every criterion of the section passes or is attested. */
    sections: { section: SectionId; complete: number }[];
    outcomes: Record<Outcome, number>;
  };
  /** API use of the run (API scopes only). */
  api?: { calls: number; budget: number; notModified: number; failed: number };
  /** Repos in scope that could not be assessed, with the reason. */
  errors: { repo: string; error: string }[];
}

export function criteriaInfo(): CriterionInfo[] {
  return CRITERIA.map((c) => ({
    id: c.id,
    section: c.section,
    title: c.title,
    questions: c.questions,
    measuredBy: c.measuredBy,
    fix: c.fix,
    measured: c.measure !== undefined,
    kitSatisfies: c.kitSatisfies,
  }));
}

export function buildAssessmentReport(input: {
  kitVersion: string;
  scope: AssessmentReport["scope"];
  repos: RepoAssessment[];
  errors?: AssessmentReport["errors"];
  now?: Date;
}): AssessmentReport {
  const repos = [...input.repos].sort((a, b) => a.repo.localeCompare(b.repo));
  const outcomes: Record<Outcome, number> = { pass: 0, fail: 0, inconclusive: 0, attested: 0 };
  for (const r of repos) for (const result of r.results) outcomes[result.outcome]++;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kitVersion: input.kitVersion,
    generatedAt: (input.now ?? new Date()).toISOString(),
    scope: input.scope,
    sections: SECTIONS.map((s) => ({ id: s.id, title: s.title })),
    criteria: criteriaInfo(),
    repos,
    summary: {
      repos: repos.length,
      mature: repos.filter((r) => r.mature).length,
      sections: SECTIONS.map(({ id }) => ({
        section: id,
        complete: repos.filter((r) => r.sections.find((s) => s.section === id)?.complete).length,
      })),
      outcomes,
    },
    errors: input.errors ?? [],
  };
}

export const sectionTitle = (id: SectionId): string => SECTIONS.find((s) => s.id === id)?.title ?? String(id);
