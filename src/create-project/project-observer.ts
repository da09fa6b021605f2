/**
 * Reads what GitHub already holds for a create (adapter): team ids, the org's custom properties, and
 * whether the repo exists and, if so, whether this kit owns it. All reads are independent and sent
 * together. A repo the kit does not own is refused here, before any plan exists.
 */
import type { KitConfig } from "../config/kit-config";
import { KitError } from "../errors";
import type { KitOctokitClient } from "../github/github-client";
import { isRateLimited, statusOf } from "../github/github-errors";
import { KIT_RULESET_NAME } from "../protection/protection-requests";
import type { ProjectObservation } from "./create-planner";
import type { TeamMembershipState } from "./requester-access";

export async function readTeamMembership(
  octokit: KitOctokitClient,
  org: string,
  team: string,
  user: string,
): Promise<TeamMembershipState> {
  try {
    const { data } = await octokit.rest.teams.getMembershipForUserInOrg({
      org,
      team_slug: team,
      username: user,
    });
    return data.state === "active" ? "active" : "pending";
  } catch (error) {
    if (statusOf(error) === 404) return "none";
    throw error;
  }
}

export async function readTeamIds(
  octokit: KitOctokitClient,
  org: string,
  slugs: string[],
): Promise<Record<string, number>> {
  const entries = await Promise.all(
    slugs.map(async (slug) => {
      try {
        const { data } = await octokit.rest.teams.getByName({ org, team_slug: slug });
        return [slug, data.id] as const;
      } catch (error) {
        if (statusOf(error) === 404) {
          throw new KitError(
            "team-missing",
            `team ${slug} does not exist in ${org} (or the kit's token cannot see it)`,
          );
        }
        throw error;
      }
    }),
  );
  return Object.fromEntries(entries);
}

export async function readOrgCustomProperties(octokit: KitOctokitClient, org: string): Promise<string[]> {
  try {
    const { data } = await octokit.request("GET /orgs/{org}/properties/schema", { org });
    return data.map((p) => p.property_name);
  } catch (error) {
    // Orgs on plans without custom properties answer 404: ownership then rests on the topic.
    if (statusOf(error) === 404) return [];
    // A token that may not read them must not be taken for "none": the kit would fall back to the weaker
    // topic marker and could mistake a foreign repo for its own.
    if (statusOf(error) === 403 && !isRateLimited(error)) {
      throw new KitError(
        "properties-unreadable",
        `the kit's token may not read ${org}'s custom properties (403): grant its GitHub App "Custom properties: read" on the organization (docs/platform-team.md); nothing was created`,
      );
    }
    throw error;
  }
}

interface ExistingRepo {
  customProperties: Record<string, string | null>;
  topics: string[];
}

async function readExistingRepo(
  octokit: KitOctokitClient,
  org: string,
  repo: string,
): Promise<ExistingRepo | undefined> {
  try {
    const { data } = await octokit.rest.repos.get({ owner: org, repo });
    return {
      customProperties:
        (data as { custom_properties?: Record<string, string | null> }).custom_properties ?? {},
      topics: data.topics ?? [],
    };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/**
 * Whether an existing repo is the kit's. Where the org defines the ownership custom property, the kit
 * sets it in the very request that creates the repo, so only the property counts; elsewhere the
 * ownership topic does (weaker: anyone with admin can add a topic).
 */
export function isOwnedByKit(
  config: KitConfig,
  orgProperties: readonly string[],
  existing: ExistingRepo,
): boolean {
  const { ownership } = config.repository;
  if (orgProperties.includes(ownership.customProperty)) {
    return existing.customProperties[ownership.customProperty] === ownership.value;
  }
  return existing.topics.includes(ownership.topic);
}

async function branchExists(
  octokit: KitOctokitClient,
  owner: string,
  repo: string,
  branch: string,
): Promise<boolean> {
  try {
    await octokit.rest.repos.getBranch({ owner, repo, branch });
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

export async function observeProject(
  octokit: KitOctokitClient,
  config: KitConfig,
  repo: string,
  teams: string[],
): Promise<ProjectObservation> {
  const org = config.org;
  const [teamIds, orgCustomProperties, existing] = await Promise.all([
    readTeamIds(octokit, org, teams),
    readOrgCustomProperties(octokit, org),
    readExistingRepo(octokit, org, repo),
  ]);
  if (!existing) return { teamIds, orgCustomProperties, repo: { state: "absent" } };
  const { ownership } = config.repository;
  if (!isOwnedByKit(config, orgCustomProperties, existing)) {
    throw new KitError(
      "repository-not-owned",
      `${org}/${repo} already exists and was not created by mlops-kit (it has no ${ownership.customProperty}=${ownership.value} marker); it was left untouched. Choose another name.`,
    );
  }
  const [defaultBranchExists, kitRulesetId] = await Promise.all([
    branchExists(octokit, org, repo, config.repository.defaultBranch),
    config.branchProtection.mechanism === "ruleset"
      ? findKitRuleset(octokit, org, repo)
      : Promise.resolve(undefined),
  ]);
  return {
    teamIds,
    orgCustomProperties,
    repo: {
      state: "owned",
      defaultBranchExists,
      topics: existing.topics,
      customProperties: existing.customProperties,
      ...(kitRulesetId !== undefined ? { kitRulesetId } : {}),
    },
  };
}

export async function findKitRuleset(
  octokit: KitOctokitClient,
  owner: string,
  repo: string,
): Promise<number | undefined> {
  const { data } = await octokit.rest.repos.getRepoRulesets({ owner, repo, includes_parents: false });
  return data.find((r) => r.name === KIT_RULESET_NAME)?.id;
}
