/**
 * Pull requests (create, list, get, update: title, body, base, close and reopen) and labels on them,
 * stateful and refused as GitHub refuses: head and base must be branches of the repo and differ, one
 * open pull request per head and base, no writes to archived repos. Heads are the real git branches.
 */
import {
  ApiError,
  bodyObject,
  type HandlerContext,
  notFound,
  type OperationHandler,
  ok,
  paginate,
  requireNotArchived,
  requireRepo,
  validationFailed,
} from "./api-handler";
import { nodeId, repositoryShape, simpleUser } from "./github-shapes";
import { type RepoPulls, repoPulls, type SimLabel, type SimPull } from "./pull-state";
import { branchHeads } from "./repo-handlers";
import { now, type SimRepo } from "./sim-state";

function labelShape(ctx: HandlerContext, repo: SimRepo, label: SimLabel) {
  return {
    id: label.id,
    node_id: nodeId("LA", label.id),
    url: `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

async function pullShape(ctx: HandlerContext, repo: SimRepo, pull: SimPull) {
  const heads = await branchHeads(ctx, repo);
  const full = `${repo.org.login}/${repo.name}`;
  const api = `${ctx.urls.api}/repos/${full}`;
  const html = `${ctx.urls.server}/${full}/pull/${pull.number}`;
  const repoShape = repositoryShape(ctx.urls, repo, "admin");
  const owner = simpleUser(ctx.urls, pull.user);
  const side = (ref: string, sha: string) => ({
    label: `${repo.org.login}:${ref}`,
    ref,
    sha,
    user: repoShape.owner,
    repo: repoShape,
  });
  const link = (href: string) => ({ href });
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId("PR", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${heads.get(pull.head) ?? pull.headShaAtClose ?? ""}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: owner,
    body: pull.body,
    // The list's schema (pull-request-simple) wants a string description where the label has none.
    labels: pull.labels.map((l) => ({ ...labelShape(ctx, repo, l), description: l.description ?? "" })),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head, heads.get(pull.head) ?? pull.headShaAtClose ?? ""),
    base: side(pull.base, heads.get(pull.base) ?? ""),
    _links: {
      self: link(`${api}/pulls/${pull.number}`),
      html: link(html),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${api}/pulls/${pull.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${pull.number}/commits`),
      statuses: link(`${api}/statuses/${heads.get(pull.head) ?? ""}`),
    },
    author_association: "MEMBER",
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.state === "open" ? true : null,
    rebaseable: null,
    mergeable_state: pull.state === "open" ? "clean" : "unknown",
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

/** A list item (`pull-request-simple`): no merge state, counts or diff statistics. */
function simplePull(pull: Awaited<ReturnType<typeof pullShape>>) {
  const {
    merged: _merged,
    mergeable: _mergeable,
    rebaseable: _rebaseable,
    mergeable_state: _mergeableState,
    merged_by: _mergedBy,
    comments: _comments,
    review_comments: _reviewComments,
    maintainer_can_modify: _maintainerCanModify,
    commits: _commits,
    additions: _additions,
    deletions: _deletions,
    changed_files: _changedFiles,
    ...simple
  } = pull;
  return simple;
}

/** `head` as `branch` or `owner:branch` (same-repo pull requests only: the kit opens no forks). */
function headBranch(repo: SimRepo, head: string): string {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  if (head.slice(0, colon).toLowerCase() !== repo.org.login.toLowerCase()) return "";
  return head.slice(colon + 1);
}

function requirePull(ctx: HandlerContext, pulls: RepoPulls): SimPull {
  const pull = pulls.pulls.get(Number(ctx.params.pull_number));
  if (!pull) throw notFound();
  return pull;
}

function refuseDuplicate(repo: SimRepo, pulls: RepoPulls, head: string, base: string, self?: SimPull): void {
  for (const other of pulls.pulls.values()) {
    if (other !== self && other.state === "open" && other.head === head && other.base === base) {
      throw validationFailed("Validation Failed", {
        resource: "PullRequest",
        code: "custom",
        message: `A pull request already exists for ${repo.org.login}:${head}.`,
      });
    }
  }
}

export const pullHandlers: Record<string, OperationHandler> = {
  "pulls/create": async (ctx) => {
    const { repo } = requireRepo(ctx, "push");
    requireNotArchived(repo);
    const body = bodyObject(ctx);
    const heads = await branchHeads(ctx, repo);
    const head = headBranch(repo, String(body.head ?? ""));
    const base = String(body.base ?? "");
    if (!heads.has(head))
      throw validationFailed("Validation Failed", {
        resource: "PullRequest",
        field: "head",
        code: "invalid",
      });
    if (!heads.has(base))
      throw validationFailed("Validation Failed", {
        resource: "PullRequest",
        field: "base",
        code: "invalid",
      });
    if (heads.get(head) === heads.get(base)) {
      throw validationFailed("Validation Failed", {
        resource: "PullRequest",
        code: "custom",
        message: `No commits between ${base} and ${head}`,
      });
    }
    const pulls = repoPulls(repo);
    refuseDuplicate(repo, pulls, head, base);
    const stamp = now();
    const pull: SimPull = {
      id: ctx.state.newId(),
      number: pulls.nextNumber++,
      title: String(body.title ?? ""),
      body: typeof body.body === "string" ? body.body : null,
      state: "open",
      draft: body.draft === true,
      head,
      base,
      user: ctx.user!,
      labels: [],
      merged: false,
      mergedAt: null,
      mergeCommitSha: null,
      createdAt: stamp,
      updatedAt: stamp,
      closedAt: null,
    };
    if (!pull.title)
      throw validationFailed("Validation Failed", {
        resource: "PullRequest",
        field: "title",
        code: "missing_field",
      });
    pulls.pulls.set(pull.number, pull);
    return {
      status: 201,
      body: await pullShape(ctx, repo, pull),
      headers: { location: `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}/pulls/${pull.number}` },
    };
  },

  "pulls/list": async (ctx) => {
    const { repo } = requireRepo(ctx);
    const state = ctx.query.get("state") ?? "open";
    const head = ctx.query.get("head");
    const base = ctx.query.get("base");
    const direction = ctx.query.get("direction") ?? "desc";
    const matching = [...repoPulls(repo).pulls.values()]
      .filter((p) => state === "all" || p.state === state)
      .filter((p) => !head || headBranch(repo, head) === p.head)
      .filter((p) => !base || p.base === base)
      .sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
    const page = paginate(ctx, matching);
    return {
      status: 200,
      body: await Promise.all(page.items.map(async (p) => simplePull(await pullShape(ctx, repo, p)))),
      headers: page.headers,
    };
  },

  "pulls/get": async (ctx) => {
    const { repo } = requireRepo(ctx);
    return ok(await pullShape(ctx, repo, requirePull(ctx, repoPulls(repo))));
  },

  "pulls/update": async (ctx) => {
    const { repo } = requireRepo(ctx, "push");
    requireNotArchived(repo);
    const pulls = repoPulls(repo);
    const pull = requirePull(ctx, pulls);
    const body = bodyObject(ctx);
    const heads = await branchHeads(ctx, repo);
    if (typeof body.base === "string" && !heads.has(body.base)) {
      throw validationFailed("Validation Failed", {
        resource: "PullRequest",
        field: "base",
        code: "invalid",
      });
    }
    if (body.state === "open" && pull.state === "closed") {
      if (pull.merged)
        throw validationFailed("Validation Failed", {
          resource: "PullRequest",
          code: "custom",
          message: "state cannot be changed. The pull request has been merged.",
        });
      if (!heads.has(pull.head))
        throw new ApiError(422, "state cannot be changed. The head branch was deleted.");
      refuseDuplicate(repo, pulls, pull.head, (body.base as string | undefined) ?? pull.base, pull);
    }
    if (typeof body.title === "string") pull.title = body.title;
    if (typeof body.body === "string") pull.body = body.body;
    if (typeof body.base === "string") pull.base = body.base;
    if (body.state === "closed" && pull.state === "open") {
      pull.state = "closed";
      pull.closedAt = now();
      pull.headShaAtClose = heads.get(pull.head);
    } else if (body.state === "open" && pull.state === "closed") {
      pull.state = "open";
      pull.closedAt = null;
    }
    pull.updatedAt = now();
    return ok(await pullShape(ctx, repo, pull));
  },

  "issues/add-labels": (ctx) => {
    const { repo } = requireRepo(ctx, "triage");
    requireNotArchived(repo);
    const pulls = repoPulls(repo);
    const pull = pulls.pulls.get(Number(ctx.params.issue_number));
    if (!pull) throw notFound();
    const body = ctx.body;
    const names = (Array.isArray(body) ? body : ((bodyObject(ctx).labels as unknown[] | undefined) ?? []))
      .map((l) => (typeof l === "string" ? l : String((l as { name?: unknown }).name ?? "")))
      .filter(Boolean);
    for (const name of names) {
      // GitHub creates a label the repo does not have yet.
      let label = pulls.labels.get(name.toLowerCase());
      if (!label) {
        label = { id: ctx.state.newId(), name, color: "ededed", description: null };
        pulls.labels.set(name.toLowerCase(), label);
      }
      if (!pull.labels.includes(label)) pull.labels.push(label);
    }
    pull.updatedAt = now();
    return ok(pull.labels.map((l) => labelShape(ctx, repo, l)));
  },

  "issues/create-label": (ctx) => {
    const { repo } = requireRepo(ctx, "push");
    requireNotArchived(repo);
    const body = bodyObject(ctx);
    const pulls = repoPulls(repo);
    const name = String(body.name ?? "");
    if (pulls.labels.has(name.toLowerCase())) {
      throw validationFailed("Validation Failed", {
        resource: "Label",
        field: "name",
        code: "already_exists",
      });
    }
    const color = String(body.color ?? "ededed").replace(/^#/, "");
    if (!/^[0-9a-fA-F]{6}$/.test(color))
      throw validationFailed("Validation Failed", { resource: "Label", field: "color", code: "invalid" });
    const label: SimLabel = {
      id: ctx.state.newId(),
      name,
      color,
      description: typeof body.description === "string" ? body.description : null,
    };
    pulls.labels.set(name.toLowerCase(), label);
    return ok(labelShape(ctx, repo, label), 201);
  },

  "issues/get-label": (ctx) => {
    const { repo } = requireRepo(ctx);
    const label = repoPulls(repo).labels.get((ctx.params.name ?? "").toLowerCase());
    if (!label) throw notFound();
    return ok(labelShape(ctx, repo, label));
  },
};
