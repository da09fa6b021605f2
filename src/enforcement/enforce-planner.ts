/**
 * Audit → plan of typed repairs (pure). The planner does not know whether this is a dry run: the run
 * renders the plan in audit mode and hands it to the applier in apply mode.
 */
import type { KitConfig } from "../config/kit-config";
import {
  type ClassicProtectionBody,
  classicProtectionBody,
  protectionSettingsOf,
  type RulesetBody,
  rulesetBody,
} from "../protection/protection-requests";
import { type OrgRulesetAudit, ownershipProperty, type RepoAudit } from "./enforce-audit";
import { type DriftField, strictestOf } from "./protection-drift";
import { protectionWriteHelps } from "./protection-score-audit";

/** GitHub sets custom property values on at most 30 repos per request. */
export const PROPERTY_BATCH_SIZE = 30;

export type Repair =
  | {
      kind: "put-classic-protection";
      repo: string;
      branch: string;
      body: ClassicProtectionBody;
      fixes: DriftField[];
    }
  | { kind: "upsert-repo-ruleset"; repo: string; rulesetId?: number; body: RulesetBody; fixes: DriftField[] }
  | { kind: "upsert-org-ruleset"; rulesetId?: number; body: RulesetBody; fixes: DriftField[] }
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
      body: rulesetBody(expected, property),
      fixes: fieldsOf(orgRuleset.drift),
    });
  }
  const needProperty: string[] = [];
  for (const audit of repos) {
    // A score held down only by a missing CODEOWNERS file is drift no protection write can repair.
    if (audit.status !== "drifted" || !protectionWriteHelps(audit)) continue;
    const fixes = fieldsOf(audit.drift);
    switch (audit.mechanism) {
      case "classic":
        repairs.push({
          kind: "put-classic-protection",
          repo: audit.repo,
          branch: audit.defaultBranch,
          // Keep what is stricter than the policy and who may push: a repair only ever tightens.
          body: classicProtectionBody(
            strictestOf(expected, audit.observed.settings),
            audit.observed.restrictions ?? null,
          ),
          fixes,
        });
        break;
      case "repo-ruleset":
        // The kit owns this ruleset (found by name), so it is written as the policy says.
        repairs.push({
          kind: "upsert-repo-ruleset",
          repo: audit.repo,
          ...(audit.observed.rulesetId !== undefined ? { rulesetId: audit.observed.rulesetId } : {}),
          body: rulesetBody(strictestOf(expected, audit.observed.settings)),
          fixes,
        });
        break;
      case "org-ruleset":
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
