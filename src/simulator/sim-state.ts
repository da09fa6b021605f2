/**
 * The simulator's in-memory GitHub: users, orgs, teams, repos and everything hanging off a repo.
 * Lookups are by lower-cased name in maps (GitHub names are case-insensitive), so that 10,000 seeded
 * repos cost a map lookup per request, never a scan.
 */
import { createHash } from "node:crypto";
import { AppRegistry, type InstallationGrant } from "./app-auth";
import { setPlan } from "./plans";
import type { SealedKeyPair } from "./sealed-secrets";
import type { RepoPermission, SeedCustomProperty, SeedOrg, SeedRepo, SimSeed } from "./sim-seed";

export type Access = RepoPermission | "none";

export const ACCESS_RANK: Record<Access, number> = {
  none: 0,
  pull: 1,
  triage: 2,
  push: 3,
  maintain: 4,
  admin: 5,
};

export interface SimUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  createdAt: string;
  /** Set on the bot user an installation token authenticates as (see app-auth.ts). */
  installation?: InstallationGrant;
}

export interface TeamMembership {
  role: "member" | "maintainer";
  state: "active" | "pending";
}

export interface SimTeam {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  privacy: "closed" | "secret";
  org: SimOrg;
  /** By lower-cased login. */
  members: Map<string, TeamMembership>;
  createdAt: string;
  updatedAt: string;
}

export interface SimCustomProperty extends SeedCustomProperty {
  required: boolean;
}

export interface SimRuleset {
  id: number;
  name: string;
  target: string;
  enforcement: string;
  bypassActors: unknown[];
  conditions: Record<string, unknown> | null;
  rules: Record<string, unknown>[];
  sourceType: "Repository" | "Organization";
  /** `owner/repo` or the org login. */
  source: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimSecret {
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimEnvironment {
  id: number;
  name: string;
  waitTimer: number;
  preventSelfReview: boolean;
  reviewers: { type: "User" | "Team"; id: number }[];
  deploymentBranchPolicy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  secrets: Map<string, SimSecret>;
  keys?: SealedKeyPair;
  createdAt: string;
  updatedAt: string;
}

export interface SimInvitation {
  id: number;
  invitee: string;
  inviter: string;
  permission: RepoPermission;
  createdAt: string;
}

export interface SimDeployKey {
  id: number;
  key: string;
  title: string;
  readOnly: boolean;
  addedBy: string;
  createdAt: string;
}

export interface SimRepo {
  id: number;
  org: SimOrg;
  name: string;
  description: string | null;
  homepage: string | null;
  visibility: "public" | "private" | "internal";
  defaultBranch: string;
  archived: boolean;
  topics: string[];
  /** Custom property values set on the repo. */
  properties: Map<string, string | string[]>;
  /** Other settings sent on create/update (has_wiki, allow_squash_merge, ...), echoed back. */
  settings: Record<string, unknown>;
  /** Team id → permission. */
  teams: Map<number, RepoPermission>;
  /** Direct collaborators other than the creator, by lower-cased login. */
  collaborators: Map<string, { login: string; permission: RepoPermission }>;
  /** Invitations of people outside the org, not yet accepted (they grant access once accepted). */
  invitations: SimInvitation[];
  deployKeys: SimDeployKey[];
  /** Branch → classic protection, as the PUT body that set it. */
  protections: Map<string, Record<string, unknown>>;
  rulesets: Map<number, SimRuleset>;
  secrets: Map<string, SimSecret>;
  keys?: SealedKeyPair;
  environments: Map<string, SimEnvironment>;
  /** Who created it through the API (GitHub makes the creator an admin). */
  creator?: string;
  /** Seeded repos have no git on disk: their default branch points at this made-up sha. */
  syntheticHead?: string;
  /** Git requests still to answer "Repository not found" (GitHub's replication lag after a create). */
  gitLagRemaining: number;
  createdAt: string;
  updatedAt: string;
  pushedAt: string | null;
}

export interface SimOrg {
  id: number;
  login: string;
  name: string | null;
  description: string | null;
  /** Lower-cased logins. */
  owners: Set<string>;
  /** Lower-cased logins, owners included. */
  members: Set<string>;
  basePermission: Access;
  membersCanCreateRepos: boolean;
  teams: Map<string, SimTeam>;
  teamsById: Map<number, SimTeam>;
  properties: Map<string, SimCustomProperty>;
  rulesets: Map<number, SimRuleset>;
  /** In creation order (GitHub's default listing order follows creation). */
  repos: SimRepo[];
  createdAt: string;
}

const BASE_PERMISSION: Record<NonNullable<SeedOrg["default_repository_permission"]>, Access> = {
  none: "none",
  read: "pull",
  write: "push",
  admin: "admin",
};

/** Applies seed sections that need request semantics (protection bodies, rulesets, property checks). */
export interface SeedHooks {
  protectBranch(repo: SimRepo, branch: string, body: Record<string, unknown>): void;
  addRuleset(target: SimRepo | SimOrg, body: Record<string, unknown>): void;
}

export class SimState {
  readonly users = new Map<string, SimUser>();
  readonly tokens = new Map<string, SimUser>();
  readonly orgs = new Map<string, SimOrg>();
  readonly repos = new Map<string, SimRepo>();
  readonly reposById = new Map<number, SimRepo>();
  /** Old `owner/name` (lower case) of a renamed repo → its id (repo-redirects.ts). */
  readonly redirects = new Map<string, number>();
  /** GitHub Apps and their installations (app-auth.ts). */
  readonly apps = new AppRegistry();
  private nextId = 1000;

  newId(): number {
    return this.nextId++;
  }

  user(login: string): SimUser | undefined {
    return this.users.get(login.toLowerCase());
  }

  org(login: string): SimOrg | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  repo(owner: string, name: string): SimRepo | undefined {
    return this.repos.get(`${owner.toLowerCase()}/${name.toLowerCase()}`);
  }

  ensureUser(login: string, fields: { token?: string; name?: string; email?: string } = {}): SimUser {
    let user = this.user(login);
    if (!user) {
      user = {
        id: this.newId(),
        login,
        name: fields.name ?? null,
        email: fields.email ?? null,
        createdAt: now(),
      };
      this.users.set(login.toLowerCase(), user);
    }
    if (fields.name !== undefined) user.name = fields.name;
    if (fields.email !== undefined) user.email = fields.email;
    if (fields.token) this.tokens.set(fields.token, user);
    return user;
  }

  ensureOrg(seed: SeedOrg): SimOrg {
    let org = this.org(seed.login);
    if (!org) {
      org = {
        id: this.newId(),
        login: seed.login,
        name: seed.name ?? null,
        description: seed.description ?? null,
        owners: new Set(),
        members: new Set(),
        basePermission: "pull",
        membersCanCreateRepos: true,
        teams: new Map(),
        teamsById: new Map(),
        properties: new Map(),
        rulesets: new Map(),
        repos: [],
        createdAt: now(),
      };
      this.orgs.set(seed.login.toLowerCase(), org);
    }
    if (seed.name !== undefined) org.name = seed.name;
    if (seed.description !== undefined) org.description = seed.description;
    if (seed.default_repository_permission)
      org.basePermission = BASE_PERMISSION[seed.default_repository_permission];
    if (seed.members_can_create_repositories !== undefined)
      org.membersCanCreateRepos = seed.members_can_create_repositories;
    if (seed.plan) setPlan(org, seed.plan);
    return org;
  }

  createRepo(
    org: SimOrg,
    name: string,
    fields: {
      description?: string | null;
      homepage?: string | null;
      visibility?: SimRepo["visibility"];
      defaultBranch?: string;
      archived?: boolean;
      topics?: string[];
      settings?: Record<string, unknown>;
      creator?: string;
      syntheticHead?: string;
      gitLag?: number;
    },
  ): SimRepo {
    const created = now();
    const repo: SimRepo = {
      id: this.newId(),
      org,
      name,
      description: fields.description ?? null,
      homepage: fields.homepage ?? null,
      visibility: fields.visibility ?? "private",
      defaultBranch: fields.defaultBranch ?? "main",
      archived: fields.archived ?? false,
      topics: fields.topics ?? [],
      properties: new Map(),
      settings: fields.settings ?? {},
      teams: new Map(),
      collaborators: new Map(),
      invitations: [],
      deployKeys: [],
      protections: new Map(),
      rulesets: new Map(),
      secrets: new Map(),
      environments: new Map(),
      gitLagRemaining: fields.gitLag ?? 0,
      createdAt: created,
      updatedAt: created,
      pushedAt: null,
      ...(fields.creator ? { creator: fields.creator } : {}),
      ...(fields.syntheticHead ? { syntheticHead: fields.syntheticHead } : {}),
    };
    this.repos.set(`${org.login.toLowerCase()}/${name.toLowerCase()}`, repo);
    this.reposById.set(repo.id, repo);
    // A new repo takes the name back from a renamed one: the redirect ends (as on GitHub).
    this.redirects.delete(`${org.login.toLowerCase()}/${name.toLowerCase()}`);
    org.repos.push(repo);
    return repo;
  }

  /** Adds a seed to the current state (existing users, orgs and teams are extended). */
  applySeed(seed: SimSeed, hooks: SeedHooks): void {
    for (const u of seed.users ?? []) this.ensureUser(u.login, u);
    for (const o of seed.orgs ?? []) {
      const org = this.ensureOrg(o);
      for (const login of o.owners ?? []) {
        this.ensureUser(login);
        org.owners.add(login.toLowerCase());
        org.members.add(login.toLowerCase());
      }
      for (const login of o.members ?? []) {
        this.ensureUser(login);
        org.members.add(login.toLowerCase());
      }
      for (const t of o.teams ?? []) {
        let team = org.teams.get(t.slug.toLowerCase());
        if (!team) {
          team = {
            id: this.newId(),
            slug: t.slug,
            name: t.name ?? t.slug,
            description: t.description ?? null,
            privacy: t.privacy ?? "closed",
            org,
            members: new Map(),
            createdAt: now(),
            updatedAt: now(),
          };
          org.teams.set(t.slug.toLowerCase(), team);
          org.teamsById.set(team.id, team);
        }
        const add = (logins: string[] | undefined, membership: TeamMembership) => {
          for (const login of logins ?? []) {
            this.ensureUser(login);
            team.members.set(login.toLowerCase(), membership);
            // An active team member is an org member; a pending invitee is not yet.
            if (membership.state === "active") org.members.add(login.toLowerCase());
          }
        };
        add(t.members, { role: "member", state: "active" });
        add(t.maintainers, { role: "maintainer", state: "active" });
        add(t.pending, { role: "member", state: "pending" });
      }
      for (const p of o.custom_properties ?? []) {
        org.properties.set(p.property_name, { ...p, required: p.required ?? false });
      }
      for (const r of o.repos ?? []) this.seedRepo(org, r, hooks);
      for (const body of o.rulesets ?? []) hooks.addRuleset(org, body);
    }
    this.apps.applySeed(seed, this);
  }

  private seedRepo(org: SimOrg, r: SeedRepo, hooks: SeedHooks): void {
    const existing = this.repo(org.login, r.name);
    if (existing) throw new Error(`seed: repo ${org.login}/${r.name} is seeded twice`);
    const branch = r.default_branch ?? "main";
    const repo = this.createRepo(org, r.name, {
      description: r.description ?? null,
      visibility: r.visibility ?? "private",
      defaultBranch: branch,
      archived: r.archived ?? false,
      topics: r.topics ?? [],
      ...(r.creator ? { creator: this.ensureUser(r.creator).login } : {}),
      ...(r.default_branch ? { syntheticHead: syntheticSha(`${org.login}/${r.name}@${branch}`) } : {}),
    });
    for (const [name, value] of Object.entries(r.custom_properties ?? {})) {
      if (value !== null) repo.properties.set(name, value);
    }
    for (const [slug, permission] of Object.entries(r.teams ?? {})) {
      const team = org.teams.get(slug.toLowerCase());
      if (!team) throw new Error(`seed: repo ${r.name} names team ${slug}, which ${org.login} does not have`);
      repo.teams.set(team.id, permission);
    }
    for (const [login, permission] of Object.entries(r.collaborators ?? {})) {
      const user = this.ensureUser(login);
      repo.collaborators.set(login.toLowerCase(), { login: user.login, permission });
    }
    if (r.branch_protection) hooks.protectBranch(repo, branch, r.branch_protection);
    for (const body of r.rulesets ?? []) hooks.addRuleset(repo, body);
  }
}

/** A stable, made-up commit sha (seeded repos have no git objects). */
export function syntheticSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}
