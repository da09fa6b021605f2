/**
 * The bare git repositories behind simulated repos, created lazily on first git use (seeded repos
 * without content never touch the disk). Branch heads are read from the bare repo and cached until the
 * next push, so the branches API reports what was really pushed.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { SimRepo } from "./sim-state";

const run = promisify(execFile);

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerEmail: string;
  committerDate: string;
  message: string;
}

export type PathEntry =
  | { type: "file"; sha: string; size: number; path: string; content: Buffer }
  | {
      type: "dir";
      path: string;
      entries: { type: "file" | "dir"; name: string; path: string; sha: string; size: number }[];
    };

/** Git run with no user or system config: the simulator must not depend on the machine's settings. */
export function gitEnvironment(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    LANG: "C",
  };
}

export class GitRepositories {
  private readonly onDisk = new Set<number>();
  private readonly heads = new Map<number, Promise<Map<string, string>>>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
    this.env = gitEnvironment(root);
  }

  /** Path of a repo's bare repository below the root (by id, so a rename keeps it). */
  relativePath(repo: SimRepo): string {
    return `${repo.id}.git`;
  }

  exists(repo: SimRepo): boolean {
    return this.onDisk.has(repo.id);
  }

  /** Creates the bare repository on first use; HEAD names the repo's default branch. */
  async ensure(repo: SimRepo): Promise<string> {
    const dir = path.join(this.root, this.relativePath(repo));
    if (this.onDisk.has(repo.id)) return dir;
    if (!existsSync(dir)) {
      await run("git", ["init", "--quiet", "--bare", `--initial-branch=${repo.defaultBranch}`, dir], {
        env: this.env,
      });
    }
    this.onDisk.add(repo.id);
    return dir;
  }

  /** Forget cached heads (after a push). */
  invalidate(repo: SimRepo): void {
    this.heads.delete(repo.id);
  }

  /** Branch → sha, from the bare repo; empty when it has no git yet. */
  branchHeads(repo: SimRepo): Promise<Map<string, string>> {
    if (!this.onDisk.has(repo.id)) return Promise.resolve(new Map());
    let heads = this.heads.get(repo.id);
    if (!heads) {
      heads = this.git(repo, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads"]).then(
        (out) => {
          const map = new Map<string, string>();
          for (const line of out.split("\n")) {
            const [sha, ref] = line.split(" ");
            if (sha && ref) map.set(ref.replace(/^refs\/heads\//, ""), sha);
          }
          return map;
        },
      );
      heads.catch(() => this.heads.delete(repo.id));
      this.heads.set(repo.id, heads);
    }
    return heads;
  }

  async commit(repo: SimRepo, sha: string): Promise<CommitInfo | undefined> {
    if (!this.onDisk.has(repo.id)) return undefined;
    const format = ["%H", "%T", "%P", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%B"].join("%x00");
    try {
      const out = await this.git(repo, ["show", "-s", `--format=${format}`, sha]);
      const [h, t, p, an, ae, ad, cn, ce, cd, message] = out.split("\0");
      return {
        sha: h!,
        tree: t!,
        parents: p ? p.split(" ").filter(Boolean) : [],
        authorName: an!,
        authorEmail: ae!,
        authorDate: ad!,
        committerName: cn!,
        committerEmail: ce!,
        committerDate: cd!,
        message: (message ?? "").replace(/\n+$/, ""),
      };
    } catch {
      return undefined;
    }
  }

  /** A file (with its content) or a directory listing at a ref; `undefined` when the path is absent. */
  async readPath(repo: SimRepo, ref: string, filePath: string): Promise<PathEntry | undefined> {
    if (!this.onDisk.has(repo.id)) return undefined;
    const clean = filePath.replace(/^\/+|\/+$/g, "");
    let listing: string;
    try {
      // The path itself (or, for the root, its children): `mode type sha size\tpath`.
      listing = await this.git(repo, [
        "ls-tree",
        "-z",
        "--long",
        "--full-tree",
        ref,
        ...(clean ? ["--", clean] : []),
      ]);
    } catch {
      return undefined;
    }
    const entries = parseTree(listing);
    const self = entries.find((e) => e.path === clean);
    if (self && self.type === "file") {
      const content = await this.gitBuffer(repo, ["cat-file", "blob", self.sha]);
      return { type: "file", sha: self.sha, size: content.length, path: clean, content };
    }
    if (clean && !self) return undefined;
    const children = clean
      ? parseTree(await this.git(repo, ["ls-tree", "-z", "--long", "--full-tree", ref, "--", `${clean}/`]))
      : entries;
    return {
      type: "dir",
      path: clean,
      entries: children.map((e) => ({ ...e, name: e.path.split("/").pop()! })),
    };
  }

  removeAll(): void {
    rmSync(this.root, { recursive: true, force: true });
    mkdirSync(this.root, { recursive: true });
    this.onDisk.clear();
    this.heads.clear();
  }

  private async git(repo: SimRepo, args: string[]): Promise<string> {
    const { stdout } = await run("git", args, {
      cwd: path.join(this.root, this.relativePath(repo)),
      env: this.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }

  private async gitBuffer(repo: SimRepo, args: string[]): Promise<Buffer> {
    const { stdout } = await run("git", args, {
      cwd: path.join(this.root, this.relativePath(repo)),
      env: this.env,
      encoding: "buffer",
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }
}

function parseTree(listing: string): { type: "file" | "dir"; path: string; sha: string; size: number }[] {
  return listing
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, entryPath] = line.split("\t") as [string, string];
      const [, type, sha, size] = meta.split(/\s+/) as [string, string, string, string];
      return {
        type: type === "tree" ? ("dir" as const) : ("file" as const),
        path: entryPath,
        sha,
        size: size === "-" ? 0 : Number(size),
      };
    });
}
