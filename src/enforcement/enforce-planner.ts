/**
 * Audit → plan of typed repairs (pure). The planner does not know whether this is a dry run: the run
 * renders the plan in audit mode and hands it to the applier in apply mode.
 */
import type { KitConfig } from "../config/kit-config";
import {
  type ClassicProtectionPut,
  repairedClassicPut,
  requiresSignatures,
} from "../protection/classic-repair";
import { type ProtectionSettings, protectionSettingsOf } from "../protection/protection-requests";
import { type RulesetWrite, repairedRulesetBody } from "../protection/ruleset-repair";
import { type OrgRulesetAudit, ownershipProperty, type RepoAudit } from "./enforce-audit";
import { type DriftField, FIELD_STRICTNESS, type FieldDrift } from "./protection-drift";
import { protectionWriteHelps } from "./protection-score-audit";

/** GitHub sets custom property values on at most 30 repos per request. */
export const PROPERTY_BATCH_SIZE = 30;

export type Repair =
  | {
      kind: "put-classic-protection";
      repo: string;
      branch: string;
      /** Everything the branch had, with only the drifted fields tightened. */
      body: ClassicProtectionPut;
      /** The branch requires signed commits: re-assert it after the PUT (the PUT cannot carry it). */
      keepSignatures?: boolean;
      fixes: DriftField[];
    }
  | { kind: "upsert-repo-ruleset"; repo: string; rulesetId?: number; body: RulesetWrite; fixes: DriftField[] }
  | { kind: "upsert-org-ruleset"; rulesetId?: number; body: RulesetWrite; fixes: DriftField[] }
  | { kind: "set-ownership-property"; repos: string[]; property: { name: string; value: string } };

export interface EnforcePlan {
  repairs: Repair[];
}

/** Repos a repair changes (the org ruleset: none individually). */
export function reposOf(repair: Repair): string[] {
  if (repair.kind === "set-ownership-property") return repair.repos;
  if (repair.kind === "upsert-org-ruleset") return [];
  return [repair.repo];
}

export function describeRepair(repair: Repair): string {
  switch (repair.kind) {
    case "put-classic-protection":
      return `protect ${repair.repo}@${repair.branch} (fixes ${repair.fixes.join(", ")})`;
    case "upsert-repo-ruleset":
      return `${repair.rulesetId ? "update" : "create"} the kit's ruleset in ${repair.repo} (fixes ${repair.fixes.join(", ")})`;
    case "upsert-org-ruleset":
      return `${repair.rulesetId ? "update" : "create"} the kit's org ruleset (fixes ${repair.fixes.join(", ")})`;
    case "set-ownership-property":
      return `set ${repair.property.name}=${repair.property.value} on ${repair.repos.join(", ")}`;
  }
}

/** The policy fields a repair must (re)supply: the drifted ones and those someone may wrongly bypass. */
export function fieldsToTighten(
  drift: readonly FieldDrift[],
  bypassed: readonly (keyof ProtectionSettings)[] = [],
) {
  const policyFields = new Set(Object.keys(FIELD_STRICTNESS));
  const fields = new Set<keyof ProtectionSettings>(bypassed);
  for (const d of drift) if (policyFields.has(d.field)) fields.add(d.field as keyof ProtectionSettings);
  return [...fields];
}

/** Bypass actors are dropped for bypass drift, or when the score needs the rules to bind admins. */
const bypassDrift = (drift: readonly FieldDrift[], scoreFields: readonly string[] = []) =>
  drift.some((d) => d.field === "enforceAdmins" || d.field === "bypassActors") ||
  scoreFields.includes("enforceAdmins");

export function planRepairs(
  config: KitConfig,
  repos: readonly RepoAudit[],
  orgRuleset?: OrgRulesetAudit,
): EnforcePlan {
  const expected = protectionSettingsOf(config.branchProtection);
  const property = ownershipProperty(config);
  const repairs: Repair[] = [];
  if (orgRuleset?.status === "drifted" && protectionWriteHelps(orgRuleset)) {
    repairs.push({
      kind: "upsert-org-ruleset",
      ...(orgRuleset.rulesetId !== undefined ? { rulesetId: orgRuleset.rulesetId } : {}),
      body: repairedRulesetBody(orgRuleset.ruleset, expected, {
        fields: fieldsToTighten(orgRuleset.drift),
        fixConditions: orgRuleset.drift.some((d) => d.field === "ruleset.conditions"),
        fixBypass: bypassDrift(orgRuleset.drift),
        property,
      }),
      fixes: fieldsOf(orgRuleset.drift),
    });
  }
  const needProperty: string[] = [];
  for (const audit of repos) {
    // A score held down only by what no policy field sets (a missing CODEOWNERS file) plans no write.
    if (audit.status !== "drifted" || !protectionWriteHelps(audit)) continue;
    const fixes = fieldsOf(audit.drift);
    const fields = fieldsToTighten(audit.drift, [
      ...(audit.bypassedFields ?? []),
      ...(audit.scoreFields ?? []),
    ]);
    switch (audit.mechanism) {
      case "classic":
        repairs.push({
          kind: "put-classic-protection",
          repo: audit.repo,
          branch: audit.defaultBranch,
          body: repairedClassicPut(audit.observed.classic, expected, fields),
          ...(requiresSignatures(audit.observed.classic) ? { keepSignatures: true } : {}),
          fixes,
        });
        break;
      case "repo-ruleset":
        // The kit owns this ruleset (found by name): it is made active and tightened where drifted.
        repairs.push({
          kind: "upsert-repo-ruleset",
          repo: audit.repo,
          ...(audit.observed.rulesetId !== undefined ? { rulesetId: audit.observed.rulesetId } : {}),
          body: repairedRulesetBody(audit.observed.kitRuleset, expected, {
            fields,
            fixConditions: audit.drift.some((d) => d.field === "ruleset.conditions"),
            fixBypass: bypassDrift(audit.drift, audit.scoreFields),
          }),
          fixes,
        });
        break;
      case "org-ruleset":
        // Covered by the org ruleset once it carries the property (and the org ruleset is repaired).
        if (!audit.observed.hasOwnershipProperty) needProperty.push(audit.repo);
        break;
    }
  }
  for (let i = 0; i < needProperty.length; i += PROPERTY_BATCH_SIZE) {
    repairs.push({
      kind: "set-ownership-property",
      repos: needProperty.slice(i, i + PROPERTY_BATCH_SIZE),
      property,
    });
  }
  return { repairs };
}

function fieldsOf(drift: readonly { field: DriftField }[]): DriftField[] {
  return [...new Set(drift.map((d) => d.field))];
}
