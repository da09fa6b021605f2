/**
 * From what was read on GitHub to an audit (pure): per repo, compliant / drifted (with every field that
 * drifted, expected vs actual) / unreadable (with the reason). A repo is never dropped: whatever
 * happened while reading it ends up as one of these three.
 *
 * The verdict is the policy against the protection GitHub would enforce on the default branch: classic
 * protection, the repo's rulesets and the org's rulesets together (`effective-protection.ts`), never one
 * object read in isolation. The mechanism's own object (the kit's ruleset, the ownership property) adds
 * drift only to explain a branch that is not protected enough, and to tell the planner what to fix.
 * The OpenSSF Scorecard score is taken of the same sources in force (`protection-score-audit.ts`): a
 * score below the policy's own is drift too.
 */
import type { BranchProtectionPolicy, KitConfig } from "../config/kit-config";
import { type ProtectionSource, protectionSources } from "../protection/effective-protection";
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
import { type RulesetTargetRepo, rulesetTargetsBranch } from "../protection/ruleset-conditions";
import {
  factsFromClassicProtection,
  factsFromRuleset,
  NOTHING_ENFORCED,
} from "../protection/scorecard-facts";
import type { ProtectionFacts } from "../protection/scorecard-score";
import type { GovernedRepo } from "./enforce-scope";
import { diffEffective, diffRuleset, type EffectiveComparison, type FieldDrift } from "./protection-drift";
import {
  effectiveFacts,
  policyFacts,
  policyTargetScore,
  type ScoreVerdict,
  scoreRepairFields,
  scoreVerdict,
  withScoreVerdict,
} from "./protection-score-audit";

/**
 * How the policy is enforced in this org: classic protection per repo, the kit's ruleset per repo, or
 * one org ruleset that targets the repos carrying the ownership property.
 */
export type EnforceMechanism = "classic" | "repo-ruleset" | "org-ruleset";

/**
 * What the reader saw for one repo, besides the org rulesets (read once per run). Each mechanism reads
 * its own source first; the others are read only while the branch still looks drifted, since a source
 * can only add protection (`classic` / `repoRulesets` undefined: not read).
 */
export type RepoObservation =
  | {
      kind: "classic";
      /** Classic protection of the default branch; `undefined` when the branch is not protected. */
      protection: ClassicProtectionResponse | undefined;
      /** The repo's own rulesets (full), when read. */
      repoRulesets?: RulesetResponse[];
    }
  | {
      kind: "repo-ruleset";
      /** The kit's repo ruleset; `undefined` when the repo has none. */
      ruleset: RulesetResponse | undefined;
      /** The repo's other rulesets, when read. */
      repoRulesets?: RulesetResponse[];
      /** Classic protection when read (`null`: the branch has none). */
      classic?: ClassicProtectionResponse | null;
    }
  | {
      kind: "org-ruleset";
      repoRulesets?: RulesetResponse[];
      classic?: ClassicProtectionResponse | null;
    }
  | { kind: "unreadable"; reason: string };

export type AuditStatus = "compliant" | "drifted" | "unreadable";

/** A source as the report shows it. */
export interface SourceSummary {
  source: string;
  inForce: boolean;
  /** Why it does not protect the branch. */
  notInForce?: string;
  /** Who may bypass it. */
  bypass: string[];
}

export interface RepoAudit {
  repo: string;
  defaultBranch: string;
  governedBy: GovernedRepo["governedBy"];
  mechanism: EnforceMechanism;
  status: AuditStatus;
  drift: FieldDrift[];
  /** Why the repo could not be checked (unreadable only). */
  reason?: string;
  /** The sources that were read for the default branch, in force or not. */
  sources?: SourceSummary[];
  /** Kinds of source not read because what was read already met the policy (they could only add rules). */
  unread?: ("classic protection" | "repo rulesets")[];
  /** Where each rule the branch meets comes from, and what lacks the drifted ones. */
  suppliedBy?: EffectiveComparison["suppliedBy"];
  lacking?: EffectiveComparison["lacking"];
  /** Policy fields someone beyond the policy's allowance may bypass. */
  bypassedFields?: (keyof ProtectionSettings)[];
  /** OpenSSF Scorecard Branch-Protection score of the sources in force on the default branch. */
  score?: ScoreVerdict;
  /** Policy fields a write of the kit's own source would tighten to raise a score below target. */
  scoreFields?: (keyof ProtectionSettings)[];
  /** What the repair needs to know about the current state. */
  observed: {
    protected?: boolean;
    /** Classic mode: what the classic protection enforces. */
    settings?: ProtectionSettings;
    restrictions?: PushRestrictions | null;
    /** Classic mode: the protection as read, every field (a repair writes back what it does not tighten). */
    classic?: ClassicProtectionResponse;
    rulesetId?: number;
    /** Repo-ruleset mode: the kit's ruleset as read. */
    kitRuleset?: RulesetResponse;
    hasOwnershipProperty: boolean;
  };
}

/** The org ruleset's own audit (org-ruleset mode only). */
export interface OrgRulesetAudit {
  status: AuditStatus;
  drift: FieldDrift[];
  rulesetId?: number;
  /** The kit's org ruleset as read (a repair keeps what it does not tighten). */
  ruleset?: RulesetResponse;
  reason?: string;
  /** OpenSSF Scorecard Branch-Protection score of the org ruleset on its own. */
  score?: ScoreVerdict;
  /** Policy fields its write would tighten to raise that score. */
  scoreFields?: (keyof ProtectionSettings)[];
}

export function ownershipProperty(config: KitConfig): { name: string; value: string } {
  return { name: config.repository.ownership.customProperty, value: config.repository.ownership.value };
}

/** A governed repo as ruleset conditions see it. */
export function targetRepoOf(org: string, repo: GovernedRepo): RulesetTargetRepo {
  return {
    owner: org,
    name: repo.name,
    ...(repo.id !== undefined ? { id: repo.id } : {}),
    defaultBranch: repo.defaultBranch,
    property: (name) => repo.properties?.[name],
  };
}

/** Rulesets read without their source (hand-made, or older answers) get it from where they were read. */
function withSource(ruleset: RulesetResponse, sourceType: string, source: string): RulesetResponse {
  return { ...ruleset, source_type: ruleset.source_type ?? sourceType, source: ruleset.source ?? source };
}

/**
 * The audit of one repo: the policy against the sources in force, then the Scorecard verdict of the
 * same sources. `codeownersFile`: whether the repo has one, when it was looked up (enforce-auditor.ts
 * looks only when the score depends on it; undefined counts as present).
 */
export function auditRepo(
  config: KitConfig,
  repo: GovernedRepo,
  observation: RepoObservation,
  mechanism: EnforceMechanism,
  orgRulesets: readonly RulesetResponse[] = [],
  codeownersFile?: boolean,
): RepoAudit {
  const read = readSources(config, repo, observation, orgRulesets);
  const fields = auditFields(config, repo, observation, mechanism, read);
  if (!read) return fields;
  const verdict = scoreVerdict(effectiveFacts(read.sources, read), policyTargetScore(config), codeownersFile);
  const audit = withScoreVerdict(fields, verdict);
  const own = mechanism === "org-ruleset" ? undefined : ownFacts(observation);
  const scoreFields = mechanism === "org-ruleset" ? [] : scoreRepairFields(verdict, policyFacts(config), own);
  return scoreFields.length > 0 ? { ...audit, scoreFields } : audit;
}

/**
 * What the branch effectively enforces for the score (the auditor asks whether it depends on a
 * CODEOWNERS file before looking one up); undefined for an unreadable repo.
 */
export function repoEffectiveFacts(
  config: KitConfig,
  repo: GovernedRepo,
  observation: RepoObservation,
  orgRulesets: readonly RulesetResponse[] = [],
): ProtectionFacts | undefined {
  const read = readSources(config, repo, observation, orgRulesets);
  return read && effectiveFacts(read.sources, read);
}

/** The kit's own source as read (classic protection, the kit's repo ruleset), for the score repair. */
function ownFacts(observation: RepoObservation): ProtectionFacts | undefined {
  if (observation.kind === "classic")
    return observation.protection && factsFromClassicProtection(observation.protection);
  if (observation.kind === "repo-ruleset")
    return observation.ruleset && factsFromRuleset(observation.ruleset);
  return undefined;
}

interface SourcesRead {
  classic?: ClassicProtectionResponse;
  kitRuleset?: RulesetResponse;
  rulesets: RulesetResponse[];
  sources: ProtectionSource[];
}

/** Every source read for the default branch (repo and org rulesets tagged with where they come from). */
function readSources(
  config: KitConfig,
  repo: GovernedRepo,
  observation: RepoObservation,
  orgRulesets: readonly RulesetResponse[],
): SourcesRead | undefined {
  if (observation.kind === "unreadable") return undefined;
  const org = config.org;
  const classic =
    observation.kind === "classic" ? observation.protection : (observation.classic ?? undefined);
  const kitRuleset = observation.kind === "repo-ruleset" ? observation.ruleset : undefined;
  const rulesets = [
    ...[
      ...(kitRuleset ? [kitRuleset] : []),
      ...(observation.repoRulesets ?? []).filter((r) => r.id !== kitRuleset?.id),
    ].map((r) => withSource(r, "Repository", `${org}/${repo.name}`)),
    ...orgRulesets.map((r) => withSource(r, "Organization", org)),
  ];
  const sources = protectionSources({
    repo: targetRepoOf(org, repo),
    branch: repo.defaultBranch,
    ...(classic ? { classic } : {}),
    rulesets,
  });
  return { ...(classic ? { classic } : {}), ...(kitRuleset ? { kitRuleset } : {}), rulesets, sources };
}

/** Policy vs the sources in force, field by field (the score is added by `auditRepo`). */
function auditFields(
  config: KitConfig,
  repo: GovernedRepo,
  observation: RepoObservation,
  mechanism: EnforceMechanism,
  read: SourcesRead | undefined,
): RepoAudit {
  const base = {
    repo: repo.name,
    defaultBranch: repo.defaultBranch,
    governedBy: repo.governedBy,
    mechanism,
  };
  if (observation.kind === "unreadable" || !read) {
    return {
      ...base,
      status: "unreadable",
      drift: [],
      reason: observation.kind === "unreadable" ? observation.reason : "not read",
      observed: { hasOwnershipProperty: repo.hasOwnershipProperty },
    };
  }
  const { classic, kitRuleset, sources } = read;
  const expected = protectionSettingsOf(config.branchProtection);
  const comparison = diffEffective(expected, sources);
  const drift =
    comparison.drift.length > 0
      ? [...mechanismDrift(config, repo, observation, sources), ...comparison.drift]
      : [];
  const settings = classic
    ? settingsFromClassicProtection(classic)
    : kitRuleset
      ? settingsFromRuleset(kitRuleset)
      : undefined;
  const unread = [
    ...(observation.kind !== "classic" && observation.classic === undefined
      ? ["classic protection" as const]
      : []),
    ...(observation.repoRulesets === undefined ? ["repo rulesets" as const] : []),
  ];
  return {
    ...base,
    status: drift.length > 0 ? "drifted" : "compliant",
    drift,
    sources: sources.map(summarise),
    ...(unread.length > 0 ? { unread } : {}),
    suppliedBy: comparison.suppliedBy,
    lacking: comparison.lacking,
    bypassedFields: comparison.bypassedFields,
    observed: {
      protected: mechanism === "repo-ruleset" ? kitRuleset !== undefined : classic !== undefined,
      ...(settings ? { settings } : {}),
      ...(mechanism === "classic" ? { restrictions: classic ? pushRestrictionsFrom(classic) : null } : {}),
      ...(classic ? { classic } : {}),
      ...(kitRuleset ? { rulesetId: kitRuleset.id, kitRuleset } : {}),
      hasOwnershipProperty: repo.hasOwnershipProperty,
    },
  };
}

function summarise(source: ProtectionSource): SourceSummary {
  return {
    source: source.label,
    inForce: source.inForce,
    ...(source.notInForce ? { notInForce: source.notInForce } : {}),
    bypass: source.bypass.map((b) => b.label),
  };
}

/**
 * Why the mechanism's own object does not protect a drifted branch (the kit's repo ruleset missing,
 * not active, or not on the default branch; the ownership property missing in org-ruleset mode): what
 * its repair fixes besides the rules.
 */
function mechanismDrift(
  config: KitConfig,
  repo: GovernedRepo,
  observation: Exclude<RepoObservation, { kind: "unreadable" }>,
  sources: readonly ProtectionSource[],
): FieldDrift[] {
  if (observation.kind === "org-ruleset") {
    if (repo.hasOwnershipProperty) return [];
    const property = ownershipProperty(config);
    return [{ field: "customProperty", expected: `${property.name}=${property.value}`, actual: null }];
  }
  if (observation.kind !== "repo-ruleset") return [];
  const kit = observation.ruleset;
  if (!kit) return [{ field: "ruleset", expected: "present", actual: null }];
  const source = sources.find((s) => s.kind === "repo-ruleset" && s.rulesetId === kit.id);
  if (!source || source.inForce) return [];
  if ((kit.enforcement ?? "active") !== "active")
    return [{ field: "ruleset.enforcement", expected: "active", actual: kit.enforcement ?? null }];
  return [
    {
      field: "ruleset.conditions",
      expected: `the default branch (${repo.defaultBranch})`,
      actual: { ref_name: kit.conditions?.ref_name ?? null, why: source.notInForce },
    },
  ];
}

/**
 * The kit's org ruleset itself: present, active, rules at least the policy, bypass within it, and
 * conditions that reach the default branch of every governed repo carrying the ownership property
 * (evaluated as GitHub does, so an `exclude` that exempts governed repos is drift).
 */
export function auditOrgRuleset(
  config: KitConfig,
  ruleset: RulesetResponse | undefined,
  governed: readonly GovernedRepo[] = [],
): OrgRulesetAudit {
  const property = ownershipProperty(config);
  const drift = diffRuleset({ settings: protectionSettingsOf(config.branchProtection), property }, ruleset);
  if (ruleset && !drift.some((d) => d.field === "ruleset.conditions")) {
    const org = withSource(ruleset, "Organization", config.org);
    const missed = governed
      .filter((r) => r.hasOwnershipProperty)
      .filter((r) => !rulesetTargetsBranch(org, targetRepoOf(config.org, r), r.defaultBranch))
      .map((r) => r.name);
    if (missed.length > 0) {
      drift.push({
        field: "ruleset.conditions",
        expected: `default branch of repos with ${property.name}=${property.value}`,
        actual: {
          conditions: ruleset.conditions ?? null,
          leavesOut: missed.length > 5 ? [...missed.slice(0, 5), `… and ${missed.length - 5} more`] : missed,
        },
      });
    }
  }
  const audit: OrgRulesetAudit = {
    status: drift.length > 0 ? "drifted" : "compliant",
    drift,
    ...(ruleset ? { rulesetId: ruleset.id, ruleset } : {}),
  };
  // The ruleset's own score (what it gives every repo it reaches); each repo's score is its own audit's.
  const facts = ruleset ? factsFromRuleset(ruleset) : { ...NOTHING_ENFORCED };
  const verdict = scoreVerdict(facts, policyTargetScore(config));
  const scoreFields = scoreRepairFields(verdict, policyFacts(config), ruleset && facts);
  return {
    ...withScoreVerdict(audit, verdict),
    ...(scoreFields.length > 0 ? { scoreFields } : {}),
  };
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
