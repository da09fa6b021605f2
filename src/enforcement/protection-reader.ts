/**
 * Reads what enforcement audits from GitHub (adapter): the org's repos and custom-property values (a
 * few paginated calls for thousands of repos), the org's rulesets (once per run), and per repo its
 * classic protection and its own rulesets. Which of these the audit reads for a repo, and when, is the
 * auditor's choice (`enforce-auditor.ts`); errors propagate so that it records the repo as unreadable.
 */

import { missingPermissionHint } from "../github/app-permissions";
import type { KitOctokitClient } from "../github/github-client";
import { isAbsentOrForbidden, isMissingPermission, statusOf } from "../github/github-errors";
import {
  createProtectionClient,
  protectionTransportOf,
  type RulesetSummary,
} from "../protection/protection-client";
import type { ClassicProtectionResponse, RulesetResponse } from "../protection/protection-requests";
import type { GovernedRepo, OrgRepo } from "./enforce-scope";

export type PropertyValues = Map<string, Record<string, string | string[] | null>>;

export type OrgRulesetsRead =
  | { available: false; reason: string }
  | { available: true; rulesets: RulesetResponse[] };

export interface ProtectionReader {
  listRepos(): Promise<OrgRepo[]>;
  /** Undefined when the org has no custom properties or the token cannot read them. */
  listPropertyValues(): Promise<PropertyValues | undefined>;
  /** Whether the org defines this custom property. */
  hasOrgProperty(name: string): Promise<boolean>;
  /** The org's branch rulesets, in full (conditions, rules, bypass actors), whatever their enforcement. */
  readOrgRulesets(): Promise<OrgRulesetsRead>;
  /** Classic protection of the default branch; `null` when it is not protected. */
  readClassicProtection(repo: GovernedRepo): Promise<ClassicProtectionResponse | null>;
  /** The repo's own branch rulesets (not the org's), in full. */
  readRepoRulesets(repo: GovernedRepo): Promise<RulesetResponse[]>;
  /** Whether the default branch has a CODEOWNERS file (Scorecard's code-owner tier needs one). */
  hasCodeowners?(repo: GovernedRepo): Promise<boolean>;
}

/** Where GitHub looks for CODEOWNERS, in its order. */
const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/** One line for the report: what GitHub said, and what it usually means. */
export function describeReadError(error: unknown): string {
  const status = statusOf(error);
  const message = String((error as Error)?.message ?? error)
    .split(" - https://")[0]!
    .slice(0, 200);
  const hint = missingPermissionHint(error);
  if (hint) return `403 ${message}: ${hint}`;
  if (status === 403) return `403 ${message} (the kit's token may lack Administration: read on this repo)`;
  if (status === 404) return `404 ${message}`;
  if (status !== undefined && status >= 500) return `GitHub answered ${status} (${message}) after retries`;
  if (status !== undefined) return `${status} ${message}`;
  return `no answer from GitHub: ${message}`;
}

export function createGitHubProtectionReader(octokit: KitOctokitClient, org: string): ProtectionReader {
  const protection = createProtectionClient(protectionTransportOf(octokit));
  return {
    async listRepos() {
      const repos = await octokit.paginate("GET /orgs/{org}/repos", { org, per_page: 100, type: "all" });
      return (repos as { id?: number; name: string; archived?: boolean; default_branch?: string }[]).map(
        (r) => ({
          name: r.name,
          ...(typeof r.id === "number" ? { id: r.id } : {}),
          archived: r.archived === true,
          defaultBranch: r.default_branch ?? "main",
        }),
      );
    },

    async listPropertyValues() {
      try {
        const rows = await octokit.paginate("GET /orgs/{org}/properties/values", { org, per_page: 100 });
        const values: PropertyValues = new Map();
        for (const row of rows as {
          repository_name: string;
          properties: { property_name: string; value: string | string[] | null }[];
        }[]) {
          values.set(
            row.repository_name,
            Object.fromEntries(row.properties.map((p) => [p.property_name, p.value])),
          );
        }
        return values;
      } catch (error) {
        // Plans without custom properties, or a token without Custom properties: read.
        if (isAbsentOrForbidden(error)) return undefined;
        throw error;
      }
    },

    async hasOrgProperty(name) {
      try {
        await octokit.request("GET /orgs/{org}/properties/schema/{custom_property_name}", {
          org,
          custom_property_name: name,
        });
        return true;
      } catch (error) {
        if (isAbsentOrForbidden(error)) return false;
        throw error;
      }
    },

    async readOrgRulesets() {
      let list: RulesetSummary[];
      try {
        list = await protection.listBranchRulesets({ org });
      } catch (error) {
        // Unreadable org rulesets degrade safely (drift over-reported, never hidden; org-ruleset mode
        // falls back): a plan without them, or an App without Organization administration, whose
        // reason then names the permission (least privilege: only org-ruleset configs need it).
        if (isAbsentOrForbidden(error) || isMissingPermission(error))
          return { available: false, reason: describeReadError(error) };
        throw error;
      }
      const rulesets = [];
      for (const summary of list) rulesets.push(await protection.readRuleset({ org }, summary.id));
      return { available: true, rulesets };
    },

    async hasCodeowners(repo) {
      for (const path of CODEOWNERS_PATHS) {
        try {
          await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
            owner: org,
            repo: repo.name,
            path,
            ref: repo.defaultBranch,
          });
          return true;
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
        }
      }
      return false;
    },

    readClassicProtection: (repo) =>
      protection.readClassicProtection({ owner: org, repo: repo.name, branch: repo.defaultBranch }),

    readRepoRulesets: (repo) => protection.readRulesets({ owner: org, repo: repo.name }),
  };
}
