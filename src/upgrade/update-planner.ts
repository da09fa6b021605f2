/**
 * What an update from one kit version to another means for one repo (pure): the template rendered at
 * both versions with the repo's saved answers, merged copier-style with the repo's files. The local
 * `mlops-kit update` and the fleet's upgrade pull requests both plan through here.
 */
import type { KitConfig } from "../config/kit-config";
import { KitError } from "../errors";
import { ANSWERS_FILE, renderProject } from "../project/project-renderer";
import type { RenderedTree, TemplateSource } from "../templates/template-renderer";
import { type FileTree, textFile } from "./file-tree";
import { compareVersions, isCommitSha, releaseTag } from "./kit-versions";
import { type SavedAnswers, specFromAnswers } from "./saved-answers";
import { mergeTrees, pathsToRead, type TreeMergeResult } from "./tree-merge";

export interface UpdateVersions {
  from: string;
  to: string;
}

/** Refuses a downgrade; returns false when the repo is already at the target. */
export function checkUpdateDirection(versions: UpdateVersions): boolean {
  const order = compareVersions(versions.to, versions.from);
  if (order < 0) {
    throw new KitError(
      "update-downgrade",
      `this repo is at kit version ${versions.from}; updating to the older ${versions.to} is refused (a downgrade would undo fixes)`,
    );
  }
  return order > 0;
}

/** The ref the new render pins: a SHA stays a SHA (the release's commit), anything else the release tag. */
export function targetRef(
  savedRef: string,
  to: string,
  commitOf: (version: string) => string | undefined,
): string {
  if (!isCommitSha(savedRef)) return releaseTag(to);
  const commit = commitOf(to);
  if (!commit)
    throw new KitError(
      "kit-version-unknown",
      `no commit known for kit version ${to} (tag ${releaseTag(to)})`,
    );
  return commit;
}

export interface RenderPairInput {
  config: KitConfig;
  saved: SavedAnswers;
  versions: UpdateVersions;
  sources: { from: TemplateSource; to: TemplateSource };
  toRef: string;
}

export function renderUpdatePair(input: RenderPairInput): { base: FileTree; theirs: FileTree } {
  const { config, saved, versions, sources } = input;
  const render = (source: TemplateSource, version: string, ref: string) =>
    toFileTree(
      renderProject(config, specFromAnswers(config, saved, source.manifest), source, {
        kit: { version, ref },
      }),
    );
  return {
    base: render(sources.from, versions.from, saved.kitRef || releaseTag(versions.from)),
    theirs: render(sources.to, versions.to, input.toRef),
  };
}

export function toFileTree(tree: RenderedTree): FileTree {
  return new Map([...tree].map(([p, f]) => [p, textFile(f.content, f.mode, f.source)]));
}

export interface UpdatePlan extends TreeMergeResult {
  versions: UpdateVersions;
}

/** The merge of a render pair into the repo's files (`ours` needs only the paths of `pathsToRead`). */
export function planUpdate(
  pair: { base: FileTree; theirs: FileTree },
  ours: FileTree,
  versions: UpdateVersions,
): UpdatePlan {
  const merge = mergeTrees({
    ...pair,
    ours,
    labels: { ours: "ours", theirs: `template v${versions.to}` },
    kitOwned: [ANSWERS_FILE],
  });
  return { ...merge, versions };
}

export { pathsToRead };
