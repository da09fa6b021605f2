/**
 * Audits the governed repos (orchestration over a `ProtectionReader`): chooses the mechanism from what
 * the org offers, reads the org's rulesets once, then per repo reads just enough to know the truth: the
 * mechanism's own source first, and the others (classic protection, the repo's rulesets) only while the
 * branch still looks drifted (field drift, or a Scorecard score below the policy's), because a source
 * can only add protection; the one thing a source can take away is Scorecard's admin point (any bypass
 * actor), so a repo whose score depends on it has every source read. CODEOWNERS is looked up only when
 * the score depends on it. Every governed repo comes back exactly once, readable or not.
 */
import type { KitConfig } from "../config/kit-config";
import { isMissingPermission } from "../github/github-errors";
import { KIT_RULESET_NAME, type RulesetResponse } from "../protection/protection-requests";
import { mapWithConcurrency } from "./bounded-concurrency";
import {
  auditOrgRuleset,
  auditRepo,
  chooseMechanism,
  type EnforceMechanism,
  type OrgRulesetAudit,
  type RepoAudit,
  type RepoObservation,
  repoEffectiveFacts,
} from "./enforce-audit";
import { type EnforceScope, type GovernedRepo, selectGovernedRepos } from "./enforce-scope";
import { describeReadError, type ProtectionReader } from "./protection-reader";
import { codeownersMatters, unreadSourceMayLowerScore } from "./protection-score-audit";

export interface EnforceAudit {
  scope: EnforceScope;
  mechanism: EnforceMechanism;
  /** Why this mechanism (shown in the report). */
  mechanismNote: string;
  repos: RepoAudit[];
  /** Org-ruleset mode: the org ruleset's own audit. */
  orgRuleset?: OrgRulesetAudit;
  /** The org's branch rulesets as read (they count towards every repo they target). */
  orgRulesets?: RulesetResponse[];
  /** Things the reader should know about how far the audit could see. */
  notes?: string[];
}

export interface AuditOptions {
  concurrency: number;
  onRepo?: (audit: RepoAudit, done: number, total: number) => void;
}

export async function runAudit(
  config: KitConfig,
  reader: ProtectionReader,
  options: AuditOptions,
): Promise<EnforceAudit> {
  const policy = config.branchProtection;
  const wantsOrgRuleset = policy.mechanism === "ruleset" && config.enforcement.preferOrgRuleset;
  const property = config.repository.ownership.customProperty;
  const [repos, properties, orgRead, hasProperty] = await Promise.all([
    reader.listRepos(),
    reader.listPropertyValues(),
    reader.readOrgRulesets(),
    wantsOrgRuleset ? reader.hasOrgProperty(property) : Promise.resolve(false),
  ]);
  const scope = selectGovernedRepos(config, repos, properties);
  const { mechanism, note } = chooseMechanism(policy, config.enforcement.preferOrgRuleset, {
    orgRulesets: orgRead.available,
    ownershipProperty: hasProperty && properties !== undefined,
  });
  const orgRulesets = orgRead.available ? orgRead.rulesets : [];
  const notes = orgRead.available
    ? []
    : [
        `Org rulesets could not be read (${orgRead.reason}): rules they add are not counted, so drift may be over-reported, never hidden.`,
      ];
  return {
    scope,
    mechanism,
    mechanismNote: note,
    repos: await auditRepos(config, reader, scope.governed, mechanism, orgRulesets, options),
    orgRulesets,
    notes,
    ...(mechanism === "org-ruleset"
      ? { orgRuleset: auditOrgRuleset(config, kitRulesetOf(orgRulesets), scope.governed) }
      : {}),
  };
}

export function kitRulesetOf(rulesets: readonly RulesetResponse[]): RulesetResponse | undefined {
  return rulesets.find((r) => r.name === KIT_RULESET_NAME);
}

/** Audits the given repos (all of them, or only those to confirm after a repair). */
export async function auditRepos(
  config: KitConfig,
  reader: ProtectionReader,
  repos: EnforceScope["governed"],
  mechanism: EnforceMechanism,
  orgRulesets: readonly RulesetResponse[],
  options: AuditOptions,
): Promise<RepoAudit[]> {
  let done = 0;
  return mapWithConcurrency(repos, options.concurrency, async (repo) => {
    const audit = await auditOneRepo(config, reader, repo, mechanism, orgRulesets);
    options.onRepo?.(audit, ++done, repos.length);
    return audit;
  });
}

type Observed = Exclude<RepoObservation, { kind: "unreadable" }>;

/** Reads one source after another (the mechanism's first) until the branch is compliant or all are read. */
async function auditOneRepo(
  config: KitConfig,
  reader: ProtectionReader,
  repo: GovernedRepo,
  mechanism: EnforceMechanism,
  orgRulesets: readonly RulesetResponse[],
): Promise<RepoAudit> {
  // CODEOWNERS is looked up at most once, and only when the score of what was read depends on it.
  let codeowners: Promise<boolean | undefined> | undefined;
  // Whether the sources read so far settle the verdict: compliant (score included), and no source left
  // unread could lower the score (a bypass actor costs Scorecard's tier 5 once tiers 1–4 are complete).
  let settled = false;
  const audit = async (observation: RepoObservation) => {
    const facts = repoEffectiveFacts(config, repo, observation, orgRulesets);
    if (facts && !codeowners && reader.hasCodeowners && codeownersMatters(facts))
      // Unreadable CODEOWNERS counts as unknown, except for a missing App permission: the repo is then
      // unreadable, with a reason that names the permission (never a guess made on less evidence).
      codeowners = reader.hasCodeowners(repo).catch((error: unknown) => {
        if (isMissingPermission(error)) throw error;
        return undefined;
      });
    const file = await codeowners;
    const result = auditRepo(config, repo, observation, mechanism, orgRulesets, file);
    // Scored as the verdict is: a CODEOWNERS file not looked up counts as present.
    settled =
      result.status === "compliant" &&
      !(facts && unreadSourceMayLowerScore({ ...facts, codeownersFile: file ?? true }));
    return result;
  };
  const readClassic = async (o: Observed): Promise<Observed> => {
    const classic = await reader.readClassicProtection(repo);
    return o.kind === "classic" ? { ...o, protection: classic ?? undefined } : { ...o, classic };
  };
  const readRulesets = async (o: Observed): Promise<Observed> => {
    const rulesets = await reader.readRepoRulesets(repo);
    if (o.kind !== "repo-ruleset") return { ...o, repoRulesets: rulesets };
    const kit = kitRulesetOf(rulesets);
    return { ...o, ruleset: kit, repoRulesets: rulesets.filter((r) => r !== kit) };
  };
  const plan: { start: Observed; reads: ((o: Observed) => Promise<Observed>)[] } =
    mechanism === "classic"
      ? { start: { kind: "classic", protection: undefined }, reads: [readClassic, readRulesets] }
      : mechanism === "repo-ruleset"
        ? { start: { kind: "repo-ruleset", ruleset: undefined }, reads: [readRulesets, readClassic] }
        : { start: { kind: "org-ruleset" }, reads: [readRulesets, readClassic] };
  try {
    let observation = plan.start;
    // Org-ruleset mode may need no read at all: the org rulesets and property values may settle it.
    let result = mechanism === "org-ruleset" ? await audit(observation) : undefined;
    for (const read of plan.reads) {
      // A source not yet read may still raise a score below target (or, see above, lower one).
      if (result && settled) break;
      observation = await read(observation);
      result = await audit(observation);
    }
    return result!;
  } catch (error) {
    return auditRepo(config, repo, { kind: "unreadable", reason: describeReadError(error) }, mechanism);
  }
}

/** Re-reads the org rulesets and audits the kit's (after a repair). */
export async function auditOrg(
  config: KitConfig,
  reader: ProtectionReader,
  governed: readonly GovernedRepo[],
): Promise<{ audit: OrgRulesetAudit; rulesets: RulesetResponse[] }> {
  try {
    const read = await reader.readOrgRulesets();
    if (!read.available)
      return { audit: { status: "unreadable", drift: [], reason: read.reason }, rulesets: [] };
    return { audit: auditOrgRuleset(config, kitRulesetOf(read.rulesets), governed), rulesets: read.rulesets };
  } catch (error) {
    return { audit: { status: "unreadable", drift: [], reason: describeReadError(error) }, rulesets: [] };
  }
}
