/**
 * Which rulesets target which repos and branches in the simulator: the simulator's state adapted to the
 * kit's shared, pure evaluation of ruleset conditions (`src/protection/ruleset-conditions.ts`), so the
 * simulated GitHub and enforcement read conditions the same way.
 */
import {
  globMatches,
  type RulesetTargetRepo,
  rulesetEnforcedOn,
  type TargetedRuleset,
  rulesetTargetsBranch as targetsBranch,
  rulesetTargetsRepo as targetsRepo,
} from "../protection/ruleset-conditions";
import type { SimRepo, SimRuleset } from "./sim-state";

export { globMatches };

/** A simulated repo as conditions see it (custom properties fall back to the org's defaults). */
export function targetRepoOf(repo: SimRepo): RulesetTargetRepo {
  return {
    owner: repo.org.login,
    name: repo.name,
    id: repo.id,
    defaultBranch: repo.defaultBranch,
    property: (name) =>
      (repo.properties.get(name) ?? repo.org.properties.get(name)?.default_value) as
        | string
        | string[]
        | null
        | undefined,
  };
}

function targeted(ruleset: SimRuleset): TargetedRuleset {
  return {
    target: ruleset.target,
    enforcement: ruleset.enforcement,
    source_type: ruleset.sourceType,
    source: ruleset.source,
    conditions: ruleset.conditions as TargetedRuleset["conditions"],
  };
}

/** Whether a ruleset's repository conditions select this repo (repo rulesets: only their own repo). */
export function rulesetTargetsRepo(ruleset: SimRuleset, repo: SimRepo): boolean {
  if (ruleset.sourceType === "Organization" && ruleset.source.toLowerCase() !== repo.org.login.toLowerCase())
    return false;
  return targetsRepo(targeted(ruleset), targetRepoOf(repo));
}

/** Whether a ruleset applies to a branch of a repo (enforcement aside). */
export function rulesetTargetsBranch(ruleset: SimRuleset, repo: SimRepo, branch: string): boolean {
  if (ruleset.sourceType === "Organization" && ruleset.source.toLowerCase() !== repo.org.login.toLowerCase())
    return false;
  return targetsBranch(targeted(ruleset), targetRepoOf(repo), branch);
}

/** Whether a ruleset's rules are enforced on a branch: it targets it and is `active`. */
export function rulesetEnforcedOnBranch(ruleset: SimRuleset, repo: SimRepo, branch: string): boolean {
  if (ruleset.sourceType === "Organization" && ruleset.source.toLowerCase() !== repo.org.login.toLowerCase())
    return false;
  return rulesetEnforcedOn(targeted(ruleset), targetRepoOf(repo), branch);
}
