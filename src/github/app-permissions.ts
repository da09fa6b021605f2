/**
 * The kit's least privilege: per job of each kit workflow, the GitHub App permissions it needs, and
 * nothing else. One table, and everything derives from it: the workflows mint per-job installation
 * tokens with exactly these `permission-*` inputs (a test compares them), docs/platform-team.md's
 * permission table is generated from it (scripts/docs), the App manifest
 * (`mlops-kit setup --print-app-manifest`) asks for their union, and the end-to-end tests run each job
 * with a token holding exactly its set, then without each permission.
 *
 * Also: how the kit turns GitHub's "missing permission" answers (403 with
 * `x-accepted-github-permissions`, git's workflow refusal) into a message naming the permission.
 */

import type { KitConfig } from "../config/kit-config";

export type AppAccess = "read" | "write";

/** A job's App permissions, keyed by GitHub's permission names (as in `x-accepted-github-permissions`). */
export type JobPermissions = Readonly<Record<string, AppAccess>>;

/** Permissions a job needs only under some kit configurations. */
export interface ConditionalPermissions {
  /** The configuration, in words (shown in the docs). */
  when: string;
  applies(config: KitConfig): boolean;
  permissions: JobPermissions;
}

export interface KitJob {
  /** `.github/workflows/<file>` that runs the job. */
  workflow: string;
  job: string;
  /** Needed whatever the configuration. */
  permissions: JobPermissions;
  conditional: readonly ConditionalPermissions[];
  /** Why each permission is needed: the calls that need it (shown in the docs). */
  why: Readonly<Record<string, string>>;
}

const orgRulesets = (config: KitConfig) =>
  config.branchProtection.mechanism === "ruleset" && config.enforcement.preferOrgRuleset;

export const KIT_APP_JOBS: readonly KitJob[] = [
  {
    workflow: "create-project.yml",
    job: "create",
    permissions: {
      administration: "write",
      contents: "write",
      workflows: "write",
      secrets: "write",
      environments: "write",
      repository_custom_properties: "write",
      members: "read",
      organization_custom_properties: "read",
    },
    conditional: [],
    why: {
      administration:
        "`POST /orgs/{org}/repos` (create the repo); `GET …/invitations`, `GET …/keys` and `GET …/teams` (only when the repo exists: who else has access); `PUT …/topics`; `PUT /orgs/{org}/teams/{team}/repos/{o}/{r}` (with Members: read); `PUT …/environments/{env}`; `PUT …/branches/{branch}/protection` or `POST`/`PUT …/rulesets`; `GET …/branches/{branch}/protection` (the Scorecard summary)",
      contents:
        "the initial `git push` (and `git ls-remote`, to skip a push that already happened); `GET …/branches/{branch}`; `GET …/contents/.mlops-kit/answers.yml` (only when the repo exists: its owner team); `GET …/contents/…` (CODEOWNERS, for the Scorecard summary)",
      workflows:
        "the initial commit contains `.github/workflows/*.yml`: GitHub refuses a push from an App that creates workflow files without it",
      secrets:
        "`GET …/actions/secrets/public-key`, `PUT …/actions/secrets/{name}`; environment secrets (with Environments)",
      environments:
        "`GET …/environments/{env}/secrets/public-key`, `PUT …/environments/{env}/secrets/{name}` (with Secrets)",
      repository_custom_properties:
        "`PATCH /repos/{o}/{r}/properties/values` when a resumed repo lacks a value",
      members:
        "`GET /orgs/{org}/teams/{team}/memberships/{user}` (the requester check); `GET /orgs/{org}/teams/{team}` (reviewer team ids); team access grants",
      organization_custom_properties:
        "`GET /orgs/{org}/properties/schema` (is the ownership property there?)",
    },
  },
  {
    workflow: "enforce-protection.yml",
    job: "enforce",
    permissions: {
      administration: "write",
      organization_custom_properties: "read",
    },
    conditional: [
      {
        when: "`branchProtection.preset: strict`",
        applies: (config) => config.branchProtection.preset === "strict",
        permissions: { contents: "read" },
      },
      {
        when: "`branchProtection.mechanism: ruleset` with `enforcement.preferOrgRuleset`",
        applies: orgRulesets,
        permissions: { organization_administration: "write", organization_custom_properties: "write" },
      },
    ],
    why: {
      administration:
        "`GET …/branches/{branch}/protection` and `GET …/rulesets/{id}` (audit); `PUT …/protection`, `POST`/`PUT …/rulesets` (repair in apply mode)",
      organization_custom_properties:
        "`GET /orgs/{org}/properties/values` and `…/schema/{name}` (which repos the kit governs); write: `PATCH /orgs/{org}/properties/values` (org-ruleset mode sets the ownership property on a governed repo that lacks it)",
      contents: "`GET …/contents/…/CODEOWNERS` (Scorecard's code-owner point needs the file)",
      organization_administration:
        "`GET`, `POST`, `PUT /orgs/{org}/rulesets…`; GitHub's table lists even the reads under write. Other configs read the org rulesets too when permitted, to count the rules they add; without it the run notes that drift may be over-reported (never hidden)",
    },
  },
  {
    workflow: "assess-fleet.yml",
    job: "assess",
    permissions: {
      contents: "read",
      administration: "read",
      actions: "read",
      organization_custom_properties: "read",
    },
    conditional: [
      {
        when: "`platform.databricks.auth: github-oidc`",
        applies: (config) => config.platform.databricks?.auth === "github-oidc",
        permissions: { secrets: "read" },
      },
    ],
    why: {
      contents: "shallow `git clone` of each governed repo's default branch (the files the criteria read)",
      administration:
        "`GET …/branches/{branch}/protection` and `GET …/rulesets` (the effective protection and its Scorecard score)",
      actions:
        "`GET /repos/{o}/{r}/environments` (required reviewers of the deploy environments; GitHub lists this read under Actions, not Environments)",
      organization_custom_properties:
        "`GET /orgs/{org}/properties/values` (which repos the kit governs: enforcement's scope rules)",
      secrets:
        "`GET …/environments/{name}/secrets` (names only: no long-lived DATABRICKS_CLIENT_SECRET left once OIDC is configured)",
    },
  },
  {
    workflow: "upgrade-projects.yml",
    job: "upgrade",
    permissions: {
      contents: "write",
      workflows: "write",
      pull_requests: "write",
      issues: "write",
      organization_custom_properties: "read",
    },
    conditional: [],
    why: {
      contents:
        "pushes the `mlops-kit/upgrade-v*` branch; `GET …/contents/.mlops-kit/answers.yml`, `GET …/branches/{branch}`",
      workflows: "the upgrade branch changes `.github/workflows/*.yml`",
      pull_requests:
        "`GET`, `POST`, `PATCH /repos/{o}/{r}/pulls…` (list, open, refresh, close superseded ones)",
      issues:
        "the upgrade pull request's label: `POST /repos/{o}/{r}/issues/{n}/labels` (GitHub's table asks for Issues and Pull requests: write together)",
      organization_custom_properties:
        "`GET /orgs/{org}/properties/values` (which repos the kit governs: enforcement's scope rules)",
    },
  },
];

/** The stronger of two accesses. */
function merge(into: Record<string, AppAccess>, add: JobPermissions): void {
  for (const [name, access] of Object.entries(add)) if (into[name] !== "write") into[name] = access;
}

/** What a job needs under `config` (least privilege for that configuration). */
export function jobPermissionsFor(job: KitJob, config: KitConfig): Record<string, AppAccess> {
  const needed: Record<string, AppAccess> = {};
  merge(needed, job.permissions);
  for (const extra of job.conditional) if (extra.applies(config)) merge(needed, extra.permissions);
  return needed;
}

/** What a job may need under any configuration: what its workflow mints (the config can change). */
export function jobPermissionsAll(job: KitJob): Record<string, AppAccess> {
  const needed: Record<string, AppAccess> = {};
  merge(needed, job.permissions);
  for (const extra of job.conditional) merge(needed, extra.permissions);
  return needed;
}

/** GitHub's UI names of the permissions the kit uses (App settings → Permissions). */
export const PERMISSION_TITLES: Readonly<
  Record<string, { title: string; level: "Repository" | "Organization" }>
> = {
  administration: { title: "Administration", level: "Repository" },
  contents: { title: "Contents", level: "Repository" },
  workflows: { title: "Workflows", level: "Repository" },
  secrets: { title: "Secrets", level: "Repository" },
  environments: { title: "Environments", level: "Repository" },
  repository_custom_properties: { title: "Custom properties", level: "Repository" },
  pull_requests: { title: "Pull requests", level: "Repository" },
  issues: { title: "Issues", level: "Repository" },
  metadata: { title: "Metadata", level: "Repository" },
  members: { title: "Members", level: "Organization" },
  organization_custom_properties: { title: "Custom properties", level: "Organization" },
  organization_administration: { title: "Administration", level: "Organization" },
};

export function kitJob(workflow: string, job: string): KitJob {
  const found = KIT_APP_JOBS.find((j) => j.workflow === workflow && j.job === job);
  if (!found) throw new Error(`no App permissions listed for ${workflow} job ${job}`);
  return found;
}

/** The union over every job and configuration: what the App itself is granted (its manifest). */
export function appPermissionUnion(): Record<string, AppAccess> {
  const union: Record<string, AppAccess> = {};
  for (const job of KIT_APP_JOBS) merge(union, jobPermissionsAll(job));
  return union;
}

/** "Repository Administration", as GitHub's App settings page names it. */
export function permissionLabel(name: string): string {
  const known = PERMISSION_TITLES[name];
  return known ? `${known.level} ${known.title}` : name;
}

/** "Repository Administration: Read and write", as GitHub's App settings page words it. */
export function describePermission(name: string, access: string): string {
  const level = access === "write" ? "Read and write" : access === "admin" ? "Admin" : "Read-only";
  return `${permissionLabel(name)}: ${level}`;
}

/** One permission an endpoint accepts, as `x-accepted-github-permissions` names it (`contents=write`). */
export interface AcceptedPermission {
  permission: string;
  access: "read" | "write" | "admin";
}

/**
 * Parses `x-accepted-github-permissions`: sets separated by `;`, any one of which suffices, each a
 * comma-separated list of `permission=access` needed together. The simulator writes the header from
 * the same shape, so both sides read it alike.
 */
export function parseAcceptedPermissions(header: string): AcceptedPermission[][] {
  return header
    .split(";")
    .map((set) =>
      set
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => {
          const [permission = "", access = "read"] = item.split("=");
          return { permission, access: access as AcceptedPermission["access"] };
        }),
    )
    .filter((set) => set.length > 0);
}

/**
 * The kit's sentence for a 403 that carries `x-accepted-github-permissions` (GitHub's answer to a
 * token without the permission), or `undefined` for any other error.
 */
export function missingPermissionHint(error: unknown): string | undefined {
  const e = error as { status?: number; response?: { headers?: Record<string, unknown> } } | undefined;
  if (e?.status !== 403) return undefined;
  const header = e.response?.headers?.["x-accepted-github-permissions"];
  if (typeof header !== "string" || !header.trim()) return undefined;
  const sets = parseAcceptedPermissions(header)
    .map((set) => set.map((need) => describePermission(need.permission, need.access)).join(" and "))
    .filter(Boolean);
  return `the kit's GitHub App token lacks the permission this call needs: grant the App ${sets.join(", or ")} (x-accepted-github-permissions: ${header.trim()}), then re-run; the run resumes where it stopped`;
}

/**
 * The App permission a refused push lacks (git's answer names no header): `workflows` when the push
 * touches workflow files, `contents` when the token may not push at all; undefined for other refusals.
 */
export function gitMissingPermission(message: string): "workflows" | "contents" | undefined {
  if (/without `workflows` permission/.test(message)) return "workflows";
  if (/Permission to \S+ denied to \S+\[bot\]/.test(message)) return "contents";
  return undefined;
}

/** The same for git's refusals of an App's push. */
export function gitPermissionHint(message: string): string | undefined {
  const missing = gitMissingPermission(message);
  if (missing) return `grant the kit's GitHub App ${describePermission(missing, "write")}, then re-run`;
  if (/GH013: Repository rule violations/.test(message)) {
    return "a ruleset refuses the kit's push (it applies to a new repo's first push too): make the kit's GitHub App a bypass actor of that ruleset (actor type Integration, the App's id), or exclude new kit repos from it, then re-run; the run resumes with the push";
  }
  if (/GH006: Protected branch update failed/.test(message)) {
    return "branch protection refuses the kit's push; the kit pushes before it protects, so the protection came from elsewhere: lift it for the first push, then re-run";
  }
  return undefined;
}

/**
 * A GitHub App manifest (docs: "Registering a GitHub App from a manifest") asking for exactly the
 * kit's permissions: no webhook, no events, private to the org.
 */
export function appManifest(name = "mlops-kit", url = "https://github.com/mlops-kit/mlops-kit") {
  return {
    name,
    url,
    public: false,
    hook_attributes: { url: "https://example.invalid/no-webhook", active: false },
    default_events: [] as string[],
    default_permissions: { metadata: "read", ...appPermissionUnion() },
  };
}
