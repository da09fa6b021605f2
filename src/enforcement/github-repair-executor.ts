/**
 * Repairs on GitHub (adapter): PUT classic protection, upsert the kit's repo or org ruleset (found by
 * name, so re-runs update rather than duplicate; a retried POST that had succeeded answers 422 and is
 * turned into an update), and set the ownership property on batches of repos.
 */
import type { KitOctokitClient } from "../github/github-client";
import { statusOf } from "../github/github-errors";
import { KIT_RULESET_NAME } from "../protection/protection-requests";
import type { RepairExecutor } from "./enforce-applier";
import type { Repair } from "./enforce-planner";

export function createGitHubRepairExecutor(octokit: KitOctokitClient, org: string): RepairExecutor {
  const findRepoRuleset = async (repo: string) => {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/rulesets", {
      owner: org,
      repo,
      includes_parents: false,
      per_page: 100,
    });
    return (data as { id: number; name: string }[]).find((r) => r.name === KIT_RULESET_NAME)?.id;
  };
  const findOrgRuleset = async () => {
    const data = await octokit.paginate("GET /orgs/{org}/rulesets", { org, per_page: 100 });
    return (data as { id: number; name: string }[]).find((r) => r.name === KIT_RULESET_NAME)?.id;
  };

  /** POST, or PUT when the ruleset exists (known up front, or revealed by a 422 on create). */
  const upsert = async (
    rulesetId: number | undefined,
    create: () => Promise<unknown>,
    update: (id: number) => Promise<unknown>,
    find: () => Promise<number | undefined>,
  ): Promise<string> => {
    if (rulesetId !== undefined) {
      await update(rulesetId);
      return "updated";
    }
    try {
      await create();
      return "created";
    } catch (error) {
      const existing = statusOf(error) === 422 ? await find() : undefined;
      if (existing === undefined) throw error;
      await update(existing);
      return "updated";
    }
  };

  return {
    async execute(repair: Repair) {
      switch (repair.kind) {
        case "put-classic-protection":
          await octokit.request("PUT /repos/{owner}/{repo}/branches/{branch}/protection", {
            owner: org,
            repo: repair.repo,
            branch: repair.branch,
            ...repair.body,
          } as never);
          if (repair.keepSignatures) {
            // The PUT has no field for signed commits; say again that they stay required.
            await octokit.request(
              "POST /repos/{owner}/{repo}/branches/{branch}/protection/required_signatures",
              {
                owner: org,
                repo: repair.repo,
                branch: repair.branch,
              },
            );
          }
          return "protected";
        case "upsert-repo-ruleset":
          return upsert(
            repair.rulesetId,
            () =>
              octokit.request("POST /repos/{owner}/{repo}/rulesets", {
                owner: org,
                repo: repair.repo,
                ...repair.body,
              } as never),
            (id) =>
              octokit.request("PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}", {
                owner: org,
                repo: repair.repo,
                ruleset_id: id,
                ...repair.body,
              } as never),
            () => findRepoRuleset(repair.repo),
          );
        case "upsert-org-ruleset":
          return upsert(
            repair.rulesetId,
            () => octokit.request("POST /orgs/{org}/rulesets", { org, ...repair.body } as never),
            (id) =>
              octokit.request("PUT /orgs/{org}/rulesets/{ruleset_id}", {
                org,
                ruleset_id: id,
                ...repair.body,
              } as never),
            findOrgRuleset,
          );
        case "set-ownership-property":
          await octokit.request("PATCH /orgs/{org}/properties/values", {
            org,
            repository_names: repair.repos,
            properties: [{ property_name: repair.property.name, value: repair.property.value }],
          });
          return `set on ${repair.repos.length} repo(s)`;
      }
    },
  };
}
