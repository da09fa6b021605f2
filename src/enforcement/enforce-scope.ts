/**
 * Which repos the kit governs (pure): those whose name follows the naming convention and/or that carry
 * the ownership custom property (`managed-by=mlops-kit`), plus the explicit `include` list, minus the
 * `exclude` list. Archived repos are read-only on GitHub and are skipped (and counted).
 */
import type { KitConfig } from "../config/kit-config";
import { checkProjectName } from "../naming/naming-convention";

/** The fields of a repo (from `GET /orgs/{org}/repos`) that scoping and auditing use. */
export interface OrgRepo {
  name: string;
  archived: boolean;
  defaultBranch: string;
  /** GitHub's repository id (org rulesets may select repos by id). */
  id?: number;
}

export type GovernedBy = "naming" | "property" | "include";

export interface GovernedRepo extends OrgRepo {
  governedBy: GovernedBy[];
  /** The repo carries the ownership property with the kit's value (org rulesets select it). */
  hasOwnershipProperty: boolean;
  /** Its custom property values, when the org's could be read (org rulesets select repos by them). */
  properties?: Readonly<Record<string, string | string[] | null>>;
}

export interface EnforceScope {
  governed: GovernedRepo[];
  skipped: { archived: string[]; excluded: string[] };
  /** Repos in the org that no rule selects. */
  notGoverned: number;
  /** Whether custom-property values could be read (false: property selection was not possible). */
  propertiesAvailable: boolean;
}

/**
 * `properties` maps repo name → its custom property values, or is undefined when the org has no custom
 * properties (or the token cannot read them).
 */
export function selectGovernedRepos(
  config: KitConfig,
  repos: readonly OrgRepo[],
  properties: ReadonlyMap<string, Readonly<Record<string, string | string[] | null>>> | undefined,
): EnforceScope {
  const { enforcement } = config;
  const { customProperty, value } = config.repository.ownership;
  const include = new Set(enforcement.include.map((n) => n.toLowerCase()));
  const exclude = new Set(enforcement.exclude.map((n) => n.toLowerCase()));
  const governed: GovernedRepo[] = [];
  const skipped = { archived: [] as string[], excluded: [] as string[] };
  let notGoverned = 0;
  for (const repo of repos) {
    const propertyValue = properties?.get(repo.name)?.[customProperty];
    const hasOwnershipProperty = Array.isArray(propertyValue)
      ? propertyValue.includes(value)
      : propertyValue === value;
    const governedBy: GovernedBy[] = [];
    if (enforcement.selectByNamingConvention && checkProjectName(repo.name, config.naming).ok)
      governedBy.push("naming");
    if (enforcement.selectByCustomProperty && hasOwnershipProperty) governedBy.push("property");
    if (include.has(repo.name.toLowerCase())) governedBy.push("include");
    if (governedBy.length === 0) {
      notGoverned++;
      continue;
    }
    // Exclusion wins over every selection rule: it is the platform team's explicit opt-out.
    if (exclude.has(repo.name.toLowerCase())) skipped.excluded.push(repo.name);
    else if (repo.archived) skipped.archived.push(repo.name);
    else {
      const values = properties?.get(repo.name);
      governed.push({ ...repo, governedBy, hasOwnershipProperty, ...(values ? { properties: values } : {}) });
    }
  }
  governed.sort((a, b) => a.name.localeCompare(b.name));
  return { governed, skipped, notGoverned, propertiesAvailable: properties !== undefined };
}
