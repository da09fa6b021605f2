/**
 * The one client for branch protection on GitHub (adapter), shared by create-project and enforcement:
 * find the kit's ruleset by name, create-or-update it (a retried POST that had succeeded answers 422
 * "name already exists": it is found by name and updated instead), PUT classic protection (re-asserting
 * required signatures, which the PUT cannot carry), and read protection back as GitHub returns it
 * (classic protection, a repo's rulesets, the org's rulesets, in full).
 *
 * It speaks to GitHub through a two-method `ProtectionTransport` so that its behaviour is tested with a
 * small fake (`protection-client.test.ts`); `protectionTransportOf` adapts the kit's Octokit client.
 */
import type { KitOctokitClient } from "../github/github-client";
import { statusOf } from "../github/github-errors";
import {
  type ClassicProtectionResponse,
  KIT_RULESET_NAME,
  type RulesetResponse,
} from "./protection-requests";

/** What the client needs of an Octokit client: `request` and `paginate` by route. */
export interface ProtectionTransport {
  request(route: string, params: Record<string, unknown>): Promise<{ data: unknown }>;
  paginate(route: string, params: Record<string, unknown>): Promise<unknown[]>;
}

export function protectionTransportOf(octokit: KitOctokitClient): ProtectionTransport {
  return {
    request: (route, params) => octokit.request(route, params as never),
    paginate: (route, params) => octokit.paginate(route, params as never) as Promise<unknown[]>,
  };
}

/** Where a ruleset lives: one repo, or the org. */
export type RulesetScope = { owner: string; repo: string } | { org: string };

/** A branch, for classic protection. */
export interface BranchRef {
  owner: string;
  repo: string;
  branch: string;
}

/** A list entry of `GET …/rulesets`. */
export type RulesetSummary = { id: number; name: string; target?: string };

/** Only branch rulesets can protect a branch (tag and push rulesets are skipped). */
const targetsBranches = (r: RulesetSummary) => (r.target ?? "branch") === "branch";

export interface ProtectionClient {
  /** The id of the kit's ruleset (found by its name), or undefined when there is none. */
  findKitRuleset(scope: RulesetScope): Promise<number | undefined>;
  /**
   * Creates the kit's ruleset, or updates it when its id is known, or when a create answers 422 and
   * the ruleset is then found by name (a retried POST that had succeeded). Any other failure is thrown.
   */
  upsertKitRuleset(scope: RulesetScope, body: object, knownId?: number): Promise<"created" | "updated">;
  /** Replaces a branch's classic protection; `keepSignatures` re-asserts required signed commits. */
  putClassicProtection(
    branch: BranchRef,
    body: object,
    options?: { keepSignatures?: boolean },
  ): Promise<void>;
  /** Classic protection of a branch; `null` when GitHub says it is not protected. */
  readClassicProtection(branch: BranchRef): Promise<ClassicProtectionResponse | null>;
  /** The branch rulesets of a repo (its own, not the org's) or of the org, as listed. */
  listBranchRulesets(scope: RulesetScope): Promise<RulesetSummary[]>;
  /** One ruleset in full (conditions, rules, bypass actors). */
  readRuleset(scope: RulesetScope, id: number): Promise<RulesetResponse>;
  /** The branch rulesets of a repo (its own, not the org's) or of the org, in full. */
  readRulesets(scope: RulesetScope): Promise<RulesetResponse[]>;
}

const base = (scope: RulesetScope) => ("org" in scope ? "/orgs/{org}" : "/repos/{owner}/{repo}");

export function createProtectionClient(transport: ProtectionTransport): ProtectionClient {
  const list = async (scope: RulesetScope): Promise<RulesetSummary[]> => {
    if ("org" in scope)
      return (await transport.paginate("GET /orgs/{org}/rulesets", {
        ...scope,
        per_page: 100,
      })) as RulesetSummary[];
    const { data } = await transport.request("GET /repos/{owner}/{repo}/rulesets", {
      ...scope,
      includes_parents: false,
      per_page: 100,
    });
    return data as RulesetSummary[];
  };
  const findKitRuleset = async (scope: RulesetScope) =>
    (await list(scope)).find((r) => r.name === KIT_RULESET_NAME)?.id;
  const listBranchRulesets = async (scope: RulesetScope) => (await list(scope)).filter(targetsBranches);
  const readRuleset = async (scope: RulesetScope, id: number) => {
    const { data } = await transport.request(`GET ${base(scope)}/rulesets/{ruleset_id}`, {
      ...scope,
      ruleset_id: id,
    });
    return data as RulesetResponse;
  };
  const update = (scope: RulesetScope, id: number, body: object) =>
    transport.request(`PUT ${base(scope)}/rulesets/{ruleset_id}`, { ...scope, ruleset_id: id, ...body });

  return {
    findKitRuleset,
    listBranchRulesets,
    readRuleset,

    async upsertKitRuleset(scope, body, knownId) {
      if (knownId !== undefined) {
        await update(scope, knownId, body);
        return "updated";
      }
      try {
        await transport.request(`POST ${base(scope)}/rulesets`, { ...scope, ...body });
        return "created";
      } catch (error) {
        // Ruleset names are unique per repo and per org: a 422 may be our own earlier create.
        const existing = statusOf(error) === 422 ? await findKitRuleset(scope) : undefined;
        if (existing === undefined) throw error;
        await update(scope, existing, body);
        return "updated";
      }
    },

    async putClassicProtection(branch, body, options) {
      await transport.request("PUT /repos/{owner}/{repo}/branches/{branch}/protection", {
        ...branch,
        ...body,
      });
      // The PUT has no field for signed commits; say again that they stay required.
      if (options?.keepSignatures)
        await transport.request(
          "POST /repos/{owner}/{repo}/branches/{branch}/protection/required_signatures",
          {
            ...branch,
          },
        );
    },

    async readClassicProtection(branch) {
      try {
        const { data } = await transport.request("GET /repos/{owner}/{repo}/branches/{branch}/protection", {
          ...branch,
        });
        return data as ClassicProtectionResponse;
      } catch (error) {
        // "Branch not protected" is an answer; "Branch not found" is not.
        if (statusOf(error) === 404 && /not protected/i.test(String((error as Error).message))) return null;
        throw error;
      }
    },

    async readRulesets(scope) {
      const rulesets: RulesetResponse[] = [];
      for (const summary of await listBranchRulesets(scope))
        rulesets.push(await readRuleset(scope, summary.id));
      return rulesets;
    },
  };
}
