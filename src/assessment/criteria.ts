/**
 * Every criterion of the assessment, in report order: measured ones first by section, then the ones
 * the owners attest. The docs table, SARIF rules and the dashboard are generated from this list.
 */

import { ATTESTED_CRITERIA } from "./criteria-attested";
import {
  continuousDeployment,
  environmentsAlike,
  infraAsCode,
  rollbackPath,
  traceability,
} from "./criteria-delivery";
import { costTags, monitoring, ownership, projectReadme, releaseNotes } from "./criteria-operations";
import {
  ciOnPullRequests,
  coverageReported,
  kitCurrency,
  preCommit,
  reviewedChanges,
  testsPerModule,
  workflowHygiene,
} from "./criteria-quality";
import type { Criterion } from "./criterion";

export const MEASURED_CRITERIA: readonly Criterion[] = [
  projectReadme,
  releaseNotes,
  infraAsCode,
  continuousDeployment,
  environmentsAlike,
  traceability,
  rollbackPath,
  reviewedChanges,
  ciOnPullRequests,
  testsPerModule,
  coverageReported,
  preCommit,
  workflowHygiene,
  kitCurrency,
  ownership,
  costTags,
  monitoring,
];

export const CRITERIA: readonly Criterion[] = [...MEASURED_CRITERIA, ...ATTESTED_CRITERIA].sort(
  (a, b) => a.section - b.section,
);

export function criterionById(id: string): Criterion | undefined {
  return CRITERIA.find((c) => c.id === id);
}
