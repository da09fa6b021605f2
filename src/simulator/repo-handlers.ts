/** A repo itself: get and update, branches (from the real git refs), contents (read), topics. */
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
import { commitShape, fullRepository } from "./github-shapes";
import { REPO_SETTINGS } from "./org-handlers";
import type { SimRepo } from "./sim-state";
import { now } from "./sim-state";

/** Branch → sha: the bare repo's heads once git holds the repo, else the seeded synthetic head. */
export async function branchHeads(ctx: HandlerContext, repo: SimRepo): Promise<Map<string, string>> {
  if (ctx.git.exists(repo)) return ctx.git.branchHeads(repo);
  return new Map(repo.syntheticHead ? [[repo.defaultBranch, repo.syntheticHead]] : []);
}

export async function requireBranch(ctx: HandlerContext, repo: SimRepo, branch: string): Promise<string> {
  const sha = (await branchHeads(ctx, repo)).get(branch);
  if (!sha) throw new ApiError(404, "Branch not found");
  return sha;
}

function protectionSummary(repo: SimRepo, branch: string) {
  const protection = repo.protections.get(branch);
  const checks = protection?.required_status_checks as { contexts?: string[] } | null | undefined;
  const contexts = checks?.contexts ?? [];
  return {
    enabled: protection !== undefined,
    required_status_checks: {
      enforcement_level: protection && checks ? "non_admins" : "off",
      contexts,
      checks: contexts.map((context) => ({ context, app_id: null })),
    },
  };
}

function encodeBase64Lines(content: Buffer): string {
  // GitHub wraps base64 content at 60 characters.
  return (
    content
      .toString("base64")
      .match(/.{1,60}/g)
      ?.join("\n")
      .concat("\n") ?? ""
  );
}

export const repoHandlers: Record<string, OperationHandler> = {
  "repos/get": (ctx) => {
    const { repo, access } = requireRepo(ctx);
    return ok(fullRepository(ctx.urls, repo, access));
  },

  "repos/update": async (ctx) => {
    const { repo, access } = requireRepo(ctx, "admin");
    const body = bodyObject(ctx);
    if (repo.archived && body.archived !== false) requireNotArchived(repo);
    if (typeof body.name === "string" && body.name.toLowerCase() !== repo.name.toLowerCase()) {
      if (ctx.state.repo(repo.org.login, body.name)) {
        throw validationFailed("name already exists on this account", {
          resource: "Repository",
          field: "name",
        });
      }
      ctx.state.repos.delete(`${repo.org.login.toLowerCase()}/${repo.name.toLowerCase()}`);
      // The old name now redirects to the repo (by id), until a new repo takes it.
      ctx.state.redirects.set(`${repo.org.login.toLowerCase()}/${repo.name.toLowerCase()}`, repo.id);
      repo.name = body.name;
      ctx.state.repos.set(`${repo.org.login.toLowerCase()}/${repo.name.toLowerCase()}`, repo);
    }
    if (typeof body.default_branch === "string" && body.default_branch !== repo.defaultBranch) {
      const heads = await branchHeads(ctx, repo);
      if (heads.size > 0 && !heads.has(body.default_branch)) {
        throw validationFailed(
          `The branch ${body.default_branch} was not found. Please push that ref first or create it via the Git Data API.`,
          {
            resource: "Repository",
            field: "default_branch",
            code: "invalid",
          },
        );
      }
      repo.defaultBranch = body.default_branch;
    }
    if (body.description !== undefined) repo.description = body.description as string | null;
    if (body.homepage !== undefined) repo.homepage = body.homepage as string | null;
    if (typeof body.visibility === "string") repo.visibility = body.visibility as SimRepo["visibility"];
    else if (typeof body.private === "boolean") repo.visibility = body.private ? "private" : "public";
    if (typeof body.archived === "boolean") repo.archived = body.archived;
    for (const key of REPO_SETTINGS) if (body[key] !== undefined) repo.settings[key] = body[key];
    repo.updatedAt = now();
    return ok(fullRepository(ctx.urls, repo, access));
  },

  "repos/list-branches": async (ctx) => {
    const { repo } = requireRepo(ctx);
    let branches = [...(await branchHeads(ctx, repo))].sort(([a], [b]) => a.localeCompare(b));
    const protectedOnly = ctx.query.get("protected");
    if (protectedOnly === "true") branches = branches.filter(([name]) => repo.protections.has(name));
    if (protectedOnly === "false") branches = branches.filter(([name]) => !repo.protections.has(name));
    const page = paginate(ctx, branches);
    const api = `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}`;
    return {
      status: 200,
      body: page.items.map(([name, sha]) => ({
        name,
        commit: { sha, url: `${api}/commits/${sha}` },
        protected: repo.protections.has(name),
        protection: protectionSummary(repo, name),
        protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
      })),
      headers: page.headers,
    };
  },

  "repos/get-branch": async (ctx) => {
    const { repo } = requireRepo(ctx);
    const name = ctx.params.branch ?? "";
    const sha = await requireBranch(ctx, repo, name);
    const api = `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}`;
    return ok({
      name,
      commit: commitShape(ctx.urls, repo, sha, await ctx.git.commit(repo, sha)),
      _links: {
        html: `${ctx.urls.server}/${repo.org.login}/${repo.name}/tree/${name}`,
        self: `${api}/branches/${encodeURIComponent(name)}`,
      },
      protected: repo.protections.has(name),
      protection: protectionSummary(repo, name),
      protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
    });
  },

  "repos/get-content": async (ctx) => {
    const { repo } = requireRepo(ctx);
    const heads = await branchHeads(ctx, repo);
    if (!ctx.git.exists(repo) || heads.size === 0) throw new ApiError(404, "This repository is empty.");
    const ref = ctx.query.get("ref") ?? repo.defaultBranch;
    const filePath = ctx.params.path ?? "";
    const entry = await ctx.git.readPath(repo, ref, filePath);
    if (!entry) {
      throw ctx.query.get("ref") && !heads.has(ref) && !/^[0-9a-f]{40}$/.test(ref)
        ? new ApiError(404, `No commit found for the ref ${ref}`)
        : notFound();
    }
    const api = `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}`;
    const html = `${ctx.urls.server}/${repo.org.login}/${repo.name}`;
    const links = (type: "file" | "dir", path: string, sha: string) => {
      const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
      const git = `${api}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`;
      const htmlUrl = `${html}/${type === "dir" ? "tree" : "blob"}/${ref}/${path}`;
      return {
        url: self,
        git_url: git,
        html_url: htmlUrl,
        download_url:
          type === "file" ? `${ctx.urls.server}/raw/${repo.org.login}/${repo.name}/${ref}/${path}` : null,
        _links: { self, git, html: htmlUrl },
      };
    };
    if (entry.type === "dir") {
      return ok(
        entry.entries.map((e) => ({
          type: e.type,
          size: e.size,
          name: e.name,
          path: e.path,
          sha: e.sha,
          ...links(e.type, e.path, e.sha),
        })),
      );
    }
    const mediaType = rawMediaType(String(ctx.headers.accept ?? ""));
    if (mediaType) {
      // GitHub tags a raw file with its blob's SHA: the same content always answers the same ETag.
      return {
        status: 200,
        body: entry.content,
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "x-github-media-type": mediaType,
          etag: `"${entry.sha}"`,
        },
      };
    }
    return ok({
      type: "file",
      encoding: "base64",
      size: entry.size,
      name: entry.path.split("/").pop(),
      path: entry.path,
      content: encodeBase64Lines(entry.content),
      sha: entry.sha,
      ...links("file", entry.path, entry.sha),
    });
  },

  "repos/get-all-topics": (ctx) => {
    const { repo } = requireRepo(ctx);
    return ok({ names: repo.topics });
  },

  "repos/replace-all-topics": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    requireNotArchived(repo);
    const names = [...new Set((bodyObject(ctx).names as string[]).map((n) => n.trim()))];
    const invalid = names.filter((n) => !/^[a-z0-9][a-z0-9-]{0,49}$/.test(n));
    if (invalid.length > 0) {
      // GitHub: "Validation Failed", the detail in errors[] as strings (`validation-error-simple`).
      throw new ApiError(422, "Validation Failed", {
        errors: [
          `${invalid.map((n) => `'${n}'`).join(", ")} ${invalid.length === 1 ? "is" : "are"} not a valid topic. Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens.`,
        ],
      });
    }
    if (names.length > 20) {
      throw new ApiError(422, "Validation Failed", {
        errors: ["A repository cannot have more than 20 topics."],
      });
    }
    repo.topics = names;
    repo.updatedAt = now();
    return ok({ names });
  },
};

/**
 * The `x-github-media-type` GitHub answers for a raw contents request (`application/vnd.github.raw`,
 * its `.v3.raw` alias, or `.raw+json`), or `undefined` when the client asked for JSON.
 */
export function rawMediaType(accept: string): string | undefined {
  const raw = /application\/vnd\.github(?:\.v3)?\.raw(\+json)?/.exec(accept);
  if (!raw) return undefined;
  return raw[1] ? "github.v3; param=raw; format=json" : "github.v3; param=raw";
}
