/**
 * Turns a folder of files into a git repository with one commit of all of them, written directly in
 * git's formats (src/git/git-objects.ts) in this process: what `git init`, `git add --all` and
 * `git commit` (then `git gc`) do for a fresh folder, without starting three git processes.
 *
 * Used by `mlops-kit create`, whose folder holds only rendered files: every file is committed (the
 * template's own `.gitignore` is for what the project produces later; a test proves git's `add --all`
 * commits the same tree for every template). Symbolic links are refused rather than guessed at.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KitError } from "../errors";
import { type CommitIdentity, KIT_COMMIT_IDENTITY } from "./commit-identity";
import {
  commitObject,
  type GitObject,
  gitObject,
  indexFile,
  packObjects,
  signatureLine,
  treeObjects,
} from "./git-objects";

/** Slash-separated paths of the regular files under `dir`, `.git` excluded. */
function listWorkTree(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (!prefix && entry.name === ".git") return [];
    if (entry.isDirectory()) return listWorkTree(dir, rel);
    if (entry.isFile()) return [rel];
    throw new KitError("git-unsupported-file", `${rel} is not a regular file; the kit commits only files`);
  });
}

const GIT_FOLDERS = [
  "",
  "objects",
  "objects/info",
  "objects/pack",
  "refs",
  "refs/heads",
  "refs/tags",
  "logs",
  "logs/refs",
  "logs/refs/heads",
];

const REPO_CONFIG = [
  "[core]",
  "\trepositoryformatversion = 0",
  "\tfilemode = true",
  "\tbare = false",
  "\tlogallrefupdates = true",
  "",
].join("\n");

/**
 * Whether git accepts `refs/heads/<name>` (git-check-ref-format): what `git init -b` would refuse is
 * refused here too, and no name can point a ref file outside `.git/refs/heads`.
 */
export function isBranchName(name: string): boolean {
  if (name.endsWith(".") || name.includes("..") || name.includes("@{")) return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split("/").every((part) => part !== "" && !part.startsWith(".") && !part.endsWith(".lock"));
}

/** `git init -b <branch>` and one commit of every file in `dir`; returns the commit SHA. */
export async function writeSingleCommitRepo(
  dir: string,
  branch: string,
  message: string,
  identity: CommitIdentity = KIT_COMMIT_IDENTITY,
  now: Date = new Date(),
): Promise<string> {
  if (!isBranchName(branch))
    throw new KitError("git-bad-branch", `${JSON.stringify(branch)} is not a branch name git accepts`);
  const gitDir = path.join(dir, ".git");
  if (lstatSync(gitDir, { throwIfNoEntry: false })) {
    throw new KitError("git-exists", `${dir} is already a git repository`);
  }
  // Parents first, each made once (a recursive mkdir per folder costs a walk up the path each time).
  for (const sub of GIT_FOLDERS) mkdirSync(path.join(gitDir, sub));
  const blobs: GitObject[] = [];
  const entries = listWorkTree(dir).map((rel) => {
    // One stat per file: it gives the mode for the tree and the stat data for the index.
    const stat = statSync(path.join(dir, rel), { bigint: true });
    const blob = gitObject("blob", readFileSync(path.join(dir, rel)));
    blobs.push(blob);
    return { path: rel, executable: (stat.mode & 0o100n) !== 0n, blobId: blob.id, stat };
  });
  const trees = treeObjects(entries);
  const signature = { ...identity, when: Math.floor(now.getTime() / 1000) };
  const commit = commitObject(trees[trees.length - 1]!.id, signature, message);
  // One pack (and its index) instead of a folder and a file per loose object; read-only, as git writes it.
  const pack = packObjects([commit, ...trees, ...blobs]);
  const packBase = path.join(gitDir, "objects", "pack", `pack-${pack.name}`);
  writeFileSync(`${packBase}.pack`, pack.pack, { mode: 0o444 });
  writeFileSync(`${packBase}.idx`, pack.idx, { mode: 0o444 });

  const ref = `refs/heads/${branch}`;
  const reflog = `${"0".repeat(40)} ${commit.id} ${signatureLine(signature)}\tcommit (initial): ${message.split("\n")[0]}\n`;
  writeFileSync(path.join(gitDir, "config"), REPO_CONFIG);
  writeFileSync(path.join(gitDir, ref), `${commit.id}\n`);
  writeFileSync(path.join(gitDir, "logs", ref), reflog);
  writeFileSync(path.join(gitDir, "logs", "HEAD"), reflog);
  writeFileSync(path.join(gitDir, "HEAD"), `ref: ${ref}\n`);
  // The files were only read since their stat was taken, so the index describes them as they are.
  writeFileSync(path.join(gitDir, "index"), indexFile(entries));
  return commit.id;
}
