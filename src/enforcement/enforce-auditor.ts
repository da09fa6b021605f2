/**
 * Audits the governed repos (orchestration over a `ProtectionReader`): chooses the mechanism from what
 * the org offers, reads each repo with bounded concurrency and turns every observation into a
 * `RepoAudit`. Every governed repo comes back exactly once, readable or not.
 */

import type { KitConfig } from "../config/kit-config";
import { isMissingPermission } from "../github/github-errors";
import { mapWithConcurrency } from "./bounded-concurrency";
import {
  auditOrgRuleset,
  auditRepo,
  chooseMechanism,
  type EnforceMechanism,
  type OrgRulesetAudit,
  type RepoAudit,
  type RepoObservation,
} from "./enforce-audit";
import { type EnforceScope, type GovernedRepo, selectGovernedRepos } from "./enforce-scope";
import { describeReadError, type ProtectionReader } from "./protection-reader";
import { codeownersMatters, factsOfObservation } from "./protection-score-audit";

export interface EnforceAudit {
  scope: EnforceScope;
  mechanism: EnforceMechanism;
  /** Why this mechanism (shown in the report). */
  mechanismNote: string;
  repos: RepoAudit[];
  /** Org-ruleset mode: the org ruleset's own audit. */
  orgRuleset?: OrgRulesetAudit;
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
    wantsOrgRuleset ? reader.readOrgKitRuleset() : Promise.resolve(undefined),
    wantsOrgRuleset ? reader.hasOrgProperty(property) : Promise.resolve(false),
  ]);
  const scope = selectGovernedRepos(config, repos, properties);
  const { mechanism, note } = chooseMechanism(policy, config.enforcement.preferOrgRuleset, {
    orgRulesets: orgRead?.available === true,
    ownershipProperty: hasProperty && properties !== undefined,
  });
  return {
    scope,
    mechanism,
    mechanismNote: note,
    repos: await auditRepos(config, reader, scope.governed, mechanism, options),
    ...(mechanism === "org-ruleset" && orgRead?.available
      ? { orgRuleset: auditOrgRuleset(config, orgRead.ruleset) }
      : {}),
  };
}

/** Audits the given repos (all of them, or only those a repair touched when confirming). */
export async function auditRepos(
  config: KitConfig,
  reader: ProtectionReader,
  repos: EnforceScope["governed"],
  mechanism: EnforceMechanism,
  options: AuditOptions,
): Promise<RepoAudit[]> {
  let done = 0;
  return mapWithConcurrency(repos, options.concurrency, async (repo) => {
    const observation = await reader
      .observeRepo(repo, mechanism)
      .catch((error: unknown) => ({ kind: "unreadable" as const, reason: describeReadError(error) }));
    let codeownersFile: boolean | undefined;
    let seen: RepoObservation = observation;
    try {
      codeownersFile = await lookUpCodeowners(reader, repo, observation);
    } catch (error) {
      // Only a missing App permission gets here: the repo is unreadable, and the reason names it.
      seen = { kind: "unreadable", reason: describeReadError(error) };
    }
    const audit = auditRepo(config, repo, seen, mechanism, codeownersFile);
    options.onRepo?.(audit, ++done, repos.length);
    return audit;
  });
}

/**
 * Whether the repo has a CODEOWNERS file, looked up only when its Scorecard score depends on it (two
 * approvals and code-owner review required, tiers 1–3 complete): the `default` policy costs no call.
 * Undefined when not looked up or not readable.
 */
async function lookUpCodeowners(
  reader: ProtectionReader,
  repo: GovernedRepo,
  observation: RepoObservation,
): Promise<boolean | undefined> {
  const facts = factsOfObservation(observation);
  if (!facts || !reader.hasCodeowners || !codeownersMatters(facts)) return undefined;
  return reader.hasCodeowners(repo).catch((error: unknown) => {
    if (isMissingPermission(error)) throw error;
    return undefined;
  });
}

/** Re-reads the org ruleset (after a repair). */
export async function auditOrg(config: KitConfig, reader: ProtectionReader): Promise<OrgRulesetAudit> {
  try {
    const read = await reader.readOrgKitRuleset();
    if (!read.available) return { status: "unreadable", drift: [], reason: read.reason };
    return auditOrgRuleset(config, read.ruleset);
  } catch (error) {
    return { status: "unreadable", drift: [], reason: describeReadError(error) };
  }
}
