/**
 * Renamed repositories, as GitHub answers for them: a request to the old `/repos/{owner}/{name}…`
 * answers `301 Moved Permanently` (GET) or `307 Temporary Redirect` (other methods) to
 * `/repositories/{id}…`, which Octokit (fetch) follows; `/repositories/{id}…` reaches every repo route
 * by id. A redirect is dropped when a new repo takes the old name. Callers who cannot read the repo get
 * the 404 they would get for any private repo.
 */
import type { ApiResult } from "./api-handler";
import { DOCS_URL } from "./api-handler";
import { hasAccess, repoAccess } from "./repo-access";
import type { SimState, SimUser } from "./sim-state";

const BY_ID = /^\/repositories\/(\d+)(\/.*)?$/;
const BY_NAME = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/;

export function repoKey(owner: string, name: string): string {
  return `${owner.toLowerCase()}/${name.toLowerCase()}`;
}

/** `/repositories/{id}/rest` → `/repos/{owner}/{name}/rest`; other paths (and unknown ids) unchanged. */
export function pathById(state: SimState, path: string): string {
  const match = BY_ID.exec(path);
  if (!match) return path;
  const repo = state.reposById.get(Number(match[1]));
  if (!repo) return path;
  return `/repos/${repo.org.login}/${repo.name}${match[2] ?? ""}`;
}

/** The redirect for a request to a renamed repo's old name, or `undefined`. */
export function redirectFor(
  state: SimState,
  user: SimUser | undefined,
  method: string,
  path: string,
  search: string,
  apiUrl: string,
): ApiResult | undefined {
  const match = BY_NAME.exec(path);
  if (!match) return undefined;
  const [, owner, name, rest = ""] = match;
  if (state.repo(decodeURIComponent(owner!), decodeURIComponent(name!))) return undefined;
  const id = state.redirects.get(repoKey(decodeURIComponent(owner!), decodeURIComponent(name!)));
  const repo = id === undefined ? undefined : state.reposById.get(id);
  if (!repo || !hasAccess(repoAccess(user, repo), "pull")) return undefined;
  const location = `${apiUrl}/repositories/${repo.id}${rest}${search}`;
  const permanent = method === "GET" || method === "HEAD";
  return {
    status: permanent ? 301 : 307,
    headers: { location },
    body: {
      message: permanent ? "Moved Permanently" : "Temporary Redirect",
      url: location,
      documentation_url: DOCS_URL,
    },
  };
}
