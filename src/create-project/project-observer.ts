/**
 * Reads what GitHub already holds for a create (adapter): team ids, the org's custom property
 * definitions, and whether the repo exists and, if so, whether this kit owns it, for which team, and
 * who else has access to it. Independent reads are sent together. A repo the kit does not own, and an
 * org whose ownership marker repo admins could forge, are refused here, before any plan exists; the
 * reads that only matter for an existing repo (owner records, grants) are made only when it exists.
 */
import { parse } from "yaml";
import type { KitConfig } from "../config/kit-config";
import { KitError } from "../errors";
import type { KitOctokitClient } from "../github/github-client";
import { isAbsentOrForbidden, isRateLimited, statusOf } from "../github/github-errors";
import { ANSWERS_FILE } from "../project/project-renderer";
import { createProtectionClient, protectionTransportOf } from "../protection/protection-client";
import type { ProjectObservation } from "./create-planner";
import {
  checkMarkerDefinitions,
  type OwnerRecords,
  ownerTeamProperty,
  type PropertyDefinition,
  type RepoGrants,
} from "./repo-authority";
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

export async function readOrgCustomProperties(
  octokit: KitOctokitClient,
  org: string,
): Promise<PropertyDefinition[]> {
  try {
    const { data } = await octokit.request("GET /orgs/{org}/properties/schema", { org });
    return data.map((p) => ({
      name: p.property_name,
      // GitHub omits the field on older definitions; its default is org actors only.
      valuesEditableBy: p.values_editable_by === "org_and_repo_actors" ? "org_and_repo_actors" : "org_actors",
    }));
  } catch (error) {
    // Orgs on plans without custom properties answer 404: ownership then rests on the topic (and the
    // grants check before anything is provisioned into an existing repo).
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
    // GitHub redirects a renamed repo's old name to the repo: that repo is not at this name, which is
    // free (creating it ends the redirect). Every write would otherwise follow the redirect to it.
    if (data.name.toLowerCase() !== repo.toLowerCase()) return undefined;
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
  const [teamIds, definitions, existing] = await Promise.all([
    readTeamIds(octokit, org, teams),
    readOrgCustomProperties(octokit, org),
    readExistingRepo(octokit, org, repo),
  ]);
  // Before anything else: a marker that repo admins may set proves nothing, on a new repo or an old one.
  checkMarkerDefinitions(config, definitions);
  const orgCustomProperties = definitions.map((d) => d.name);
  if (!existing) return { teamIds, orgCustomProperties, repo: { state: "absent" } };
  const { ownership } = config.repository;
  if (!isOwnedByKit(config, orgCustomProperties, existing)) {
    throw new KitError(
      "repository-not-owned",
      `${org}/${repo} already exists and was not created by mlops-kit (it has no ${ownership.customProperty}=${ownership.value} marker); it was left untouched. Choose another name.`,
    );
  }
  const branch = config.repository.defaultBranch;
  const [defaultBranchExists, kitRulesetId, answersTeam, grants, kitLogin] = await Promise.all([
    branchExists(octokit, org, repo, branch),
    config.branchProtection.mechanism === "ruleset"
      ? createProtectionClient(protectionTransportOf(octokit)).findKitRuleset({ owner: org, repo })
      : Promise.resolve(undefined),
    readAnswersTeam(octokit, org, repo, branch),
    readRepoGrants(octokit, org, repo),
    readKitLogin(octokit),
  ]);
  const teamProperty = ownerTeamProperty(config);
  const propertyTeam = teamProperty ? existing.customProperties[teamProperty] : undefined;
  const owner: OwnerRecords = {
    ...(typeof propertyTeam === "string" && propertyTeam ? { property: propertyTeam } : {}),
    ...(answersTeam !== undefined ? { answers: answersTeam } : {}),
  };
  return {
    teamIds,
    orgCustomProperties,
    repo: {
      state: "owned",
      defaultBranchExists,
      topics: existing.topics,
      customProperties: existing.customProperties,
      owner,
      grants,
      ...(kitLogin ? { kitLogin } : {}),
      ...(kitRulesetId !== undefined ? { kitRulesetId } : {}),
    },
  };
}

/** `project.team` of the answers file the kit wrote on the default branch (undefined: no such file). */
async function readAnswersTeam(
  octokit: KitOctokitClient,
  owner: string,
  repo: string,
  ref: string,
): Promise<string | "unreadable" | undefined> {
  let text: string;
  try {
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path: ANSWERS_FILE, ref });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return "unreadable";
    text = Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    // 404: an empty repo (the push never happened) or no answers file.
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
  try {
    const team = (parse(text) as { project?: { team?: unknown } } | null)?.project?.team;
    return typeof team === "string" && team ? team : undefined;
  } catch {
    return "unreadable";
  }
}

/** Direct collaborators, team grants, pending invitations and deploy keys of a repo (sent together). */
export async function readRepoGrants(
  octokit: KitOctokitClient,
  owner: string,
  repo: string,
): Promise<RepoGrants> {
  const page = { owner, repo, per_page: 100 };
  const [collaborators, teams, invitations, deployKeys] = await Promise.all([
    octokit.paginate(octokit.rest.repos.listCollaborators, { ...page, affiliation: "direct" }),
    octokit.paginate(octokit.rest.repos.listTeams, page),
    octokit.paginate(octokit.rest.repos.listInvitations, page),
    octokit.paginate(octokit.rest.repos.listDeployKeys, page),
  ]);
  return {
    collaborators: collaborators.map((c) => ({ login: c.login, permission: c.role_name ?? "?" })),
    teams: teams.map((t) => ({ slug: t.slug, permission: t.permission })),
    invitations: invitations.map((i) => ({ login: i.invitee?.login ?? "?", permission: i.permissions })),
    deployKeys: deployKeys.map((k) => ({ title: k.title, readOnly: k.read_only })),
  };
}

/**
 * The kit's own login, which GitHub lists as the direct admin of every repo it created. A GitHub App
 * installation token has no user (GitHub answers 403) and an app is never a collaborator: undefined.
 */
export async function readKitLogin(octokit: KitOctokitClient): Promise<string | undefined> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    if (isAbsentOrForbidden(error)) return undefined;
    throw error;
  }
}
