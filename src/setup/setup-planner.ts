/**
 * `mlops-kit setup`: what a platform team runs once per org, planned as data (pure). From the kit
 * config: the org's custom-property definitions (the ownership marker, editable by org actors only, so
 * a repo admin cannot claim or disown a repo for the kit; each cost tag's property, single-select when
 * the config lists its values, its pattern in the description), the kit repo's `mlops-kit` environment
 * limited to protected branches (the default branch), and the org ruleset when the config asks for one.
 * Only what differs from what GitHub holds is planned, so a second run plans nothing.
 */
import type { KitConfig } from "../config/kit-config";
import { protectionSettingsOf, type RulesetBody, rulesetBody } from "../protection/protection-requests";

export interface PropertyDefinition {
  property_name: string;
  value_type: "string" | "single_select";
  required: boolean;
  allowed_values: string[] | null;
  values_editable_by: "org_actors" | "org_and_repo_actors";
  description: string;
}

export interface SetupObservation {
  /** The org's property definitions by name (as GitHub answers them). */
  properties: Map<string, Partial<PropertyDefinition>>;
  /** The kit repo's `mlops-kit` environment's deployment branch policy, or `absent`. */
  environment: "absent" | { protected_branches: boolean; custom_branch_policies: boolean } | null;
  /** The kit's org ruleset, if the org has one: its id and body. */
  orgRuleset?: { id: number; body: Record<string, unknown> };
}

export type SetupStep =
  | { kind: "property"; description: string; definition: PropertyDefinition }
  | { kind: "environment"; description: string; repo: string; name: string }
  | { kind: "org-ruleset"; description: string; body: RulesetBody; existingId?: number };

export const KIT_ENVIRONMENT = "mlops-kit";

/** The property definitions the config needs. */
export function desiredProperties(config: KitConfig): PropertyDefinition[] {
  const { ownership } = config.repository;
  const definitions: PropertyDefinition[] = [
    {
      property_name: ownership.customProperty,
      value_type: "single_select",
      required: false,
      allowed_values: [ownership.value],
      values_editable_by: "org_actors",
      description: `Set to ${ownership.value} by mlops-kit on the repos it creates and governs; only org actors may change it`,
    },
  ];
  for (const tag of config.costTags) {
    if (!tag.customProperty || tag.customProperty === ownership.customProperty) continue;
    const allowed = tag.allowed ?? (tag.from === "team" ? config.teams.allowed : undefined);
    definitions.push({
      property_name: tag.customProperty,
      value_type: allowed ? "single_select" : "string",
      required: false,
      allowed_values: allowed ? [...allowed] : null,
      values_editable_by: "org_actors",
      description: `Cost tag ${tag.key}, set by mlops-kit${tag.pattern ? ` (pattern ${tag.pattern})` : ""}`,
    });
  }
  return definitions;
}

function sameDefinition(want: PropertyDefinition, have: Partial<PropertyDefinition>): boolean {
  const sorted = (v: string[] | null | undefined) => JSON.stringify([...(v ?? [])].sort());
  return (
    have.value_type === want.value_type &&
    sorted(have.allowed_values) === sorted(want.allowed_values) &&
    (have.values_editable_by ?? "org_actors") === want.values_editable_by
  );
}

export function planSetup(config: KitConfig, kitRepo: string, observed: SetupObservation): SetupStep[] {
  const steps: SetupStep[] = [];
  for (const want of desiredProperties(config)) {
    const have = observed.properties.get(want.property_name);
    if (have && sameDefinition(want, have)) continue;
    steps.push({
      kind: "property",
      description: `${have ? "Update" : "Define"} custom property ${want.property_name} (${want.value_type}${want.allowed_values ? `: ${want.allowed_values.join(", ")}` : ""}; editable by org actors only)`,
      definition: want,
    });
  }
  const env = observed.environment;
  if (env === "absent" || !env?.protected_branches) {
    steps.push({
      kind: "environment",
      description: `${env === "absent" ? "Create" : "Limit"} environment ${KIT_ENVIRONMENT} of ${config.org}/${kitRepo} to protected branches (the default branch)`,
      repo: kitRepo,
      name: KIT_ENVIRONMENT,
    });
  }
  const policy = config.branchProtection;
  if (policy.mechanism === "ruleset" && config.enforcement.preferOrgRuleset) {
    const { customProperty, value } = config.repository.ownership;
    const body = rulesetBody(protectionSettingsOf(policy), { name: customProperty, value });
    const existing = observed.orgRuleset;
    const same =
      existing &&
      JSON.stringify(pick(existing.body)) ===
        JSON.stringify(pick(body as unknown as Record<string, unknown>));
    if (!same) {
      steps.push({
        kind: "org-ruleset",
        description: `${existing ? "Update" : "Create"} the kit's org ruleset on repos with ${customProperty}=${value}`,
        body,
        ...(existing ? { existingId: existing.id } : {}),
      });
    }
  }
  return steps;
}

function pick(body: Record<string, unknown>) {
  return { conditions: body.conditions, rules: body.rules, enforcement: body.enforcement };
}
