/**
 * The protection a branch actually has, as GitHub enforces it (pure): classic branch protection, the
 * repo's rulesets and the org's rulesets together. Each becomes a `ProtectionSource` saying what it
 * enforces, whether it is in force on this branch (and if not, why: `evaluate`, `disabled`, conditions
 * that leave the branch or the repo out), and who may bypass it.
 *
 * Enforcement compares the policy with these sources field by field (`protection-drift.ts`), so a rule
 * counts only where GitHub would apply it, and a report can say which source supplies or lacks it.
 */
import {
  type ClassicProtectionResponse,
  KIT_RULESET_NAME,
  type ProtectionSettings,
  type RulesetResponse,
  settingsFromClassicProtection,
  settingsFromRuleset,
} from "./protection-requests";
import { type RulesetTargetRepo, rulesetTargetsBranch, rulesetTargetsRepo } from "./ruleset-conditions";

/** Someone who may skip a source's rules. */
export interface BypassActor {
  /** `actor_type:actor_id`, e.g. `RepositoryRole:5`, `Team:42`. */
  key: string;
  /** For people: "repository admins", "team #42", "app #7". */
  label: string;
  /** Repository or organization admins: allowed to bypass when the policy does not enforce admins. */
  admin: boolean;
}

export interface ProtectionSource {
  /** "classic protection", `repo ruleset "…" (#12)`, `org ruleset "…" (#3)`. */
  label: string;
  kind: "classic" | "repo-ruleset" | "org-ruleset";
  rulesetId?: number;
  /** Whether GitHub enforces this source's rules on the branch. */
  inForce: boolean;
  /** Why not (only when not in force). */
  notInForce?: string;
  /** What the source enforces, as policy fields (`enforceAdmins`: nobody may bypass it). */
  settings: ProtectionSettings;
  bypass: BypassActor[];
}

/** Organization owners (GitHub sends actor_id 1 or null for them). */
export const ORG_ADMINS: BypassActor = {
  key: "OrganizationAdmin",
  label: "organization admins",
  admin: true,
};

const REPOSITORY_ROLES: Record<number, string> = {
  1: "read",
  2: "triage",
  3: "write",
  4: "write",
  5: "admin",
};

/** A ruleset bypass actor as people name it. */
export function bypassActorOf(actor: NonNullable<RulesetResponse["bypass_actors"]>[number]): BypassActor {
  const type = actor.actor_type ?? "unknown";
  const id = actor.actor_id ?? null;
  const key = `${type}:${id ?? ""}`;
  switch (type) {
    case "RepositoryRole":
      return id === 5
        ? { key, label: "repository admins", admin: true }
        : { key, label: `repository role ${REPOSITORY_ROLES[id ?? 0] ?? `#${id}`}`, admin: false };
    case "OrganizationAdmin":
      return { key: ORG_ADMINS.key, label: ORG_ADMINS.label, admin: true };
    case "Team":
      return { key, label: `team #${id}`, admin: false };
    case "Integration":
      return { key, label: `app #${id}`, admin: false };
    case "DeployKey":
      return { key: "DeployKey", label: "deploy keys", admin: false };
    case "EnterpriseOwner":
      return { key: "EnterpriseOwner", label: "enterprise owners", admin: false };
    default:
      return { key, label: `${type}${id !== null ? ` #${id}` : ""}`, admin: false };
  }
}

const CLASSIC_ADMINS: BypassActor = { key: "RepositoryRole:5", label: "repository admins", admin: true };

/** Classic protection: in force whenever it exists; admins skip it unless `enforce_admins` is on. */
export function classicSource(protection: ClassicProtectionResponse): ProtectionSource {
  const settings = settingsFromClassicProtection(protection);
  return {
    label: "classic protection",
    kind: "classic",
    inForce: true,
    settings,
    bypass: settings.enforceAdmins ? [] : [CLASSIC_ADMINS],
  };
}

/** A ruleset (repo or org) as seen from one branch of one repo. */
export function rulesetSource(
  ruleset: RulesetResponse,
  repo: RulesetTargetRepo,
  branch: string,
): ProtectionSource {
  const org = ruleset.source_type === "Organization";
  const kind = org ? "org-ruleset" : "repo-ruleset";
  const label = `${org ? "org" : "repo"} ruleset "${ruleset.name}" (#${ruleset.id})`;
  const base = {
    label,
    kind,
    rulesetId: ruleset.id,
    settings: settingsFromRuleset(ruleset),
    bypass: (ruleset.bypass_actors ?? []).map(bypassActorOf),
  } as const;
  // The list endpoints omit conditions: a ruleset only known from a listing can only be judged on its enforcement.
  const enforcement = ruleset.enforcement ?? "active";
  if (enforcement !== "active")
    return {
      ...base,
      inForce: false,
      notInForce: `enforcement is ${enforcement}: its rules are not enforced`,
    };
  if ((ruleset.target ?? "branch") !== "branch")
    return { ...base, inForce: false, notInForce: `targets ${ruleset.target}s, not branches` };
  if (!rulesetTargetsRepo(ruleset, repo))
    return { ...base, inForce: false, notInForce: "its repository conditions leave this repo out" };
  if (!rulesetTargetsBranch(ruleset, repo, branch))
    return { ...base, inForce: false, notInForce: `its ref_name conditions leave ${branch} out` };
  return { ...base, inForce: true };
}

export interface BranchProtectionInputs {
  repo: RulesetTargetRepo;
  branch: string;
  /** Classic protection (undefined: the branch has none, or it was not read). */
  classic?: ClassicProtectionResponse;
  /** Repo rulesets and org rulesets that were read (full, with conditions where known). */
  rulesets: readonly RulesetResponse[];
}

/**
 * Every source that could protect the branch, in force or not. Org rulesets that do not target the repo
 * are left out (they are about other repos), except the kit's own, whose reach is the point.
 */
export function protectionSources(inputs: BranchProtectionInputs): ProtectionSource[] {
  const sources: ProtectionSource[] = [];
  if (inputs.classic) sources.push(classicSource(inputs.classic));
  for (const ruleset of inputs.rulesets) {
    const source = rulesetSource(ruleset, inputs.repo, inputs.branch);
    const aboutOtherRepos =
      source.kind === "org-ruleset" &&
      !source.inForce &&
      /repository conditions/.test(source.notInForce ?? "");
    if (aboutOtherRepos && ruleset.name !== KIT_RULESET_NAME) continue;
    sources.push(source);
  }
  return sources;
}
