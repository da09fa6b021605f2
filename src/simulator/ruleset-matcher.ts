/**
 * Which rulesets target which repos and branches, following GitHub's conditions: `ref_name`
 * (fnmatch patterns on full ref names, `~DEFAULT_BRANCH`, `~ALL`), and for org rulesets
 * `repository_name`, `repository_id` and `repository_property` (every included property must match;
 * any excluded one rules the repo out). Pure.
 */
import type { SimRepo, SimRuleset } from "./sim-state";

interface IncludeExclude {
  include?: string[];
  exclude?: string[];
}

interface PropertyCondition {
  name: string;
  property_values: string[];
  source?: string;
}

const globCache = new Map<string, RegExp>();

/** fnmatch as rulesets use it: `*` stays within a path segment, `**` crosses them. */
export function globMatches(pattern: string, value: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === "*" && pattern[i + 1] === "*") {
        source += ".*";
        i++;
      } else if (c === "*") source += "[^/]*";
      else if (c === "?") source += "[^/]";
      else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    re = new RegExp(`^${source}$`);
    globCache.set(pattern, re);
  }
  return re.test(value);
}

function refMatches(patterns: string[], repo: SimRepo, ref: string): boolean {
  return patterns.some((p) => {
    if (p === "~ALL") return true;
    if (p === "~DEFAULT_BRANCH") return ref === `refs/heads/${repo.defaultBranch}`;
    return globMatches(p.startsWith("refs/") ? p : `refs/heads/${p}`, ref);
  });
}

function propertyMatches(repo: SimRepo, condition: PropertyCondition): boolean {
  const value =
    condition.name === "repository_name"
      ? repo.name
      : (repo.properties.get(condition.name) ?? repo.org.properties.get(condition.name)?.default_value);
  if (value === undefined || value === null) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => condition.property_values.includes(v));
}

/** Whether a ruleset's repository conditions select this repo (repo rulesets: only their own repo). */
export function rulesetTargetsRepo(ruleset: SimRuleset, repo: SimRepo): boolean {
  if (ruleset.sourceType === "Repository")
    return ruleset.source.toLowerCase() === `${repo.org.login}/${repo.name}`.toLowerCase();
  if (ruleset.source.toLowerCase() !== repo.org.login.toLowerCase()) return false;
  const conditions = ruleset.conditions ?? {};
  const byName = conditions.repository_name as (IncludeExclude & { protected?: boolean }) | undefined;
  if (byName) {
    const included = (byName.include ?? []).some((p) => p === "~ALL" || globMatches(p, repo.name));
    const excluded = (byName.exclude ?? []).some((p) => p === "~ALL" || globMatches(p, repo.name));
    if (!included || excluded) return false;
  }
  const byId = conditions.repository_id as { repository_ids?: number[] } | undefined;
  if (byId && !(byId.repository_ids ?? []).includes(repo.id)) return false;
  const byProperty = conditions.repository_property as
    | { include?: PropertyCondition[]; exclude?: PropertyCondition[] }
    | undefined;
  if (byProperty) {
    if (!(byProperty.include ?? []).every((c) => propertyMatches(repo, c))) return false;
    if ((byProperty.exclude ?? []).some((c) => propertyMatches(repo, c))) return false;
  }
  return byName !== undefined || byId !== undefined || byProperty !== undefined;
}

/** Whether a ruleset applies to a branch of a repo (enforcement aside). */
export function rulesetTargetsBranch(ruleset: SimRuleset, repo: SimRepo, branch: string): boolean {
  if ((ruleset.target ?? "branch") !== "branch") return false;
  if (!rulesetTargetsRepo(ruleset, repo)) return false;
  const refName = (ruleset.conditions?.ref_name as IncludeExclude | undefined) ?? {};
  const ref = `refs/heads/${branch}`;
  return refMatches(refName.include ?? [], repo, ref) && !refMatches(refName.exclude ?? [], repo, ref);
}
