/**
 * Which branches of which repos a ruleset targets, as GitHub evaluates its conditions (pure). Shared by
 * enforcement (what protects a default branch) and the simulator (its rules-for-a-branch answer), so
 * the kit's view and the simulated GitHub's cannot drift apart.
 *
 * - `ref_name`: fnmatch patterns on full ref names (`refs/heads/release/*`, `**`), plus `~DEFAULT_BRANCH`
 *   and `~ALL`; a ref must match an include and no exclude.
 * - org rulesets also select repos: `repository_name` (patterns, `~ALL`; include and exclude),
 *   `repository_id`, `repository_property` (every included property must match, any excluded one rules
 *   the repo out). A repo ruleset targets its own repo only (its source says which).
 * - only `enforcement: active` enforces; `evaluate` reports and `disabled` does nothing.
 */

/** What conditions are evaluated against: one repo. */
export interface RulesetTargetRepo {
  /** `owner/name` is `${owner}/${name}`. */
  owner: string;
  name: string;
  id?: number;
  defaultBranch: string;
  /** A custom property's value for this repo (defaults included), or undefined when unset. */
  property(name: string): string | string[] | null | undefined;
}

interface IncludeExclude {
  include?: string[];
  exclude?: string[];
}

export interface PropertyCondition {
  name: string;
  property_values?: string[];
  source?: string;
}

/** The parts of a ruleset conditions are read from (GitHub's response and request shapes both fit). */
export interface TargetedRuleset {
  target?: string;
  enforcement?: string;
  source_type?: string;
  source?: string;
  conditions?: {
    ref_name?: IncludeExclude;
    repository_name?: IncludeExclude & { protected?: boolean };
    repository_id?: { repository_ids?: number[] };
    repository_property?: { include?: PropertyCondition[]; exclude?: PropertyCondition[] };
  } | null;
}

const globCache = new Map<string, RegExp>();

/**
 * fnmatch as rulesets use it (File::FNM_PATHNAME): `*` and `?` stay within a path segment, `**` crosses
 * segments, `[…]` is a character class, `{a,b}` alternatives.
 */
export function globMatches(pattern: string, value: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    let source = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === "*" && pattern[i + 1] === "*") {
        // `**/` also matches no directory at all.
        if (pattern[i + 2] === "/") {
          source += "(?:.*/)?";
          i += 2;
        } else {
          source += ".*";
          i++;
        }
      } else if (c === "*") source += "[^/]*";
      else if (c === "?") source += "[^/]";
      else if (c === "[" && pattern.indexOf("]", i + 2) > 0) {
        const end = pattern.indexOf("]", i + 2);
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        source += `[${body}]`;
        i = end;
      } else if (c === "{" && pattern.indexOf("}", i) > 0) {
        // FNM_EXTGLOB alternatives: `release/{v1,v2}`.
        const end = pattern.indexOf("}", i);
        const options = pattern.slice(i + 1, end).split(",");
        source += `(?:${options.map((o) => o.replace(/[.+^${}()|[\]\\*?]/g, "\\$&")).join("|")})`;
        i = end;
      } else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    re = new RegExp(`^${source}$`);
    globCache.set(pattern, re);
  }
  return re.test(value);
}

/** Whether a `ref_name` pattern matches a full ref (`refs/heads/main`) of a repo. */
export function refPatternMatches(pattern: string, ref: string, defaultBranch: string): boolean {
  if (pattern === "~ALL") return true;
  if (pattern === "~DEFAULT_BRANCH") return ref === `refs/heads/${defaultBranch}`;
  return globMatches(pattern.startsWith("refs/") ? pattern : `refs/heads/${pattern}`, ref);
}

function propertyMatches(repo: RulesetTargetRepo, condition: PropertyCondition): boolean {
  const value = condition.name === "repository_name" ? repo.name : repo.property(condition.name);
  if (value === undefined || value === null) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => (condition.property_values ?? []).includes(v));
}

function namesMatch(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => p === "~ALL" || globMatches(p.toLowerCase(), name.toLowerCase()));
}

/** Whether a ruleset's repository conditions select this repo. */
export function rulesetTargetsRepo(ruleset: TargetedRuleset, repo: RulesetTargetRepo): boolean {
  if (ruleset.source_type === "Repository") {
    return (ruleset.source ?? "").toLowerCase() === `${repo.owner}/${repo.name}`.toLowerCase();
  }
  const conditions = ruleset.conditions ?? {};
  const byName = conditions.repository_name;
  if (byName && (!namesMatch(byName.include ?? [], repo.name) || namesMatch(byName.exclude ?? [], repo.name)))
    return false;
  const byId = conditions.repository_id;
  if (byId && (repo.id === undefined || !(byId.repository_ids ?? []).includes(repo.id))) return false;
  const byProperty = conditions.repository_property;
  if (byProperty) {
    if (!(byProperty.include ?? []).every((c) => propertyMatches(repo, c))) return false;
    if ((byProperty.exclude ?? []).some((c) => propertyMatches(repo, c))) return false;
  }
  return byName !== undefined || byId !== undefined || byProperty !== undefined;
}

/** Whether a ruleset targets this branch of this repo (whatever its enforcement). */
export function rulesetTargetsBranch(
  ruleset: TargetedRuleset,
  repo: RulesetTargetRepo,
  branch: string,
): boolean {
  if ((ruleset.target ?? "branch") !== "branch") return false;
  if (!rulesetTargetsRepo(ruleset, repo)) return false;
  const refName = ruleset.conditions?.ref_name ?? {};
  const ref = `refs/heads/${branch}`;
  const matches = (patterns: readonly string[]) =>
    patterns.some((p) => refPatternMatches(p, ref, repo.defaultBranch));
  return matches(refName.include ?? []) && !matches(refName.exclude ?? []);
}

/** Whether a ruleset's rules are enforced on this branch: it targets it and its enforcement is `active`. */
export function rulesetEnforcedOn(
  ruleset: TargetedRuleset,
  repo: RulesetTargetRepo,
  branch: string,
): boolean {
  return ruleset.enforcement === "active" && rulesetTargetsBranch(ruleset, repo, branch);
}
