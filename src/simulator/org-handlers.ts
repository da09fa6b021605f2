/**
 * The caller, the org, its teams and memberships, its repo list and repo creation, and team access
 * to repos.
 */
import {
  ApiError,
  bodyObject,
  type HandlerContext,
  NO_CONTENT,
  notFound,
  type OperationHandler,
  ok,
  paginate,
  requireOrg,
  requireRepo,
  validationFailed,
} from "./api-handler";
import { initialProperties } from "./custom-properties";
import {
  fullRepository,
  minimalRepository,
  organizationFull,
  privateUser,
  teamFull,
  teamShape,
} from "./github-shapes";
import { hasAccess, isOrgMember, isOrgOwner, repoAccess } from "./repo-access";
import type { RepoPermission } from "./sim-seed";
import type { SimOrg, SimRepo, SimTeam } from "./sim-state";

/** Settings of the create/update body that are stored and echoed back as given. */
export const REPO_SETTINGS = [
  "has_issues",
  "has_projects",
  "has_wiki",
  "has_downloads",
  "is_template",
  "allow_squash_merge",
  "allow_merge_commit",
  "allow_rebase_merge",
  "allow_auto_merge",
  "allow_update_branch",
  "delete_branch_on_merge",
  "use_squash_pr_title_as_default",
  "squash_merge_commit_title",
  "squash_merge_commit_message",
  "merge_commit_title",
  "merge_commit_message",
] as const;

const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;

function requireMember(ctx: HandlerContext, org: SimOrg): void {
  if (!isOrgMember(ctx.user, org))
    throw new ApiError(403, `You must be a member of ${org.login} to do this.`);
}

function requireTeam(ctx: HandlerContext, org: SimOrg): SimTeam {
  const team = org.teams.get((ctx.params.team_slug ?? "").toLowerCase());
  // Secret teams are visible to owners and their own members only.
  if (!team) throw notFound();
  if (
    team.privacy === "secret" &&
    !isOrgOwner(ctx.user, org) &&
    !team.members.has(ctx.user!.login.toLowerCase())
  )
    throw notFound();
  return team;
}

function teamRepoCount(team: SimTeam): number {
  let count = 0;
  for (const repo of team.org.repos) if (repo.teams.has(team.id)) count++;
  return count;
}

export const orgHandlers: Record<string, OperationHandler> = {
  "users/get-authenticated": (ctx) => ok(privateUser(ctx.urls, ctx.user!)),

  "rate-limit/get": (ctx) => {
    const core = ctx.rateLimit();
    const unlimited = { limit: 5000, remaining: 5000, used: 0, reset: core.reset };
    return ok({
      resources: {
        core,
        search: { ...unlimited, limit: 30, remaining: 30 },
        graphql: unlimited,
        integration_manifest: unlimited,
        code_search: { ...unlimited, limit: 10, remaining: 10 },
        // Budgets of APIs the simulator does not serve, listed because GitHub always lists them.
        source_import: { ...unlimited, limit: 100, remaining: 100 },
        actions_runner_registration: { ...unlimited, limit: 10000, remaining: 10000 },
        scim: { ...unlimited, limit: 15000, remaining: 15000 },
        dependency_snapshots: { ...unlimited, limit: 100, remaining: 100 },
        code_scanning_autofix: { ...unlimited, limit: 10, remaining: 10 },
      },
      rate: core,
    });
  },

  "orgs/get": (ctx) => {
    const org = requireOrg(ctx);
    return ok(organizationFull(ctx.urls, org, isOrgOwner(ctx.user, org)));
  },

  "teams/list": (ctx) => {
    const org = requireOrg(ctx);
    requireMember(ctx, org);
    const owner = isOrgOwner(ctx.user, org);
    const login = ctx.user!.login.toLowerCase();
    const visible = [...org.teams.values()].filter(
      (t) => t.privacy !== "secret" || owner || t.members.has(login),
    );
    const page = paginate(ctx, visible);
    return { status: 200, body: page.items.map((t) => teamShape(ctx.urls, t)), headers: page.headers };
  },

  "teams/get-by-name": (ctx) => {
    const org = requireOrg(ctx);
    if (!isOrgMember(ctx.user, org)) throw notFound();
    const team = requireTeam(ctx, org);
    return ok(teamFull(ctx.urls, team, teamRepoCount(team)));
  },

  "teams/get-membership-for-user-in-org": (ctx) => {
    const org = requireOrg(ctx);
    if (!isOrgMember(ctx.user, org)) throw notFound();
    const team = requireTeam(ctx, org);
    const username = ctx.params.username ?? "";
    const membership = team.members.get(username.toLowerCase());
    if (!membership) throw notFound();
    return ok({
      url: `${ctx.urls.api}/organizations/${org.id}/team/${team.id}/memberships/${username}`,
      role: membership.role,
      state: membership.state,
    });
  },

  "repos/list-for-org": (ctx) => {
    const org = requireOrg(ctx);
    const type = ctx.query.get("type") ?? "all";
    const sort = ctx.query.get("sort") ?? "created";
    const direction = ctx.query.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
    // An installation lists only the repos it reaches, even where it acts as an owner.
    const owner = isOrgOwner(ctx.user, org) && !ctx.user?.installation;
    let repos: SimRepo[] =
      owner && type === "all"
        ? org.repos
        : org.repos.filter((r) => {
            if (type === "public" && r.visibility !== "public") return false;
            if (type === "private" && r.visibility === "public") return false;
            if (type === "forks") return false;
            return owner || hasAccess(repoAccess(ctx.user, r), "pull");
          });
    if (sort === "full_name") repos = [...repos].sort((a, b) => a.name.localeCompare(b.name));
    else if (sort === "updated" || sort === "pushed") {
      const key = sort === "updated" ? "updatedAt" : "pushedAt";
      repos = [...repos].sort(
        (a, b) => String(a[key] ?? "").localeCompare(String(b[key] ?? "")) || a.id - b.id,
      );
    }
    if (direction === "desc") repos = [...repos].reverse();
    const page = paginate(ctx, repos);
    return {
      status: 200,
      body: page.items.map((r) => minimalRepository(ctx.urls, r, owner ? "admin" : repoAccess(ctx.user, r))),
      headers: page.headers,
    };
  },

  "repos/create-in-org": (ctx) => {
    const org = requireOrg(ctx);
    const body = bodyObject(ctx);
    const owner = isOrgOwner(ctx.user, org);
    if (!owner && !(org.membersCanCreateRepos && isOrgMember(ctx.user, org))) {
      throw new ApiError(403, "You need admin access to the organization before adding a repository to it.");
    }
    const name = String(body.name);
    if (!REPO_NAME.test(name) || name === "." || name === "..") {
      throw new ApiError(422, "Repository creation failed.", {
        errors: [{ resource: "Repository", code: "custom", field: "name", message: "name is invalid" }],
      });
    }
    if (ctx.state.repo(org.login, name)) {
      throw new ApiError(422, "Repository creation failed.", {
        errors: [
          {
            resource: "Repository",
            code: "custom",
            field: "name",
            message: "name already exists on this account",
          },
        ],
      });
    }
    const given = (body.custom_properties as Record<string, unknown>) ?? {};
    // The creator becomes the repo's admin, so it may set only what repo actors may edit; owners all.
    if (!owner) {
      for (const name of Object.keys(given)) {
        if (org.properties.get(name)?.values_editable_by !== "org_and_repo_actors") {
          throw new ApiError(403, `You do not have permission to edit the property '${name}'.`);
        }
      }
    }
    const properties = initialProperties(org, given);
    let team: SimTeam | undefined;
    if (body.team_id !== undefined) {
      team = org.teamsById.get(Number(body.team_id));
      if (!team) throw validationFailed("Team does not exist.", { resource: "Repository", field: "team_id" });
    }
    if (body.auto_init === true || body.gitignore_template || body.license_template) {
      throw new ApiError(
        501,
        "The GitHub simulator does not implement auto_init, gitignore_template or license_template; push the first commit with git.",
      );
    }
    const settings: Record<string, unknown> = {};
    for (const key of REPO_SETTINGS) if (body[key] !== undefined) settings[key] = body[key];
    const visibility =
      (body.visibility as SimRepo["visibility"] | undefined) ??
      (body.private === true ? "private" : "public");
    const repo = ctx.state.createRepo(org, name, {
      description: (body.description as string | undefined) ?? null,
      homepage: (body.homepage as string | undefined) ?? null,
      visibility,
      settings,
      creator: ctx.user!.login,
      gitLag: ctx.gitLagForNewRepos,
    });
    repo.properties = properties;
    if (team) repo.teams.set(team.id, "pull");
    return {
      status: 201,
      body: fullRepository(ctx.urls, repo, "admin"),
      headers: { location: `${ctx.urls.api}/repos/${org.login}/${repo.name}` },
    };
  },

  "teams/add-or-update-repo-permissions-in-org": (ctx) => {
    const org = requireOrg(ctx);
    const team = requireTeam(ctx, org);
    const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
    if (!repo || !hasAccess(repoAccess(ctx.user, repo), "pull")) throw notFound();
    if (repo.org !== org) {
      throw validationFailed("Validation Failed", {
        resource: "Team",
        field: "repository",
        message: "The repository must belong to the team's organization.",
      });
    }
    const maintainer = team.members.get(ctx.user!.login.toLowerCase())?.role === "maintainer";
    if (!isOrgOwner(ctx.user, org) && !(maintainer && hasAccess(repoAccess(ctx.user, repo), "admin"))) {
      throw new ApiError(
        403,
        "You must be an organization owner or team maintainer with admin rights to the repository to add it to a team.",
      );
    }
    const permission = (bodyObject(ctx).permission as string | undefined) ?? "push";
    if (!["pull", "triage", "push", "maintain", "admin"].includes(permission)) {
      throw validationFailed(`Permission '${permission}' is not a known role.`, {
        resource: "Team",
        field: "permission",
      });
    }
    repo.teams.set(team.id, permission as RepoPermission);
    return NO_CONTENT;
  },

  "teams/check-permissions-for-repo-in-org": (ctx) => {
    const org = requireOrg(ctx);
    const team = requireTeam(ctx, org);
    const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
    const permission = repo?.teams.get(team.id);
    if (!repo || !permission) throw notFound();
    return NO_CONTENT;
  },

  "teams/remove-repo-in-org": (ctx) => {
    const org = requireOrg(ctx);
    const team = requireTeam(ctx, org);
    if (!isOrgOwner(ctx.user, org))
      throw new ApiError(403, "You must be an organization owner to remove a repository from a team.");
    ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "")?.teams.delete(team.id);
    return NO_CONTENT;
  },

  "repos/list-teams": (ctx) => {
    const { repo } = requireRepo(ctx);
    const teams = [...repo.teams].flatMap(([id, permission]) => {
      const team = repo.org.teamsById.get(id);
      return team ? [{ team, permission }] : [];
    });
    const page = paginate(ctx, teams);
    return {
      status: 200,
      body: page.items.map(({ team, permission }) => ({
        ...teamShape(ctx.urls, team, permission),
        permissions: {
          pull: true,
          triage: permission !== "pull",
          push: ["push", "maintain", "admin"].includes(permission),
          maintain: ["maintain", "admin"].includes(permission),
          admin: permission === "admin",
        },
      })),
      headers: page.headers,
    };
  },
};
