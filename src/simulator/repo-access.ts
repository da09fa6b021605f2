/**
 * Who may do what, as GitHub decides it: org owners are admins everywhere; a repo's creator is its
 * admin (a direct collaborator); other direct collaborators get their permission; active team members get their team's permission (pending invitees get nothing); org members
 * get the org's base permission; anyone may read a public repo and org members an internal one.
 */
import { grantReaches } from "./app-auth";
import { ACCESS_RANK, type Access, type SimOrg, type SimRepo, type SimUser } from "./sim-state";

export function isOrgOwner(user: SimUser | undefined, org: SimOrg): boolean {
  // An installation acts org-wide on its org; its per-endpoint permissions were checked before.
  if (user?.installation) return user.installation.installation.org === org;
  return user !== undefined && org.owners.has(user.login.toLowerCase());
}

export function isOrgMember(user: SimUser | undefined, org: SimOrg): boolean {
  if (user?.installation) return user.installation.installation.org === org;
  return user !== undefined && org.members.has(user.login.toLowerCase());
}

export function repoAccess(user: SimUser | undefined, repo: SimRepo): Access {
  const publicRead: Access = repo.visibility === "public" ? "pull" : "none";
  if (!user) return publicRead;
  // Repos outside an installation token's reach are as invisible as another org's private repos.
  if (user.installation) return grantReaches(user.installation, repo) ? "admin" : publicRead;
  const login = user.login.toLowerCase();
  const org = repo.org;
  if (org.owners.has(login) || repo.creator?.toLowerCase() === login) return "admin";
  let best: Access = publicRead;
  if (org.members.has(login)) {
    best = max(best, org.basePermission);
    if (repo.visibility === "internal") best = max(best, "pull");
  }
  const direct = repo.collaborators.get(login);
  if (direct) best = max(best, direct.permission);
  for (const [teamId, permission] of repo.teams) {
    if (org.teamsById.get(teamId)?.members.get(login)?.state === "active") best = max(best, permission);
  }
  return best;
}

export function hasAccess(access: Access, needed: Access): boolean {
  return ACCESS_RANK[access] >= ACCESS_RANK[needed];
}

/** GitHub's `permissions` object of a repo for the current user. */
export function permissionFlags(access: Access): {
  admin: boolean;
  maintain: boolean;
  push: boolean;
  triage: boolean;
  pull: boolean;
} {
  const rank = ACCESS_RANK[access];
  return {
    admin: rank >= ACCESS_RANK.admin,
    maintain: rank >= ACCESS_RANK.maintain,
    push: rank >= ACCESS_RANK.push,
    triage: rank >= ACCESS_RANK.triage,
    pull: rank >= ACCESS_RANK.pull,
  };
}

function max(a: Access, b: Access): Access {
  return ACCESS_RANK[a] >= ACCESS_RANK[b] ? a : b;
}

/** Direct collaborators of a repo: its creator (admin, as GitHub makes them) and those added since. */
export function directCollaborators(repo: SimRepo): { login: string; permission: Access }[] {
  const list = [...repo.collaborators.values()].map((c) => ({
    login: c.login,
    permission: c.permission as Access,
  }));
  // An App (`slug[bot]`, a login no user can have) reaches its repos through its installation, never as
  // a collaborator: GitHub does not list it.
  if (repo.creator && !repo.creator.endsWith("[bot]") && !repo.collaborators.has(repo.creator.toLowerCase()))
    list.unshift({ login: repo.creator, permission: "admin" });
  return list;
}
