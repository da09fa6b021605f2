/**
 * Which GitHub App permissions an operation needs, from GitHub's own data behind the docs page
 * "Permissions required for GitHub Apps" (`data/server-to-server-permissions.ghec-2022-11-28.json`, a
 * byte-for-byte copy of github/docs' file, see docs/simulator.md), and the check of an installation
 * token against it.
 *
 * Reading of the data: an endpoint listed under several permissions without `additional-permissions`
 * works with any one of them (alternatives); entries flagged `additional-permissions` are needed
 * together (one set). Endpoints GitHub's file does not list are decided in `NOT_IN_GITHUB_TABLE` below,
 * each with the reason, so no implemented operation is left unchecked by accident.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { kitRoot } from "../kit-paths";

export type PermissionAccess = "read" | "write" | "admin";
/** An App's or a token's permissions, e.g. `{ contents: "write", metadata: "read" }`. */
export type AppPermissions = Record<string, PermissionAccess>;

export interface PermissionNeed {
  permission: string;
  access: PermissionAccess;
}

/**
 * What an installation token needs for an operation: any one of `sets`, each needing all its entries.
 * `none` needs nothing; `refused` is never allowed to installation tokens; `app-jwt` needs the App's JWT.
 */
export type OperationPermissions =
  | { kind: "sets"; sets: PermissionNeed[][] }
  | { kind: "none" }
  | { kind: "refused" }
  | { kind: "app-jwt" };

const ACCESS_RANK: Record<PermissionAccess, number> = { read: 1, write: 2, admin: 3 };

export const PERMISSION_TABLE_FILE = "server-to-server-permissions.ghec-2022-11-28.json";

/**
 * Implemented operations GitHub's table does not list, keyed `METHOD template`, with the decision.
 * Team endpoints: GitHub's REST docs for them name the org `members` permission (the repo grant also
 * needs `administration: write` on the repo, as adding a collaborator does).
 */
export const NOT_IN_GITHUB_TABLE: Record<string, { decision: OperationPermissions; why: string }> = {
  "GET /rate_limit": { decision: { kind: "none" }, why: "any token may read its own rate limit" },
  "GET /orgs/{org}": { decision: { kind: "none" }, why: "public org profile; no permission on GitHub" },
  "GET /user": {
    decision: { kind: "refused" },
    why: "an installation is not a user: GitHub answers 403 Resource not accessible by integration",
  },
  "GET /orgs/{org}/teams/{team_slug}": {
    decision: { kind: "sets", sets: [[{ permission: "members", access: "read" }]] },
    why: "team reads need org Members: read",
  },
  "GET /orgs/{org}/teams/{team_slug}/memberships/{username}": {
    decision: { kind: "sets", sets: [[{ permission: "members", access: "read" }]] },
    why: "team reads need org Members: read",
  },
  "GET /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}": {
    decision: { kind: "sets", sets: [[{ permission: "members", access: "read" }]] },
    why: "team reads need org Members: read",
  },
  "PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}": {
    decision: {
      kind: "sets",
      sets: [
        [
          { permission: "members", access: "read" },
          { permission: "administration", access: "write" },
        ],
      ],
    },
    why: "granting a team a repo changes the repo's access (Administration: write) and reads the team (Members: read)",
  },
  "DELETE /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}": {
    decision: {
      kind: "sets",
      sets: [
        [
          { permission: "members", access: "read" },
          { permission: "administration", access: "write" },
        ],
      ],
    },
    why: "as PUT",
  },
  "GET /app": { decision: { kind: "app-jwt" }, why: "authenticated with the App's JWT" },
  "GET /orgs/{org}/installation": { decision: { kind: "app-jwt" }, why: "authenticated with the App's JWT" },
  "GET /repos/{owner}/{repo}/installation": {
    decision: { kind: "app-jwt" },
    why: "authenticated with the App's JWT",
  },
  "POST /app/installations/{installation_id}/access_tokens": {
    decision: { kind: "app-jwt" },
    why: "authenticated with the App's JWT",
  },
  "GET /installation/repositories": {
    decision: { kind: "none" },
    why: "an installation token lists its own repositories",
  },
};

interface TableEntry {
  verb: string;
  requestPath: string;
  access: PermissionAccess;
  "server-to-server": boolean;
  "additional-permissions": boolean;
}

let cached: Map<string, OperationPermissions> | undefined;

export function permissionTablePath(): string {
  return path.join(kitRoot(), "src", "simulator", "data", PERMISSION_TABLE_FILE);
}

/** `METHOD template` → what an installation token needs, for every endpoint of GitHub's table. */
function githubTable(): Map<string, OperationPermissions> {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(permissionTablePath(), "utf8")) as Record<
    string,
    { permissions: TableEntry[] }
  >;
  const byEndpoint = new Map<string, { alone: PermissionNeed[]; together: PermissionNeed[] }>();
  for (const [permission, { permissions }] of Object.entries(raw)) {
    for (const entry of permissions) {
      if (!entry["server-to-server"]) continue;
      const key = `${entry.verb.toUpperCase()} ${entry.requestPath}`;
      const slot = byEndpoint.get(key) ?? { alone: [], together: [] };
      (entry["additional-permissions"] ? slot.together : slot.alone).push({
        permission,
        access: entry.access,
      });
      byEndpoint.set(key, slot);
    }
  }
  cached = new Map();
  for (const [key, { alone, together }] of byEndpoint) {
    const sets = alone.map((need) => [need]);
    if (together.length > 0) sets.push(together);
    cached.set(key, { kind: "sets", sets });
  }
  return cached;
}

/** What an installation token needs for `method template`; `undefined`: unknown to both tables. */
export function operationPermissions(method: string, template: string): OperationPermissions | undefined {
  const key = `${method.toUpperCase()} ${template}`;
  return NOT_IN_GITHUB_TABLE[key]?.decision ?? githubTable().get(key);
}

export function satisfies(granted: AppPermissions, need: PermissionNeed): boolean {
  const have = granted[need.permission];
  return have !== undefined && ACCESS_RANK[have] >= ACCESS_RANK[need.access];
}

/** Whether `granted` meets `a` (any set, all of its entries). */
export function permitted(granted: AppPermissions, needs: OperationPermissions): boolean {
  if (needs.kind === "none") return true;
  if (needs.kind !== "sets") return false;
  return needs.sets.some((set) => set.every((need) => satisfies(granted, need)));
}

/** GitHub's `x-accepted-github-permissions`: sets separated by `; `, a set's entries by `,`. */
export function acceptedPermissionsHeader(needs: OperationPermissions): string {
  if (needs.kind !== "sets") return "";
  return needs.sets.map((set) => set.map((n) => `${n.permission}=${n.access}`).join(",")).join("; ");
}

/** Whether `requested` asks for nothing beyond `granted` (a token may narrow, never widen). */
export function isSubset(requested: AppPermissions, granted: AppPermissions): boolean {
  return Object.entries(requested).every(([permission, access]) =>
    satisfies(granted, { permission, access }),
  );
}
