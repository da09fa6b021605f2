/**
 * Repairs on GitHub (adapter): PUT classic protection, upsert the kit's repo or org ruleset (found by
 * name, so re-runs update rather than duplicate; a retried POST that had succeeded answers 422 and is
 * turned into an update), both through the shared protection client (`protection-client.ts`), and set
 * the ownership property on batches of repos.
 */
import type { KitOctokitClient } from "../github/github-client";
import { createProtectionClient, protectionTransportOf } from "../protection/protection-client";
import type { RepairExecutor } from "./enforce-applier";
import type { Repair } from "./enforce-planner";

export function createGitHubRepairExecutor(octokit: KitOctokitClient, org: string): RepairExecutor {
  const protection = createProtectionClient(protectionTransportOf(octokit));
  return {
    async execute(repair: Repair) {
      switch (repair.kind) {
        case "put-classic-protection":
          await protection.putClassicProtection(
            { owner: org, repo: repair.repo, branch: repair.branch },
            repair.body,
            { keepSignatures: repair.keepSignatures === true },
          );
          return "protected";
        case "upsert-repo-ruleset":
          return protection.upsertKitRuleset(
            { owner: org, repo: repair.repo },
            repair.body,
            repair.rulesetId,
          );
        case "upsert-org-ruleset":
          return protection.upsertKitRuleset({ org }, repair.body, repair.rulesetId);
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
