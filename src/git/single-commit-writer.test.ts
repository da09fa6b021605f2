/**
 * The in-process single-commit writer against git itself: the repository it writes passes
 * `git fsck --strict`, reads as clean, and holds the very commit `git init` + `git add --all` +
 * `git commit` make from the same files at the same time (same SHA), for tricky trees and for every
 * template the kit ships.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import { kitPaths } from "../kit-paths";
import { renderProject } from "../project/project-renderer";
import { resolveProjectSpec } from "../project/project-spec";
import { writeRenderedTree } from "../templates/file-tree-writer";
import { listTemplateNames, readTemplate } from "../templates/template-catalog";
import { KIT_COMMIT_IDENTITY } from "./commit-identity";
import { commitObject, crc32, gitObject, treeObjects, zlibStored } from "./git-objects";
import { isBranchName, writeSingleCommitRepo } from "./single-commit-writer";

const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-git-writer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const WHEN = new Date("2026-05-04T03:02:01Z");
const MESSAGE = "Create acme-forecast-demand from the batch-job template (mlops-kit)";

function git(cwd: string, ...args: string[]): string {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: KIT_COMMIT_IDENTITY.name,
    GIT_AUTHOR_EMAIL: KIT_COMMIT_IDENTITY.email,
    GIT_COMMITTER_NAME: KIT_COMMIT_IDENTITY.name,
    GIT_COMMITTER_EMAIL: KIT_COMMIT_IDENTITY.email,
    GIT_AUTHOR_DATE: `@${WHEN.getTime() / 1000} +0000`,
    GIT_COMMITTER_DATE: `@${WHEN.getTime() / 1000} +0000`,
  };
  const result = spawnSync("git", args, { cwd, encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Two copies of a folder: one committed by the writer, one by git; returns both commit SHAs. */
async function commitBothWays(source: string): Promise<{ ours: string; theirs: string; oursDir: string }> {
  const oursDir = `${source}-ours`;
  const theirsDir = `${source}-theirs`;
  cpSync(source, oursDir, { recursive: true });
  cpSync(source, theirsDir, { recursive: true });
  const ours = await writeSingleCommitRepo(oursDir, "main", MESSAGE, KIT_COMMIT_IDENTITY, WHEN);
  git(theirsDir, "init", "--quiet", "--initial-branch", "main");
  git(theirsDir, "add", "--all", ".");
  git(theirsDir, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", MESSAGE);
  return { ours, theirs: git(theirsDir, "rev-parse", "HEAD"), oursDir };
}

function expectSoundRepository(dir: string, commit: string): void {
  git(dir, "fsck", "--strict", "--full", "--no-dangling");
  expect(git(dir, "rev-parse", "HEAD")).toBe(commit);
  expect(git(dir, "symbolic-ref", "HEAD")).toBe("refs/heads/main");
  expect(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
  // Without a refresh: the index's stat data already match the files.
  expect(git(dir, "diff-files", "--name-only")).toBe("");
  expect(git(dir, "reflog", "--format=%gs")).toBe(`commit (initial): ${MESSAGE}`);
}

describe("the single-commit writer", () => {
  it("writes the commit git writes for the same files, in a sound repository", async () => {
    const source = path.join(scratch, "tricky");
    // Names whose order differs between plain byte order and git's tree order ("a" as a folder
    // sorts as "a/"), an executable, nested and empty-content files, non-ASCII names.
    for (const [file, content] of [
      ["a.txt", "dot\n"],
      ["a/x.py", "print('x')\n"],
      ["a-b", ""],
      ["a0", "zero"],
      ["deep/er/still/file.md", "# deep\n"],
      ["données/é.txt", "accent\n"],
      ["same-1.txt", "same content\n"],
      ["same-2.txt", "same content\n"],
      ["run.sh", "#!/bin/sh\necho hi\n"],
    ] as const) {
      mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
      writeFileSync(path.join(source, file), content);
    }
    chmodSync(path.join(source, "run.sh"), 0o755);
    const { ours, theirs, oursDir } = await commitBothWays(source);
    expect(ours).toBe(theirs);
    expectSoundRepository(oursDir, ours);
    expect(git(oursDir, "ls-files", "-s", "run.sh")).toMatch(/^100755 /);
  });

  it.each(listTemplateNames(kitPaths.templatesDir()))(
    "commits the %s template exactly as `git add --all` would (its .gitignore excludes nothing it renders)",
    async (template) => {
      const config = exampleConfig();
      const source = readTemplate(kitPaths.templatesDir(), template);
      const spec = resolveProjectSpec(
        config,
        { name: "acme-forecast-demand", team: "forecasting", template },
        source.manifest,
      );
      const dir = path.join(scratch, `template-${template}`);
      writeRenderedTree(
        renderProject({ ...config, templates: { ...config.templates, offered: [template] } }, spec, source),
        dir,
      );
      const { ours, theirs, oursDir } = await commitBothWays(dir);
      expect(ours).toBe(theirs);
      expectSoundRepository(oursDir, ours);
    },
  );

  it("accepts the branch names git accepts, and no other", async () => {
    for (const name of ["main", "release/2026", "feature/x-1.2", "a.b"]) {
      expect(isBranchName(name), name).toBe(true);
      expect(spawnSync("git", ["check-ref-format", `refs/heads/${name}`]).status, name).toBe(0);
    }
    for (const name of [
      "../escape",
      "a/../b",
      ".hidden",
      "a/.b",
      "x.lock",
      "a//b",
      "/a",
      "a/",
      "a.",
      "a b",
      "a@{1",
    ]) {
      expect(isBranchName(name), name).toBe(false);
      expect(spawnSync("git", ["check-ref-format", `refs/heads/${name}`]).status, name).not.toBe(0);
    }
    await expect(writeSingleCommitRepo(path.join(scratch, "tricky"), "../../escape", "x")).rejects.toThrow(
      /not a branch name/,
    );
  });

  it("refuses a folder that is already a repository, and a symbolic link", async () => {
    const repo = path.join(scratch, "already");
    mkdirSync(path.join(repo, ".git"), { recursive: true });
    await expect(writeSingleCommitRepo(repo, "main", "x")).rejects.toThrow(/already a git repository/);
    const linked = path.join(scratch, "linked");
    mkdirSync(linked);
    spawnSync("ln", ["-s", "/etc/passwd", path.join(linked, "passwd")]);
    await expect(writeSingleCommitRepo(linked, "main", "x")).rejects.toThrow(/not a regular file/);
  });
});

describe("git objects", () => {
  it("hash as git hashes them", () => {
    // `printf 'hello\n' | git hash-object --stdin` and the empty tree's well-known id.
    expect(gitObject("blob", Buffer.from("hello\n")).id).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(treeObjects([]).at(-1)!.id).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  });

  it("end a commit message with exactly one newline", () => {
    const commit = commitObject(
      "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
      { name: "a", email: "b", when: 0 },
      "m\n\n",
    );
    expect(commit.body.toString().endsWith("\n\nm\n")).toBe(true);
  });

  it("checksum pack entries with the IEEE CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });
});

describe("zlib streams of stored blocks", () => {
  it.each([0, 1, 65535, 65536, 200_000])("inflate back to the %i bytes they hold", (size) => {
    const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 251));
    expect(inflateSync(zlibStored(data)).equals(data)).toBe(true);
  });
});
