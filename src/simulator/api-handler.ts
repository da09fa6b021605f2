/**
 * What an implemented operation is: a function from a checked request (route matched, caller
 * authenticated, body valid per the description) to a status and a body. Refusals are thrown as
 * `ApiError` with GitHub's message.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { SimApp } from "./app-auth";
import type { GitRepositories } from "./git-repositories";
import { hasAccess, repoAccess } from "./repo-access";
import type { Access, SimOrg, SimRepo, SimState, SimUser } from "./sim-state";

export const DOCS_URL = "https://docs.github.com/rest";

export interface SimUrls {
  /** API base, e.g. `http://127.0.0.1:4010`. */
  api: string;
  /** Web/git base; the same server in the simulator. */
  server: string;
}

export interface HandlerContext {
  state: SimState;
  git: GitRepositories;
  urls: SimUrls;
  /** The caller; `undefined` only for operations that allow anonymous calls. */
  user: SimUser | undefined;
  /** The App, when the caller authenticated with its JWT (only the App endpoints accept that). */
  app?: SimApp;
  params: Record<string, string>;
  /** The request path (no query), for `Link` headers. */
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Replication lag given to repos created through the API. */
  gitLagForNewRepos: number;
  /** The caller's primary rate-limit budget, as `x-ratelimit-*` reports it. */
  rateLimit(): { limit: number; remaining: number; used: number; reset: number };
}

export interface ApiResult {
  status: number;
  /** JSON-serialised, unless a Buffer (sent as is, e.g. raw file content). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type OperationHandler = (ctx: HandlerContext) => ApiResult | Promise<ApiResult>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { message: this.message, documentation_url: DOCS_URL, ...this.extra, status: String(this.status) };
  }
}

export function notFound(): ApiError {
  return new ApiError(404, "Not Found");
}

/** GitHub's 422 "Validation Failed" with one error entry. */
export function validationFailed(
  message: string,
  error: { resource?: string; field?: string; code?: string; message?: string } = {},
): ApiError {
  return new ApiError(422, message, {
    errors: [{ code: "custom", ...error, message: error.message ?? message }],
  });
}

export function ok(body: unknown, status = 200): ApiResult {
  return { status, body };
}

export const NO_CONTENT: ApiResult = { status: 204 };

export function requireOrg(ctx: HandlerContext): SimOrg {
  const org = ctx.state.org(ctx.params.org ?? "");
  if (!org) throw notFound();
  return org;
}

/**
 * The repo of `{owner}/{repo}`, refused as GitHub refuses: 404 when the caller cannot read it (GitHub
 * does not reveal private repos), 403 "Must have admin rights" when it can read but lacks `needed`.
 */
export function requireRepo(ctx: HandlerContext, needed: Access = "pull"): { repo: SimRepo; access: Access } {
  const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
  if (!repo) throw notFound();
  const access = repoAccess(ctx.user, repo);
  if (!hasAccess(access, "pull")) throw notFound();
  if (!hasAccess(access, needed)) {
    // GitHub's wording differs by the level the operation needs.
    throw new ApiError(
      403,
      needed === "admin" ? "Must have admin rights to Repository." : "Must have push access to repository.",
    );
  }
  return { repo, access };
}

/** `per_page` (1–100, default 30) and `page` from the query. */
export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number.parseInt(query.get("per_page") ?? "30", 10) || 30));
  const page = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);
  return { perPage, page };
}

/** One page of `items` and GitHub's `Link` header (rel next, last, first, prev). */
export function paginate<T>(
  ctx: HandlerContext,
  items: readonly T[],
): { items: T[]; headers: Record<string, string> } {
  const { perPage, page } = pageParams(ctx.query);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const query = new URLSearchParams(ctx.query);
    query.set("per_page", String(perPage));
    query.set("page", String(p));
    return `<${ctx.urls.api}${ctx.pathname}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < lastPage) links.push(link(page + 1, "next"), link(lastPage, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

export function bodyObject(ctx: HandlerContext): Record<string, unknown> {
  return ctx.body !== null && typeof ctx.body === "object" && !Array.isArray(ctx.body)
    ? (ctx.body as Record<string, unknown>)
    : {};
}

/** Writes to an archived repo are refused (it is read-only until unarchived). */
export function requireNotArchived(repo: SimRepo): void {
  if (repo.archived) throw new ApiError(403, "Repository was archived so is read-only.");
}
