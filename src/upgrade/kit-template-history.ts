/**
 * The kit's templates as they were at each release, read from the kit's git history (the adapter an
 * update renders old and new versions through). A release is the tag `vX.Y.Z`; the running kit's own
 * version is also served from its working templates folder when that tag is not there yet (a kit
 * checkout between releases). Two git processes per template: `ls-tree` and one `cat-file --batch`.
 */
import { execFileSync } from "node:child_process";
import { KitError } from "../errors";
import { readTemplate } from "../templates/template-catalog";
import { parseTemplateManifest } from "../templates/template-manifest";
import type { TemplateSource, TemplateSourceFile } from "../templates/template-renderer";
import { releaseTag } from "./kit-versions";

export interface KitTemplateHistory {
  /** The template `name` as released at `version`. */
  templateAt(version: string, name: string): TemplateSource;
  /** The commit of a release (for repos that pin the kit by SHA), if the tag exists. */
  commitOf(version: string): string | undefined;
}

export interface GitKitTemplateHistoryOptions {
  /** A git checkout of the kit with its release tags. */
  kitDir: string;
  /** The running kit's version and templates folder, used when that version has no tag yet. */
  current?: { version: string; templatesDir: string };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function createGitKitTemplateHistory(options: GitKitTemplateHistoryOptions): KitTemplateHistory {
  const git = (args: string[], input?: Buffer): Buffer =>
    execFileSync("git", ["-C", options.kitDir, ...args], {
      input,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["pipe", "pipe", "pipe"],
    });
  const commitOf = (version: string): string | undefined => {
    try {
      return git(["rev-parse", "--verify", "--quiet", `refs/tags/${releaseTag(version)}^{commit}`])
        .toString()
        .trim();
    } catch {
      return undefined;
    }
  };
  return {
    commitOf,
    templateAt(version, name) {
      const commit = commitOf(version);
      if (commit) return readTemplateAtCommit(git, commit, name, version);
      if (options.current && options.current.version === version) {
        return readTemplate(options.current.templatesDir, name);
      }
      throw new KitError(
        "kit-version-unknown",
        `kit version ${version} has no tag ${releaseTag(version)} in ${options.kitDir}; fetch the kit's tags (git fetch --tags) or pass --kit-dir`,
      );
    },
  };
}

type Git = (args: string[], input?: Buffer) => Buffer;

function readTemplateAtCommit(git: Git, commit: string, name: string, version: string): TemplateSource {
  const root = `templates/${name}/`;
  const entries = git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", root])
    .toString("utf8")
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
      const [mode, type, sha] = meta.split(" ") as [string, string, string];
      return { mode, type, sha, path };
    });
  if (!entries.some((e) => e.path === `${root}template.yml`)) {
    throw new KitError("template-unknown", `kit version ${version} has no template named "${name}"`);
  }
  for (const entry of entries) {
    if (entry.type !== "blob" || entry.mode === "120000") {
      throw new KitError("template-invalid", `${entry.path} at kit version ${version} is not a regular file`);
    }
  }
  const blobs = catFiles(
    git,
    entries.map((e) => e.sha),
  );
  const text = (i: number): string => {
    try {
      return utf8.decode(blobs[i]);
    } catch {
      throw new KitError(
        "template-invalid",
        `${entries[i]!.path} at kit version ${version} is not UTF-8 text`,
      );
    }
  };
  const manifestIndex = entries.findIndex((e) => e.path === `${root}template.yml`);
  const manifest = parseTemplateManifest(text(manifestIndex), `${root}template.yml@${releaseTag(version)}`);
  const files: TemplateSourceFile[] = [];
  entries.forEach((entry, i) => {
    if (entry.path.startsWith(`${root}files/`))
      files.push({ path: entry.path.slice(`${root}files/`.length), content: text(i) });
  });
  return { manifest, files };
}

/** The contents of many blobs with one `git cat-file --batch`. */
function catFiles(git: Git, shas: string[]): Buffer[] {
  if (shas.length === 0) return [];
  const out = git(["cat-file", "--batch"], Buffer.from(`${shas.join("\n")}\n`));
  const blobs: Buffer[] = [];
  let at = 0;
  for (const sha of shas) {
    const headerEnd = out.indexOf(0x0a, at);
    const [gotSha, , size] = out.subarray(at, headerEnd).toString().split(" ");
    if (gotSha !== sha || size === undefined) throw new Error(`git cat-file: unexpected output for ${sha}`);
    const start = headerEnd + 1;
    blobs.push(out.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return blobs;
}
