/**
 * Classic branch protection: get, replace (PUT) and delete, in GitHub's `protected-branch` shape, plus
 * required signatures (their own endpoints; a PUT of the protection leaves them as they were). Every
 * field a PUT sets is stored and returned as sent, so a repair that drops one is caught.
 */
import {
  ApiError,
  bodyObject,
  type HandlerContext,
  NO_CONTENT,
  type OperationHandler,
  ok,
  requireNotArchived,
  requireRepo,
} from "./api-handler";
import { nodeId, simpleUser, teamShape } from "./github-shapes";
import { requireBranch } from "./repo-handlers";
import { ACCESS_RANK, type SimRepo } from "./sim-state";

type Body = Record<string, unknown>;

/**
 * A GitHub App named in a protection (push restrictions, dismissal restrictions, bypass allowances).
 * The simulator has no app registry: any slug is an app owned by the org, with an id derived from it.
 */
function appShape(ctx: HandlerContext, repo: SimRepo, slug: string) {
  const id = [...slug].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7) + 1;
  const owner = { id: repo.org.id, login: repo.org.login, name: null, email: null, createdAt: "" };
  const url = `${ctx.urls.server}/apps/${slug}`;
  return {
    id,
    slug,
    node_id: nodeId("A", id),
    client_id: `Iv1.${id}`,
    owner: simpleUser(ctx.urls, owner, "Organization"),
    name: slug,
    // The restrictions schema wants a string, the others a nullable one: a string fits both.
    description: "",
    external_url: url,
    html_url: url,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: {},
    events: [],
  };
}

function actors(
  ctx: HandlerContext,
  repo: SimRepo,
  given: { users?: string[]; teams?: string[]; apps?: string[] } | undefined,
) {
  const users = (given?.users ?? []).flatMap((login) => {
    const user = ctx.state.user(login);
    return user ? [simpleUser(ctx.urls, user)] : [];
  });
  const teams = (given?.teams ?? []).flatMap((slug) => {
    const team = repo.org.teams.get(slug.toLowerCase());
    return team ? [teamShape(ctx.urls, team)] : [];
  });
  const apps = (given?.apps ?? []).map((slug) => appShape(ctx, repo, slug));
  return { users, teams, apps };
}

/** The GET (and PUT answer) shape of a branch's protection, from the PUT body that set it. */
export function protectedBranchShape(ctx: HandlerContext, repo: SimRepo, branch: string, body: Body) {
  const url = `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}/branches/${encodeURIComponent(branch)}/protection`;
  const shape: Body = { url };
  const checks = body.required_status_checks as {
    strict?: boolean;
    contexts?: string[];
    checks?: { context: string; app_id?: number | null }[];
  } | null;
  if (checks) {
    // app_id -1 ("any app") reads back as null, like a check that was never bound to an app.
    const list = (checks.checks ?? (checks.contexts ?? []).map((context) => ({ context, app_id: null }))).map(
      (c) => ({ context: c.context, app_id: c.app_id === -1 ? null : (c.app_id ?? null) }),
    );
    shape.required_status_checks = {
      url: `${url}/required_status_checks`,
      strict: checks.strict ?? false,
      contexts: list.map((c) => c.context),
      contexts_url: `${url}/required_status_checks/contexts`,
      checks: list.map((c) => ({ context: c.context, app_id: c.app_id ?? null })),
    };
  }
  const reviews = body.required_pull_request_reviews as Body | null;
  if (reviews) {
    shape.required_pull_request_reviews = {
      url: `${url}/required_pull_request_reviews`,
      dismiss_stale_reviews: reviews.dismiss_stale_reviews ?? false,
      require_code_owner_reviews: reviews.require_code_owner_reviews ?? false,
      required_approving_review_count: reviews.required_approving_review_count ?? 1,
      require_last_push_approval: reviews.require_last_push_approval ?? false,
      ...(reviews.dismissal_restrictions
        ? {
            dismissal_restrictions: {
              url: `${url}/dismissal_restrictions`,
              users_url: `${url}/dismissal_restrictions/users`,
              teams_url: `${url}/dismissal_restrictions/teams`,
              ...actors(
                ctx,
                repo,
                reviews.dismissal_restrictions as { users?: string[]; teams?: string[]; apps?: string[] },
              ),
            },
          }
        : {}),
      ...(reviews.bypass_pull_request_allowances
        ? {
            bypass_pull_request_allowances: actors(
              ctx,
              repo,
              reviews.bypass_pull_request_allowances as {
                users?: string[];
                teams?: string[];
                apps?: string[];
              },
            ),
          }
        : {}),
    };
  }
  shape.required_signatures = {
    url: `${url}/required_signatures`,
    enabled: body.required_signatures === true,
  };
  shape.enforce_admins = { url: `${url}/enforce_admins`, enabled: body.enforce_admins === true };
  shape.required_linear_history = { enabled: body.required_linear_history === true };
  shape.allow_force_pushes = { enabled: body.allow_force_pushes === true };
  shape.allow_deletions = { enabled: body.allow_deletions === true };
  shape.block_creations = { enabled: body.block_creations === true };
  shape.required_conversation_resolution = { enabled: body.required_conversation_resolution === true };
  shape.lock_branch = { enabled: body.lock_branch === true };
  shape.allow_fork_syncing = { enabled: body.allow_fork_syncing === true };
  const restrictions = body.restrictions as { users?: string[]; teams?: string[]; apps?: string[] } | null;
  if (restrictions) {
    shape.restrictions = {
      url: `${url}/restrictions`,
      users_url: `${url}/restrictions/users`,
      teams_url: `${url}/restrictions/teams`,
      apps_url: `${url}/restrictions/apps`,
      ...actors(ctx, repo, restrictions),
    };
  }
  return shape;
}

/**
 * GitHub keeps only push-restriction teams that can push to the repo: a team without write access is
 * dropped from `restrictions.teams` (silently), so a reader sees it gone.
 */
function withoutTeamsLackingPush(repo: SimRepo, body: Body): Body {
  const restrictions = body.restrictions as { teams?: string[] } | null | undefined;
  if (!restrictions?.teams) return body;
  const teams = restrictions.teams.filter((slug) => {
    const team = repo.org.teams.get(slug.toLowerCase());
    return team !== undefined && ACCESS_RANK[repo.teams.get(team.id) ?? "none"] >= ACCESS_RANK.push;
  });
  return { ...body, restrictions: { ...restrictions, teams } };
}

/** Reads or sets whether a protected branch requires signed commits. */
function signatures(ctx: HandlerContext, enable?: boolean) {
  const { repo } = requireRepo(ctx, "admin");
  const branch = ctx.params.branch ?? "";
  const body = repo.protections.get(branch);
  if (!body) throw new ApiError(404, "Branch not protected");
  if (enable === false) {
    body.required_signatures = false;
    return NO_CONTENT;
  }
  if (enable) body.required_signatures = true;
  const url = `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}/branches/${encodeURIComponent(branch)}/protection/required_signatures`;
  return ok({ url, enabled: body.required_signatures === true });
}

export const protectionHandlers: Record<string, OperationHandler> = {
  "repos/get-branch-protection": async (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const branch = ctx.params.branch ?? "";
    const body = repo.protections.get(branch);
    if (!body) {
      await requireBranch(ctx, repo, branch);
      throw new ApiError(404, "Branch not protected");
    }
    return ok(protectedBranchShape(ctx, repo, branch, body));
  },

  "repos/update-branch-protection": async (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    requireNotArchived(repo);
    const branch = ctx.params.branch ?? "";
    await requireBranch(ctx, repo, branch);
    const previous = repo.protections.get(branch);
    const body = {
      ...withoutTeamsLackingPush(repo, bodyObject(ctx)),
      required_signatures: previous?.required_signatures === true,
    };
    repo.protections.set(branch, body);
    return ok(protectedBranchShape(ctx, repo, branch, body));
  },

  "repos/get-commit-signature-protection": (ctx) => signatures(ctx),
  "repos/create-commit-signature-protection": (ctx) => signatures(ctx, true),
  "repos/delete-commit-signature-protection": (ctx) => signatures(ctx, false),

  "repos/delete-branch-protection": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    requireNotArchived(repo);
    if (!repo.protections.delete(ctx.params.branch ?? "")) throw new ApiError(404, "Branch not protected");
    return NO_CONTENT;
  },
};
