/**
 * GitHub's JSON shapes for the simulator's objects (users, orgs, teams, repos, branches, commits).
 * Field sets follow the OpenAPI description's schemas; the contract tests validate them against it.
 */
import type { SimUrls } from "./api-handler";
import type { CommitInfo } from "./git-repositories";
import { planOf } from "./plans";
import { permissionFlags } from "./repo-access";
import type { Access, SimOrg, SimRepo, SimTeam, SimUser } from "./sim-state";

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

export function simpleUser(urls: SimUrls, user: SimUser, type: "User" | "Organization" = "User") {
  const api = `${urls.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(type === "User" ? "U" : "O", user.id),
    avatar_url: `${urls.server}/avatars/${user.login}`,
    gravatar_id: "",
    url: api,
    html_url: `${urls.server}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function privateUser(urls: SimUrls, user: SimUser) {
  return {
    ...simpleUser(urls, user),
    name: user.name,
    company: null,
    blog: "",
    location: null,
    email: user.email,
    notification_email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

function orgAsOwner(urls: SimUrls, org: SimOrg) {
  return simpleUser(
    urls,
    { id: org.id, login: org.login, name: org.name, email: null, createdAt: org.createdAt },
    "Organization",
  );
}

/**
 * Keys of `GET /orgs/{org}` that GitHub sends only to the org's owners (the rest of the
 * `organization-full` example is public). Exported for the contract tests.
 */
export const OWNER_ONLY_ORG_KEYS = [
  "total_private_repos",
  "owned_private_repos",
  "private_gists",
  "disk_usage",
  "collaborators",
  "billing_email",
  "plan",
  "default_repository_permission",
  "default_repository_branch",
  "members_can_create_repositories",
  "two_factor_requirement_enabled",
  "members_allowed_repository_creation_type",
  "members_can_create_public_repositories",
  "members_can_create_private_repositories",
  "members_can_create_internal_repositories",
  "members_can_create_pages",
  "members_can_create_public_pages",
  "members_can_create_private_pages",
  "members_can_delete_repositories",
  "members_can_change_repo_visibility",
  "members_can_invite_outside_collaborators",
  "members_can_delete_issues",
  "display_commenter_full_name_setting_enabled",
  "readers_can_create_discussions",
  "members_can_create_teams",
  "members_can_view_dependency_insights",
  "members_can_fork_private_repositories",
  "web_commit_signoff_required",
  "deploy_keys_enabled_for_repositories",
  "dependency_graph_enabled_for_new_repositories",
  "dependabot_alerts_enabled_for_new_repositories",
  "dependabot_security_updates_enabled_for_new_repositories",
  "advanced_security_enabled_for_new_repositories",
  "secret_scanning_enabled_for_new_repositories",
  "secret_scanning_push_protection_enabled_for_new_repositories",
  "secret_scanning_push_protection_custom_link",
  "secret_scanning_push_protection_custom_link_enabled",
  "secret_scanning_validity_checks_enabled",
] as const;

export function organizationFull(urls: SimUrls, org: SimOrg, viewerIsOwner: boolean) {
  const api = `${urls.api}/orgs/${org.login}`;
  const publicRepos = org.repos.reduce((n, r) => n + (r.visibility === "public" ? 1 : 0), 0);
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId("O", org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${urls.server}/avatars/${org.login}`,
    description: org.description,
    // The description types these as plain (formatted) strings, not nullable, so unset profile fields
    // get placeholders that meet it: the org's own page and a noreply address.
    name: org.name ?? org.login,
    company: "",
    blog: `${urls.server}/${org.login}`,
    location: "",
    email: `${org.login}@users.noreply.${new URL(urls.server).hostname}`,
    twitter_username: null,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${urls.server}/${org.login}`,
    type: "Organization",
    created_at: org.createdAt,
    updated_at: org.createdAt,
    archived_at: null,
    ...(viewerIsOwner ? ownerOnlyOrgFields(org, publicRepos) : {}),
  };
}

/** The `OWNER_ONLY_ORG_KEYS` values: the org's settings, as the simulator models them (or GitHub's defaults). */
function ownerOnlyOrgFields(
  org: SimOrg,
  publicRepos: number,
): Record<(typeof OWNER_ONLY_ORG_KEYS)[number], unknown> {
  const canCreate = org.membersCanCreateRepos;
  return {
    total_private_repos: org.repos.length - publicRepos,
    owned_private_repos: org.repos.length - publicRepos,
    private_gists: 0,
    disk_usage: 0,
    collaborators: 0,
    billing_email: null,
    plan: {
      name: planOf(org),
      space: 976562499,
      private_repos: 999999,
      filled_seats: org.members.size,
      seats: 1000,
    },
    default_repository_permission: defaultPermissionName(org.basePermission),
    default_repository_branch: "main",
    members_can_create_repositories: canCreate,
    two_factor_requirement_enabled: true,
    members_allowed_repository_creation_type: canCreate ? "all" : "none",
    members_can_create_public_repositories: canCreate,
    members_can_create_private_repositories: canCreate,
    members_can_create_internal_repositories: canCreate,
    members_can_create_pages: true,
    members_can_create_public_pages: true,
    members_can_create_private_pages: true,
    members_can_delete_repositories: true,
    members_can_change_repo_visibility: true,
    members_can_invite_outside_collaborators: true,
    members_can_delete_issues: false,
    display_commenter_full_name_setting_enabled: false,
    readers_can_create_discussions: true,
    members_can_create_teams: true,
    members_can_view_dependency_insights: true,
    members_can_fork_private_repositories: false,
    web_commit_signoff_required: false,
    deploy_keys_enabled_for_repositories: true,
    dependency_graph_enabled_for_new_repositories: false,
    dependabot_alerts_enabled_for_new_repositories: false,
    dependabot_security_updates_enabled_for_new_repositories: false,
    advanced_security_enabled_for_new_repositories: false,
    secret_scanning_enabled_for_new_repositories: false,
    secret_scanning_push_protection_enabled_for_new_repositories: false,
    secret_scanning_push_protection_custom_link: null,
    secret_scanning_push_protection_custom_link_enabled: false,
    secret_scanning_validity_checks_enabled: false,
  };
}

function defaultPermissionName(access: Access): string {
  return { none: "none", pull: "read", triage: "read", push: "write", maintain: "write", admin: "admin" }[
    access
  ];
}

export function teamShape(urls: SimUrls, team: SimTeam, permission = "pull") {
  const api = `${urls.api}/organizations/${team.org.id}/team/${team.id}`;
  return {
    id: team.id,
    node_id: nodeId("T", team.id),
    url: api,
    html_url: `${urls.server}/orgs/${team.org.login}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: "notifications_enabled",
    permission,
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    type: "organization",
    organization_id: team.org.id,
    parent: null,
  };
}

export function teamFull(urls: SimUrls, team: SimTeam, reposCount: number) {
  const { parent: _parent, permission: _permission, ...base } = teamShape(urls, team);
  const { default_repository_permission: _d, ...organization } = organizationFull(urls, team.org, false);
  return {
    ...base,
    permission: "pull",
    parent: null,
    members_count: [...team.members.values()].filter((m) => m.state === "active").length,
    repos_count: reposCount,
    created_at: team.createdAt,
    updated_at: team.updatedAt,
    organization,
  };
}

/** The URL fields every repository shape carries. */
function repoUrls(urls: SimUrls, repo: SimRepo) {
  const full = `${repo.org.login}/${repo.name}`;
  const api = `${urls.api}/repos/${full}`;
  const host = new URL(urls.server).host;
  return {
    html_url: `${urls.server}/${full}`,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${full}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${full}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${urls.server}/${full}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: `${urls.server}/${full}`,
  };
}

function setting<T>(repo: SimRepo, name: string, fallback: T): T {
  const value = repo.settings[name];
  return value === undefined ? fallback : (value as T);
}

/** The list shape (`minimal-repository`), used by `GET /orgs/{org}/repos`. */
export function minimalRepository(urls: SimUrls, repo: SimRepo, access: Access) {
  return {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: `${repo.org.login}/${repo.name}`,
    private: repo.visibility !== "public",
    owner: orgAsOwner(urls, repo.org),
    description: repo.description,
    fork: false,
    ...repoUrls(urls, repo),
    homepage: repo.homepage,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: 0,
    is_template: setting(repo, "is_template", false),
    topics: repo.topics,
    has_issues: setting(repo, "has_issues", true),
    has_projects: setting(repo, "has_projects", true),
    has_wiki: setting(repo, "has_wiki", true),
    has_pages: false,
    has_downloads: setting(repo, "has_downloads", true),
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.visibility,
    // GitHub reports the creation time until the first push.
    pushed_at: repo.pushedAt ?? repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    permissions: permissionFlags(access),
    allow_forking: false,
    web_commit_signoff_required: false,
    forks: 0,
    open_issues: 0,
    watchers: 0,
    license: null,
    custom_properties: Object.fromEntries(repo.properties),
  };
}

/** The single-repo shape (`full-repository`), used by GET/PATCH repo and the create answer. */
export function fullRepository(urls: SimUrls, repo: SimRepo, access: Access) {
  return {
    ...minimalRepository(urls, repo, access),
    allow_rebase_merge: setting(repo, "allow_rebase_merge", true),
    allow_squash_merge: setting(repo, "allow_squash_merge", true),
    allow_merge_commit: setting(repo, "allow_merge_commit", true),
    allow_auto_merge: setting(repo, "allow_auto_merge", false),
    delete_branch_on_merge: setting(repo, "delete_branch_on_merge", false),
    allow_update_branch: setting(repo, "allow_update_branch", false),
    use_squash_pr_title_as_default: setting(repo, "use_squash_pr_title_as_default", false),
    squash_merge_commit_title: setting(repo, "squash_merge_commit_title", "COMMIT_OR_PR_TITLE"),
    squash_merge_commit_message: setting(repo, "squash_merge_commit_message", "COMMIT_MESSAGES"),
    merge_commit_title: setting(repo, "merge_commit_title", "MERGE_MESSAGE"),
    merge_commit_message: setting(repo, "merge_commit_message", "PR_TITLE"),
    organization: orgAsOwner(urls, repo.org),
    network_count: 0,
    subscribers_count: 0,
  };
}

/**
 * The `repository` shape (a pull request's sides, an installation's repos): the full one without the
 * org-level extras that only `full-repository` documents.
 */
export function repositoryShape(urls: SimUrls, repo: SimRepo, access: Access) {
  const {
    organization: _organization,
    network_count: _networkCount,
    subscribers_count: _subscribersCount,
    custom_properties: _customProperties,
    ...shape
  } = fullRepository(urls, repo, access);
  return shape;
}

export function commitShape(urls: SimUrls, repo: SimRepo, sha: string, info: CommitInfo | undefined) {
  const api = `${urls.api}/repos/${repo.org.login}/${repo.name}`;
  const html = `${urls.server}/${repo.org.login}/${repo.name}`;
  const date = info?.committerDate ?? repo.createdAt;
  const person = (name: string, email: string, when: string) => ({ name, email, date: toUtc(when) });
  return {
    sha,
    node_id: nodeId("C", Number.parseInt(sha.slice(0, 8), 16)),
    url: `${api}/commits/${sha}`,
    html_url: `${html}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: info
        ? person(info.authorName, info.authorEmail, info.authorDate)
        : person("simulator", "sim@localhost", date),
      committer: info
        ? person(info.committerName, info.committerEmail, info.committerDate)
        : person("simulator", "sim@localhost", date),
      message: info?.message ?? "Seeded commit (the simulator has no git objects for this repo)",
      tree: {
        sha: info?.tree ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        url: `${api}/git/trees/${info?.tree ?? ""}`,
      },
      comment_count: 0,
      verification: {
        verified: false,
        reason: "unsigned",
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: null,
    committer: null,
    parents: (info?.parents ?? []).map((p) => ({
      sha: p,
      url: `${api}/commits/${p}`,
      html_url: `${html}/commit/${p}`,
    })),
  };
}

function toUtc(isoDate: string): string {
  const date = new Date(isoDate);
  return Number.isNaN(date.getTime()) ? isoDate : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
