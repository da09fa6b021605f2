/**
 * From what was read on GitHub to an audit (pure): per repo, compliant / drifted (with every field that
 * drifted, expected vs actual) / unreadable (with the reason). A repo is never dropped: whatever
 * happened while reading it ends up as one of these three.
 */
import type { BranchProtectionPolicy, KitConfig } from "../config/kit-config";
import {
  type ClassicProtectionResponse,
  type ProtectionSettings,
  type PushRestrictions,
  protectionSettingsOf,
  pushRestrictionsFrom,
  type RulesetResponse,
  settingsFromClassicProtection,
  settingsFromRuleset,
} from "../protection/protection-requests";
import { factsFromRuleset, NOTHING_ENFORCED } from "../protection/scorecard-facts";
import type { GovernedRepo } from "./enforce-scope";
import { diffProtection, diffRuleset, type FieldDrift } from "./protection-drift";
import {
  factsOfObservation,
  policyTargetScore,
  type ScoreVerdict,
  scoreVerdict,
  withScoreVerdict,
} from "./protection-score-audit";

/**
 * How the policy is enforced in this org: classic protection per repo, the kit's ruleset per repo, or
 * one org ruleset that targets the repos carrying the ownership property.
 */
export type EnforceMechanism = "classic" | "repo-ruleset" | "org-ruleset";

/** What the reader saw for one repo. */
export type RepoObservation =
  /** Classic protection of the default branch; `undefined` when the branch is not protected. */
  | { kind: "classic"; protection: ClassicProtectionResponse | undefined }
  /** The kit's repo ruleset; `undefined` when the repo has none. */
  | { kind: "repo-ruleset"; ruleset: RulesetResponse | undefined }
  /** Org-ruleset mode needs nothing per repo beyond the property values already listed. */
  | { kind: "org-ruleset" }
  | { kind: "unreadable"; reason: string };

export type AuditStatus = "compliant" | "drifted" | "unreadable";

export interface RepoAudit {
  repo: string;
  defaultBranch: string;
  governedBy: GovernedRepo["governedBy"];
  mechanism: EnforceMechanism;
  status: AuditStatus;
  drift: FieldDrift[];
  /** Why the repo could not be checked (unreadable only). */
  reason?: string;
  /** What the repair needs to know about the current state. */
  observed: {
    protected?: boolean;
    settings?: ProtectionSettings;
    restrictions?: PushRestrictions | null;
    rulesetId?: number;
    hasOwnershipProperty: boolean;
  };
  /** OpenSSF Scorecard Branch-Protection score of what was read (none in org-ruleset mode). */
  score?: ScoreVerdict;
}

/** The org ruleset's own audit (org-ruleset mode only). */
export interface OrgRulesetAudit {
  status: AuditStatus;
  drift: FieldDrift[];
  rulesetId?: number;
  reason?: string;
  /** OpenSSF Scorecard Branch-Protection score of the org ruleset. */
  score?: ScoreVerdict;
}

export function ownershipProperty(config: KitConfig): { name: string; value: string } {
  return { name: config.repository.ownership.customProperty, value: config.repository.ownership.value };
}

/**
 * The audit of one repo: field drift, then the Scorecard verdict (a score below the policy's is drift
 * too). `codeownersFile`: whether the repo has one, when it was looked up (see enforce-auditor.ts).
 */
export function auditRepo(
  config: KitConfig,
  repo: GovernedRepo,
  observation: RepoObservation,
  mechanism: EnforceMechanism,
  codeownersFile?: boolean,
): RepoAudit {
  const facts = factsOfObservation(observation);
  const verdict = facts && scoreVerdict(facts, policyTargetScore(config), codeownersFile);
  return withScoreVerdict(auditRepoFields(config, repo, observation, mechanism), verdict);
}

function auditRepoFields(
  config: KitConfig,
  repo: GovernedRepo,
  observation: RepoObservation,
  mechanism: EnforceMechanism,
): RepoAudit {
  const base = {
    repo: repo.name,
    defaultBranch: repo.defaultBranch,
    governedBy: repo.governedBy,
    mechanism,
  };
  const expected = protectionSettingsOf(config.branchProtection);
  const withDrift = (drift: FieldDrift[], observed: RepoAudit["observed"]): RepoAudit => ({
    ...base,
    status: drift.length > 0 ? "drifted" : "compliant",
    drift,
    observed,
  });
  switch (observation.kind) {
    case "unreadable":
      return {
        ...base,
        status: "unreadable",
        drift: [],
        reason: observation.reason,
        observed: { hasOwnershipProperty: repo.hasOwnershipProperty },
      };
    case "classic": {
      const protection = observation.protection;
      const settings = protection ? settingsFromClassicProtection(protection) : undefined;
      return withDrift(diffProtection(expected, settings), {
        protected: protection !== undefined,
        ...(settings ? { settings } : {}),
        restrictions: protection ? pushRestrictionsFrom(protection) : null,
        hasOwnershipProperty: repo.hasOwnershipProperty,
      });
    }
    case "repo-ruleset": {
      const ruleset = observation.ruleset;
      const settings = ruleset ? settingsFromRuleset(ruleset) : undefined;
      return withDrift(diffRuleset({ settings: expected }, ruleset, settings), {
        protected: ruleset !== undefined,
        ...(settings ? { settings } : {}),
        ...(ruleset ? { rulesetId: ruleset.id } : {}),
        hasOwnershipProperty: repo.hasOwnershipProperty,
      });
    }
    case "org-ruleset": {
      // The org ruleset reaches a repo through the ownership property: a governed repo without it is
      // unprotected however good the ruleset is.
      const property = ownershipProperty(config);
      const drift: FieldDrift[] = repo.hasOwnershipProperty
        ? []
        : [{ field: "customProperty", expected: `${property.name}=${property.value}`, actual: null }];
      return withDrift(drift, { hasOwnershipProperty: repo.hasOwnershipProperty });
    }
  }
}

export function auditOrgRuleset(config: KitConfig, ruleset: RulesetResponse | undefined): OrgRulesetAudit {
  const drift = diffRuleset(
    { settings: protectionSettingsOf(config.branchProtection), property: ownershipProperty(config) },
    ruleset,
    ruleset ? settingsFromRuleset(ruleset) : undefined,
  );
  const audit: OrgRulesetAudit = {
    status: drift.length > 0 ? "drifted" : "compliant",
    drift,
    ...(ruleset ? { rulesetId: ruleset.id } : {}),
  };
  const facts = ruleset ? factsFromRuleset(ruleset) : { ...NOTHING_ENFORCED };
  return withScoreVerdict(audit, scoreVerdict(facts, policyTargetScore(config)));
}

/** What the org offers for the choice of mechanism. */
export interface OrgCapabilities {
  /** `GET /orgs/{org}/rulesets` answered (the plan has org rulesets and the token may read them). */
  orgRulesets: boolean;
  /** The org defines the ownership custom property (its values could be listed). */
  ownershipProperty: boolean;
}

/**
 * The mechanism for this run, and a sentence for the report saying why. An org ruleset replaces
 * thousands of per-repo rules with one object, so it wins where the config asks for rulesets and the
 * org supports it.
 */
export function chooseMechanism(
  policy: BranchProtectionPolicy,
  preferOrgRuleset: boolean,
  capabilities: OrgCapabilities,
): { mechanism: EnforceMechanism; note: string } {
  if (policy.mechanism === "classic") {
    return {
      mechanism: "classic",
      note: "Policy mechanism is `classic`: classic branch protection per repo.",
    };
  }
  if (!preferOrgRuleset) {
    return {
      mechanism: "repo-ruleset",
      note: "Rulesets per repo (`enforcement.preferOrgRuleset` is off).",
    };
  }
  if (capabilities.orgRulesets && capabilities.ownershipProperty) {
    return {
      mechanism: "org-ruleset",
      note: "One org ruleset targets every repo carrying the ownership custom property, instead of one ruleset per repo; governed repos without the property get it.",
    };
  }
  const missing = [
    ...(capabilities.orgRulesets ? [] : ["org rulesets are not available"]),
    ...(capabilities.ownershipProperty ? [] : ["the org has no ownership custom property"]),
  ].join(" and ");
  return {
    mechanism: "repo-ruleset",
    note: `Rulesets per repo: an org ruleset was preferred, but ${missing}.`,
  };
}
