/**
 * Who else can reach a repo: direct collaborators (listed by affiliation `direct`, `outside`, `all`;
 * added, or invited when outside the org; removed), pending invitations and deploy keys. A repo's
 * creator is its direct admin, as on GitHub, which is how a hand-made repo shows who made it.
 */
import {
  bodyObject,
  type HandlerContext,
  NO_CONTENT,
  notFound,
  type OperationHandler,
  paginate,
  requireRepo,
  validationFailed,
} from "./api-handler";
import { minimalRepository, nodeId, simpleUser } from "./github-shapes";
import { directCollaborators, isOrgMember, permissionFlags, repoAccess } from "./repo-access";
import type { RepoPermission } from "./sim-seed";
import { ACCESS_RANK, type Access, now, type SimInvitation, type SimRepo } from "./sim-state";

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

function invitationShape(ctx: HandlerContext, repo: SimRepo, invitation: SimInvitation) {
  const api = `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}`;
  return {
    id: invitation.id,
    node_id: nodeId("RI", invitation.id),
    repository: minimalRepository(ctx.urls, repo, "admin"),
    invitee: simpleUser(ctx.urls, ctx.state.user(invitation.invitee)!),
    inviter: simpleUser(ctx.urls, ctx.state.user(invitation.inviter)!),
    permissions: ROLE_NAME[invitation.permission],
    created_at: invitation.createdAt,
    expired: false,
    url: `${api}/invitations/${invitation.id}`,
    html_url: `${ctx.urls.server}/${repo.org.login}/${repo.name}/invitations`,
  };
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
      // Someone outside the org is invited: no access until they accept.
      const invitation: SimInvitation = {
        id: ctx.state.newId(),
        invitee: user.login,
        inviter: ctx.user!.login,
        permission: permission as RepoPermission,
        createdAt: now(),
      };
      repo.invitations.push(invitation);
      return { status: 201, body: invitationShape(ctx, repo, invitation) };
    }
    repo.collaborators.set(user.login.toLowerCase(), {
      login: user.login,
      permission: permission as RepoPermission,
    });
    return NO_CONTENT;
  },

  "repos/remove-collaborator": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const login = (ctx.params.username ?? "").toLowerCase();
    repo.collaborators.delete(login);
    // A creator who removes themselves loses the admin GitHub gave them.
    if (repo.creator?.toLowerCase() === login) delete repo.creator;
    repo.invitations = repo.invitations.filter((i) => i.invitee.toLowerCase() !== login);
    return NO_CONTENT;
  },

  "repos/list-invitations": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const page = paginate(ctx, repo.invitations);
    return {
      status: 200,
      body: page.items.map((i) => invitationShape(ctx, repo, i)),
      headers: page.headers,
    };
  },

  "repos/list-deploy-keys": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const page = paginate(ctx, repo.deployKeys);
    return {
      status: 200,
      body: page.items.map((k) => deployKeyShape(ctx, repo, k)),
      headers: page.headers,
    };
  },

  "repos/create-deploy-key": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const body = bodyObject(ctx);
    const key = String(body.key ?? "").trim();
    if (!/^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+( .*)?$/.test(key)) {
      throw validationFailed("Key is invalid. You must supply a key in OpenSSH public key format", {
        resource: "PublicKey",
        field: "key",
      });
    }
    const deployKey = {
      id: ctx.state.newId(),
      key,
      title: String(body.title ?? ""),
      readOnly: body.read_only === true,
      addedBy: ctx.user!.login,
      createdAt: now(),
    };
    repo.deployKeys.push(deployKey);
    return { status: 201, body: deployKeyShape(ctx, repo, deployKey) };
  },
};

function deployKeyShape(ctx: HandlerContext, repo: SimRepo, k: SimRepo["deployKeys"][number]) {
  return {
    id: k.id,
    key: k.key,
    url: `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}/keys/${k.id}`,
    title: k.title,
    verified: true,
    created_at: k.createdAt,
    read_only: k.readOnly,
    added_by: k.addedBy,
    last_used: null,
    enabled: true,
  };
}
