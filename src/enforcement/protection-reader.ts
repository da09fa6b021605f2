/**
 * Reads what enforcement audits from GitHub (adapter): the org's repos and custom-property values (a
 * few paginated calls for thousands of repos), the org ruleset, and per repo one protection read.
 * Reading a repo never throws: whatever goes wrong after Octokit's retries becomes an `unreadable`
 * observation with the reason, so the repo stays in the report.
 */

import { missingPermissionHint } from "../github/app-permissions";
import type { KitOctokitClient } from "../github/github-client";
import { isAbsentOrForbidden, statusOf } from "../github/github-errors";
import {
  type ClassicProtectionResponse,
  KIT_RULESET_NAME,
  type RulesetResponse,
} from "../protection/protection-requests";
import type { EnforceMechanism, RepoObservation } from "./enforce-audit";
import type { GovernedRepo, OrgRepo } from "./enforce-scope";

export type PropertyValues = Map<string, Record<string, string | string[] | null>>;

export type OrgRulesetRead =
  | { available: false; reason: string }
  | { available: true; ruleset: RulesetResponse | undefined };

export interface ProtectionReader {
  listRepos(): Promise<OrgRepo[]>;
  /** Undefined when the org has no custom properties or the token cannot read them. */
  listPropertyValues(): Promise<PropertyValues | undefined>;
  /** Whether the org defines this custom property. */
  hasOrgProperty(name: string): Promise<boolean>;
  readOrgKitRuleset(): Promise<OrgRulesetRead>;
  observeRepo(repo: GovernedRepo, mechanism: EnforceMechanism): Promise<RepoObservation>;
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
  const readRepoRuleset = async (repo: string): Promise<RulesetResponse | undefined> => {
    const { data: list } = await octokit.request("GET /repos/{owner}/{repo}/rulesets", {
      owner: org,
      repo,
      includes_parents: false,
      per_page: 100,
    });
    const summary = (list as { id: number; name: string }[]).find((r) => r.name === KIT_RULESET_NAME);
    if (!summary) return undefined;
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
      owner: org,
      repo,
      ruleset_id: summary.id,
    });
    return data as unknown as RulesetResponse;
  };

  return {
    async listRepos() {
      const repos = await octokit.paginate("GET /orgs/{org}/repos", { org, per_page: 100, type: "all" });
      return (repos as { name: string; archived?: boolean; default_branch?: string }[]).map((r) => ({
        name: r.name,
        archived: r.archived === true,
        defaultBranch: r.default_branch ?? "main",
      }));
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

    async readOrgKitRuleset() {
      let list: { id: number; name: string }[];
      try {
        list = (await octokit.paginate("GET /orgs/{org}/rulesets", { org, per_page: 100 })) as {
          id: number;
          name: string;
        }[];
      } catch (error) {
        if (isAbsentOrForbidden(error)) return { available: false, reason: describeReadError(error) };
        throw error;
      }
      const summary = list.find((r) => r.name === KIT_RULESET_NAME);
      if (!summary) return { available: true, ruleset: undefined };
      const { data } = await octokit.request("GET /orgs/{org}/rulesets/{ruleset_id}", {
        org,
        ruleset_id: summary.id,
      });
      return { available: true, ruleset: data as unknown as RulesetResponse };
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

    async observeRepo(repo, mechanism) {
      try {
        switch (mechanism) {
          case "org-ruleset":
            return { kind: "org-ruleset" };
          case "repo-ruleset":
            return { kind: "repo-ruleset", ruleset: await readRepoRuleset(repo.name) };
          case "classic":
            try {
              const { data } = await octokit.request(
                "GET /repos/{owner}/{repo}/branches/{branch}/protection",
                { owner: org, repo: repo.name, branch: repo.defaultBranch },
              );
              return { kind: "classic", protection: data as unknown as ClassicProtectionResponse };
            } catch (error) {
              // "Branch not protected" is an answer (everything drifted); "Branch not found" is not.
              if (statusOf(error) === 404 && /not protected/i.test(String((error as Error).message)))
                return { kind: "classic", protection: undefined };
              throw error;
            }
        }
      } catch (error) {
        return { kind: "unreadable", reason: describeReadError(error) };
      }
    },
  };
}
