/**
 * Direct collaborators of a repo: listed by affiliation (`direct`, `outside`, `all`) and added. A repo's
 * creator is its direct admin, as on GitHub, which is how a hand-made repo shows who made it.
 */
import {
  ApiError,
  bodyObject,
  type HandlerContext,
  NO_CONTENT,
  notFound,
  type OperationHandler,
  paginate,
  requireRepo,
  validationFailed,
} from "./api-handler";
import { simpleUser } from "./github-shapes";
import { directCollaborators, isOrgMember, permissionFlags, repoAccess } from "./repo-access";
import type { RepoPermission } from "./sim-seed";
import { ACCESS_RANK, type Access, type SimRepo } from "./sim-state";

/** GitHub's role names for the base permissions. */
const ROLE_NAME: Record<Access, string> = {
  none: "none",
  pull: "read",
  triage: "triage",
  push: "write",
  maintain: "maintain",
  admin: "admin",
};

function collaboratorsByAffiliation(ctx: HandlerContext, repo: SimRepo, affiliation: string) {
  const direct = directCollaborators(repo);
  if (affiliation === "direct") return direct;
  if (affiliation === "outside") return direct.filter((c) => !repo.org.members.has(c.login.toLowerCase()));
  // `all`: everyone who can read it through any path (org members, teams, direct grants).
  const logins = new Set([...repo.org.members, ...direct.map((c) => c.login.toLowerCase())]);
  return [...logins].flatMap((login) => {
    const user = ctx.state.user(login);
    const access = user ? repoAccess(user, repo) : "none";
    return user && ACCESS_RANK[access] > 0 ? [{ login: user.login, permission: access }] : [];
  });
}

export const collaboratorHandlers: Record<string, OperationHandler> = {
  "repos/list-collaborators": (ctx) => {
    const { repo } = requireRepo(ctx, "push");
    const affiliation = ctx.query.get("affiliation") ?? "all";
    const list = collaboratorsByAffiliation(ctx, repo, affiliation).sort((a, b) =>
      a.login.localeCompare(b.login),
    );
    const page = paginate(ctx, list);
    return {
      status: 200,
      body: page.items.map(({ login, permission }) => ({
        ...simpleUser(ctx.urls, ctx.state.user(login)!),
        permissions: permissionFlags(permission),
        role_name: ROLE_NAME[permission],
      })),
      headers: page.headers,
    };
  },

  "repos/add-collaborator": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const user = ctx.state.user(ctx.params.username ?? "");
    if (!user) throw notFound();
    const permission = (bodyObject(ctx).permission as string | undefined) ?? "push";
    if (!(permission in ACCESS_RANK) || permission === "none") {
      throw validationFailed(`Permission '${permission}' is not a known role.`, {
        resource: "Repository",
        field: "permission",
      });
    }
    if (!isOrgMember(user, repo.org)) {
      // GitHub invites outside collaborators (201 with an invitation); the simulator models members only.
      throw new ApiError(501, "The GitHub simulator adds organization members as collaborators only.");
    }
    repo.collaborators.set(user.login.toLowerCase(), {
      login: user.login,
      permission: permission as RepoPermission,
    });
    return NO_CONTENT;
  },
};
