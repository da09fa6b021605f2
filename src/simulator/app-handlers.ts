/**
 * The GitHub App endpoints (`GET /app`, installations, installation tokens, the token's repositories)
 * and the gate every request of an App passes before its handler: JWT-only endpoints need the App's
 * JWT, everything else an installation token holding the permissions GitHub's table names for it.
 */
import {
  ApiError,
  bodyObject,
  type HandlerContext,
  notFound,
  type OperationHandler,
  ok,
  paginate,
} from "./api-handler";
import {
  type InstallationGrant,
  installationReaches,
  newInstallationToken,
  type SimApp,
  type SimInstallation,
  TOKEN_LIFETIME_MS,
} from "./app-auth";
import { nodeId, repositoryShape, simpleUser } from "./github-shapes";
import {
  type AppPermissions,
  acceptedPermissionsHeader,
  isSubset,
  operationPermissions,
  permitted,
} from "./permission-check";
import type { SimRepo, SimState, SimUser } from "./sim-state";

export const NOT_ACCESSIBLE = "Resource not accessible by integration";

/** Who called: a user or installation token, or an App's JWT. */
export interface AppCaller {
  user?: SimUser;
  app?: SimApp;
}

/**
 * The refusal for an App caller that may not call `method template`, or `undefined` to go on.
 * User tokens are not gated (users keep their role's powers).
 */
export function gateAppCaller(
  caller: AppCaller,
  method: string,
  template: string,
): { status: number; message: string; headers?: Record<string, string> } | undefined {
  const needs = operationPermissions(method, template);
  if (caller.app) {
    return needs?.kind === "app-jwt"
      ? undefined
      : { status: 401, message: "A JSON web token could not be decoded" };
  }
  const grant = caller.user?.installation;
  if (!grant) {
    return needs?.kind === "app-jwt"
      ? { status: 401, message: "A JSON web token could not be decoded" }
      : undefined;
  }
  // An implemented operation missing from both tables is a simulator bug, not a free pass.
  if (!needs) return { status: 403, message: `${NOT_ACCESSIBLE} (not in the simulator's permission table)` };
  if (permitted(grant.permissions, needs)) return undefined;
  const header = acceptedPermissionsHeader(needs);
  return {
    status: needs.kind === "app-jwt" ? 401 : 403,
    message: needs.kind === "app-jwt" ? "A JSON web token could not be decoded" : NOT_ACCESSIBLE,
    ...(header ? { headers: { "x-accepted-github-permissions": header } } : {}),
  };
}

function requireApp(ctx: HandlerContext): SimApp {
  if (!ctx.app) throw new ApiError(401, "A JSON web token could not be decoded");
  return ctx.app;
}

function appShape(ctx: HandlerContext, app: SimApp) {
  const owner = app.installations[0]?.org;
  return {
    id: app.id,
    slug: app.slug,
    client_id: app.clientId,
    node_id: nodeId("A", app.id),
    owner: owner
      ? simpleUser(
          ctx.urls,
          { id: owner.id, login: owner.login, name: null, email: null, createdAt: owner.createdAt },
          "Organization",
        )
      : null,
    name: app.name,
    description: null,
    external_url: `${ctx.urls.server}/apps/${app.slug}`,
    html_url: `${ctx.urls.server}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
    installations_count: app.installations.length,
  };
}

function installationShape(ctx: HandlerContext, installation: SimInstallation) {
  const org = installation.org;
  return {
    id: installation.id,
    account: simpleUser(
      ctx.urls,
      { id: org.id, login: org.login, name: null, email: null, createdAt: org.createdAt },
      "Organization",
    ),
    repository_selection: installation.selection,
    access_tokens_url: `${ctx.urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.urls.api}/installation/repositories`,
    html_url: `${ctx.urls.server}/organizations/${org.login}/settings/installations/${installation.id}`,
    app_id: installation.app.id,
    client_id: installation.app.clientId,
    target_id: org.id,
    target_type: "Organization",
    permissions: installation.permissions,
    events: installation.app.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    app_slug: installation.app.slug,
    suspended_by: null,
    suspended_at: null,
    contact_email: null,
  };
}

/** Repos an installation reaches, in creation order. */
function reachableRepos(_state: SimState, installation: SimInstallation): SimRepo[] {
  return installation.org.repos.filter((repo) => installationReaches(installation, repo));
}

/** The repos a token request narrows to (`repositories` names or `repository_ids`), or `null` for all. */
function requestedRepos(ctx: HandlerContext, installation: SimInstallation): Set<number> | null {
  const body = bodyObject(ctx);
  const names = Array.isArray(body.repositories) ? (body.repositories as string[]) : [];
  const ids = Array.isArray(body.repository_ids) ? (body.repository_ids as number[]) : [];
  if (names.length === 0 && ids.length === 0) return null;
  const reachable = reachableRepos(ctx.state, installation);
  const chosen = new Set<number>();
  for (const name of names) {
    const repo = reachable.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!repo) {
      throw new ApiError(
        422,
        "There is at least one repository that does not exist or is not accessible to the parent installation.",
      );
    }
    chosen.add(repo.id);
  }
  for (const id of ids) {
    if (!reachable.some((r) => r.id === id)) {
      throw new ApiError(
        422,
        "There is at least one repository that does not exist or is not accessible to the parent installation.",
      );
    }
    chosen.add(id);
  }
  return chosen;
}

const createAccessToken: OperationHandler = (ctx) => {
  const app = requireApp(ctx);
  const installation = ctx.state.apps.installations.get(Number(ctx.params.installation_id));
  if (!installation || installation.app !== app) throw notFound();
  const body = bodyObject(ctx);
  const asked = (body.permissions ?? undefined) as AppPermissions | undefined;
  if (asked && !isSubset(asked, installation.permissions)) {
    throw new ApiError(422, "The permissions requested are not granted to this installation.");
  }
  const repoIds = requestedRepos(ctx, installation);
  // Metadata: read comes with every token, as on GitHub.
  const permissions: AppPermissions = asked
    ? { metadata: "read", ...asked }
    : { ...installation.permissions };
  const grant: InstallationGrant = {
    installation,
    permissions,
    repoIds,
    expiresAt: Date.now() + TOKEN_LIFETIME_MS,
  };
  const token = newInstallationToken();
  ctx.state.tokens.set(token, { ...app.bot, installation: grant });
  const repositories = repoIds
    ? reachableRepos(ctx.state, installation)
        .filter((r) => repoIds.has(r.id))
        .map((r) => repositoryShape(ctx.urls, r, "admin"))
    : undefined;
  return ok(
    {
      token,
      expires_at: new Date(grant.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions,
      repository_selection: repoIds ? "selected" : installation.selection,
      ...(repositories ? { repositories } : {}),
    },
    201,
  );
};

export const appHandlers: Record<string, OperationHandler> = {
  "apps/get-authenticated": (ctx) => ok(appShape(ctx, requireApp(ctx))),
  "apps/get-org-installation": (ctx) => {
    const app = requireApp(ctx);
    const org = ctx.state.org(ctx.params.org ?? "");
    const installation = org ? ctx.state.apps.installationFor(app, org) : undefined;
    if (!installation) throw notFound();
    return ok(installationShape(ctx, installation));
  },
  "apps/get-repo-installation": (ctx) => {
    const app = requireApp(ctx);
    const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
    const installation = repo ? ctx.state.apps.installationFor(app, repo.org) : undefined;
    if (!repo || !installation || !installationReaches(installation, repo)) throw notFound();
    return ok(installationShape(ctx, installation));
  },
  "apps/create-installation-access-token": createAccessToken,
  "apps/list-repos-accessible-to-installation": (ctx) => {
    const grant = ctx.user?.installation;
    if (!grant)
      throw new ApiError(
        403,
        "You must authenticate with an installation access token in order to list repositories for an installation.",
      );
    const repos = reachableRepos(ctx.state, grant.installation).filter(
      (r) => grant.repoIds === null || grant.repoIds.has(r.id),
    );
    const page = paginate(ctx, repos);
    return {
      status: 200,
      body: {
        total_count: repos.length,
        repository_selection: grant.repoIds ? "selected" : grant.installation.selection,
        // The installation's list adds the repo's custom properties to the `repository` shape.
        repositories: page.items.map((r) => ({
          ...repositoryShape(ctx.urls, r, "admin"),
          custom_properties: Object.fromEntries(r.properties),
        })),
      },
      headers: page.headers,
    };
  },
};
