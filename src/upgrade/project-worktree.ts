/**
 * The generated repo's working tree as an update sees it (adapter): whether it is clean, the files at
 * the paths the merge reads, and applying the merge's plan. Every write and delete is checked to stay
 * inside the repo and never to follow a symbolic link out of it.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { KitError } from "../errors";
import type { FileTree, TreeFile } from "./file-tree";
import type { FileChange } from "./tree-merge";

export interface ProjectWorktree {
  readonly dir: string;
  /** Uncommitted changes and untracked files, as `git status --porcelain` lines (empty: clean). */
  uncommitted(): string[];
  readText(relative: string): string | undefined;
  /** The regular files among `paths` (others are absent from the result). */
  readFiles(paths: readonly string[]): FileTree;
  apply(changes: readonly FileChange[]): void;
}

export function createProjectWorktree(dir: string): ProjectWorktree {
  const root = path.resolve(dir);
  const inside = (relative: string): string => {
    const full = path.resolve(root, relative);
    if (!full.startsWith(root + path.sep)) {
      throw new KitError("template-unsafe-path", `refusing to touch ${relative}, outside ${dir}`);
    }
    // No symlinked folder on the way: a write must land in the repo itself.
    let at = root;
    for (const segment of path.relative(root, path.dirname(full)).split(path.sep).filter(Boolean)) {
      at = path.join(at, segment);
      if (existsSync(at) && lstatSync(at).isSymbolicLink()) {
        throw new KitError(
          "template-unsafe-path",
          `refusing to write through the symbolic link ${path.relative(root, at)}`,
        );
      }
    }
    return full;
  };
  const regularFile = (full: string) => existsSync(full) && lstatSync(full).isFile();
  return {
    dir: root,
    uncommitted() {
      if (!existsSync(path.join(root, ".git"))) {
        throw new KitError(
          "project-not-git",
          `${dir} is not a git repository; an update needs git so its changes can be reviewed and undone`,
        );
      }
      return execFileSync("git", ["-C", root, "status", "--porcelain", "--untracked-files=normal"], {
        encoding: "utf8",
      })
        .split("\n")
        .filter(Boolean);
    },
    readText(relative) {
      const full = inside(relative);
      return regularFile(full) ? readFileSync(full, "utf8") : undefined;
    },
    readFiles(paths) {
      const tree = new Map<string, TreeFile>();
      for (const relative of paths) {
        const full = inside(relative);
        if (!regularFile(full)) continue;
        tree.set(relative, { content: readFileSync(full), mode: lstatSync(full).mode & 0o777 });
      }
      return tree;
    },
    apply(changes) {
      for (const change of changes) {
        const full = inside(change.path);
        if (change.kind === "delete") {
          rmSync(full, { force: true });
          removeEmptyParents(root, path.dirname(full));
          continue;
        }
        if (existsSync(full) && !lstatSync(full).isFile()) {
          throw new KitError(
            "update-blocked",
            `${change.path} is not a regular file in ${dir}; move it away and run the update again`,
          );
        }
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, change.content);
        chmodSync(full, change.mode);
      }
    },
  };
}

function removeEmptyParents(root: string, dir: string): void {
  for (
    let at = dir;
    at.startsWith(root + path.sep) && existsSync(at) && readdirSync(at).length === 0;
    at = path.dirname(at)
  ) {
    rmdirSync(at);
  }
}
