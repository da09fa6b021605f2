/**
 * `.mlops-kit/attestations.yml`: the owners' answers to the criteria no measurement can show (pure).
 * Schema-validated; an answer to a measured criterion is refused (it would hide what GitHub shows).
 *
 *   version: 1
 *   attestations:
 *     business-goals: { answer: yes, by: "@alice", date: 2026-11-02, link: "https://wiki/…" }
 */
import Ajv from "ajv";
import { parseDocument } from "yaml";
import { ATTESTED_CRITERIA } from "./criteria-attested";

export const ATTESTATIONS_PATH = ".mlops-kit/attestations.yml";

export interface Attestation {
  answer: boolean;
  by: string;
  date: string;
  link?: string;
  /** 1-based line of the criterion's key, for the evidence. */
  line?: number;
}

export const ATTESTATIONS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["version", "attestations"],
  properties: {
    version: { const: 1 },
    attestations: {
      type: "object",
      propertyNames: { enum: ATTESTED_CRITERIA.map((c) => c.id) },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["answer", "by", "date"],
        properties: {
          answer: { type: "boolean" },
          by: { type: "string", minLength: 1, maxLength: 100 },
          date: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}" },
          link: { type: "string", maxLength: 500 },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(ATTESTATIONS_SCHEMA);

export type AttestationsRead = { attestations: Map<string, Attestation>; errors: string[] };

export function parseAttestations(text: string | undefined): AttestationsRead {
  const attestations = new Map<string, Attestation>();
  if (text === undefined) return { attestations, errors: [] };
  const doc = parseDocument(text, { version: "1.1" }); // YAML 1.1: `yes`/`no` are booleans, as people write them
  if (doc.errors.length > 0)
    return { attestations, errors: [`${ATTESTATIONS_PATH}: ${doc.errors[0]!.message}`] };
  const data = JSON.parse(JSON.stringify(doc.toJS() ?? null)) as unknown; // dates become strings
  if (!validate(data)) {
    const errors = (validate.errors ?? []).map(
      (e) =>
        `${ATTESTATIONS_PATH}${e.instancePath || ""}: ${e.message}${e.params && "allowedValues" in e.params ? ` (${(e.params.allowedValues as string[]).join(", ")})` : ""}`,
    );
    return { attestations, errors };
  }
  const lines = text.split(/\r?\n/);
  for (const [id, value] of Object.entries(
    (data as { attestations: Record<string, Attestation> }).attestations,
  )) {
    const index = lines.findIndex((l) => new RegExp(`^\\s+${id}:`).test(l));
    attestations.set(id, {
      ...value,
      date: value.date.slice(0, 10),
      ...(index >= 0 ? { line: index + 1 } : {}),
    });
  }
  return { attestations, errors: [] };
}
