/**
 * Assesses one repo (pure): runs every measured criterion over its facts, reads the owners'
 * attestations for the rest, and sums up each section. Maturity is per section, never one number.
 */
import { parse } from "yaml";
import {
  type CriterionResult,
  isSatisfied,
  MATURITY_SECTIONS,
  type RepoAssessment,
  SECTIONS,
} from "./assessment-model";
import { ATTESTATIONS_PATH, type AttestationsRead, parseAttestations } from "./attestations";
import { CRITERIA } from "./criteria";
import type { Criterion } from "./criterion";
import type { AssessmentContext, RepoFacts } from "./repo-facts";

export function assessRepo(facts: RepoFacts, context: AssessmentContext): RepoAssessment {
  const read = parseAttestations(facts.files.get(ATTESTATIONS_PATH));
  const results = CRITERIA.map((criterion) => resultOf(criterion, facts, context, read));
  const sections = SECTIONS.map(({ id }) => {
    const own = results.filter((r) => r.section === id);
    const passed = own.filter((r) => isSatisfied(r.outcome)).length;
    return { section: id, passed, total: own.length, complete: passed === own.length };
  });
  const answers = answersOf(facts);
  return {
    repo: facts.repo,
    ...answers,
    results,
    sections,
    mature: sections.filter((s) => MATURITY_SECTIONS.includes(s.section)).every((s) => s.complete),
    warnings: read.errors,
  };
}

function resultOf(
  criterion: Criterion,
  facts: RepoFacts,
  context: AssessmentContext,
  read: AttestationsRead,
): CriterionResult {
  const base = { id: criterion.id, section: criterion.section };
  if (criterion.measure) {
    let outcome: ReturnType<NonNullable<Criterion["measure"]>>;
    try {
      outcome = criterion.measure(facts, context);
    } catch (error) {
      // A file no criterion expected (odd YAML shapes): say so rather than fail the whole fleet.
      outcome = {
        outcome: "inconclusive",
        evidence: [],
        detail: `could not be measured: ${(error as Error).message}`,
      };
    }
    return { ...base, ...outcome, fix: outcome.outcome === "pass" ? "" : criterion.fix };
  }
  const attestation = read.attestations.get(criterion.id);
  if (!attestation)
    return {
      ...base,
      outcome: "inconclusive",
      evidence: [],
      detail: read.errors.length ? "attestations file invalid" : "not attested by the owners",
      fix: criterion.fix,
    };
  const evidence = [
    {
      kind: "file" as const,
      path: ATTESTATIONS_PATH,
      ...(attestation.line ? { line: attestation.line } : {}),
      note: `answered by ${attestation.by} on ${attestation.date}${attestation.link ? ` (${attestation.link})` : ""}`,
    },
  ];
  return attestation.answer
    ? {
        ...base,
        outcome: "attested",
        evidence,
        detail: `attested by ${attestation.by} on ${attestation.date}`,
        fix: "",
      }
    : {
        ...base,
        outcome: "fail",
        evidence,
        detail: `the owners answered no (${attestation.by}, ${attestation.date})`,
        fix: criterion.fix,
      };
}

/** Team, template and kit version from `.mlops-kit/answers.yml`, when the kit made the repo. */
function answersOf(facts: RepoFacts): { team?: string; template?: string; kitVersion?: string } {
  try {
    const a = parse(facts.files.get(".mlops-kit/answers.yml") ?? "") as {
      template?: unknown;
      kitVersion?: unknown;
      project?: { team?: unknown };
    } | null;
    const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
    const team = str(a?.project?.team);
    const template = str(a?.template);
    const kitVersion = str(a?.kitVersion);
    return {
      ...(team ? { team } : {}),
      ...(template ? { template } : {}),
      ...(kitVersion ? { kitVersion } : {}),
    };
  } catch {
    return {};
  }
}
