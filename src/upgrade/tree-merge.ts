/**
 * The update's merge, copier-style, over whole file trees (pure): `base` is the template rendered at
 * the repo's recorded kit version with its saved answers, `theirs` the template at the target version,
 * `ours` the repo's working tree. The result is a plan of file writes and deletes plus the conflicts
 * and notes an owner must read; nothing is written here.
 *
 * Rules (one per case, in `mergeEntry`): user edits are kept and template changes applied; a file the
 * user deleted stays deleted; a file the template deleted is removed unless the user changed it (then
 * kept, with a note); a file the template renamed is moved with the user's edits; binary files are never
 * text-merged (both changed: the user's copy is kept and listed as a conflict); the executable bit
 * merges on its own. Files the template never rendered are not looked at.
 */
import { type FileTree, isExecutable, sameBytes, sameFile, type TreeFile, textOf } from "./file-tree";
import { detectRenames, type Rename } from "./rename-detection";
import { type MergeLabels, mergeText } from "./text-merge";

export type ChangeReason = "added" | "updated" | "merged" | "conflict" | "renamed" | "removed" | "mode";

export type FileChange =
  | { kind: "write"; path: string; content: Uint8Array; mode: number; reason: ChangeReason }
  | { kind: "delete"; path: string; reason: "removed" | "renamed" };

export type ConflictKind = "content" | "binary" | "both-added" | "rename-target-exists";

export interface MergeConflict {
  path: string;
  kind: ConflictKind;
  /** Conflict regions written with markers in the file (0 when the file holds no markers). */
  regions: number;
  /** What happened and what the owner must do, in one sentence. */
  detail: string;
}

export interface MergeNote {
  path: string;
  message: string;
}

export interface TreeMergeResult {
  changes: FileChange[];
  conflicts: MergeConflict[];
  notes: MergeNote[];
  renames: Rename[];
}

export interface TreeMergeInput {
  base: FileTree;
  theirs: FileTree;
  ours: FileTree;
  labels: MergeLabels;
  /** Paths the kit owns outright (its answers file): the new render is written whatever the repo has. */
  kitOwned?: readonly string[];
}

/** The paths of the working tree the merge reads (everything else is never looked at). */
export function pathsToRead(base: FileTree, theirs: FileTree): string[] {
  return [...new Set([...base.keys(), ...theirs.keys()])].sort();
}

export function mergeTrees(input: TreeMergeInput): TreeMergeResult {
  const result: TreeMergeResult = { changes: [], conflicts: [], notes: [], renames: [] };
  const renames = detectRenames(input.base, input.theirs);
  const renamedFrom = new Map(renames.map((r) => [r.from, r.to]));
  const renamedTo = new Map(renames.map((r) => [r.to, r.from]));
  for (const path of pathsToRead(input.base, input.theirs)) {
    if (renamedTo.has(path)) continue; // handled with its old path
    if (input.kitOwned?.includes(path) && input.theirs.has(path)) {
      const theirs = input.theirs.get(path)!;
      const ours = input.ours.get(path);
      if (!ours || !sameFile(ours, theirs)) write(result, path, theirs, ours ? "updated" : "added");
      continue;
    }
    const to = renamedFrom.get(path);
    if (to) mergeRename(input, result, { from: path, to });
    else mergeEntry(input, result, path);
  }
  return result;
}

function write(result: TreeMergeResult, path: string, file: TreeFile, reason: ChangeReason): void {
  result.changes.push({ kind: "write", path, content: file.content, mode: file.mode, reason });
}

/** One path, the same in both renders (or present in only one of them, not a rename). */
function mergeEntry(input: TreeMergeInput, result: TreeMergeResult, path: string): void {
  const base = input.base.get(path);
  const theirs = input.theirs.get(path);
  const ours = input.ours.get(path);
  if (!base) {
    if (!theirs) return;
    if (!ours) {
      write(result, path, theirs, "added");
      return;
    }
    if (sameFile(ours, theirs)) return;
    mergeContent(input, result, path, undefined, ours, theirs);
    return;
  }
  if (!theirs) {
    if (!ours) return;
    if (sameFile(ours, base)) {
      result.changes.push({ kind: "delete", path, reason: "removed" });
      return;
    }
    result.notes.push({
      path,
      message: `the template no longer has ${path}; kept because you changed it: delete it if you no longer need it`,
    });
    return;
  }
  if (!ours) {
    if (!sameFile(base, theirs)) {
      result.notes.push({
        path,
        message: `the template changed ${path}, which you deleted; it stays deleted`,
      });
    }
    return;
  }
  mergeContent(input, result, path, base, ours, theirs);
}

/** A file the template moved from `from` to `to`: the user's copy moves too, with both sides' edits. */
function mergeRename(input: TreeMergeInput, result: TreeMergeResult, rename: Rename): void {
  const base = input.base.get(rename.from)!;
  const theirs = input.theirs.get(rename.to)!;
  const ours = input.ours.get(rename.from);
  if (!ours) {
    result.notes.push({
      path: rename.to,
      message: `the template moved ${rename.from} to ${rename.to}; you had deleted it, so it stays deleted`,
    });
    return;
  }
  const occupant = input.ours.get(rename.to);
  if (occupant && !sameFile(occupant, theirs)) {
    result.conflicts.push({
      path: rename.to,
      kind: "rename-target-exists",
      regions: 0,
      detail: `the template moved ${rename.from} to ${rename.to}, but you already have a different ${rename.to}; both were left as they are: merge them by hand`,
    });
    return;
  }
  result.renames.push(rename);
  result.changes.push({ kind: "delete", path: rename.from, reason: "renamed" });
  // What is on disk at the new path is the occupant (usually nothing), so the file is written there.
  mergeContent(input, result, rename.to, base, ours, theirs, occupant ?? null);
}

/**
 * Three-way merge of one file's content and executable bit. `base` undefined: both sides added the
 * path. `current` is what is on disk at `path` now (`ours`, or for a rename whatever is at the new path,
 * null for nothing), so no-op writes are skipped.
 */
function mergeContent(
  input: TreeMergeInput,
  result: TreeMergeResult,
  path: string,
  base: TreeFile | undefined,
  ours: TreeFile,
  theirs: TreeFile,
  current: TreeFile | null = ours,
): void {
  const mode = mergeMode(base?.mode ?? ours.mode, ours.mode, theirs.mode);
  const emit = (content: Uint8Array, reason: ChangeReason) => {
    if (current && sameBytes(current.content, content) && isExecutable(current.mode) === isExecutable(mode))
      return;
    result.changes.push({ kind: "write", path, content, mode, reason });
  };
  const contentChangedByUs = !base || !sameBytes(base.content, ours.content);
  const contentChangedByTemplate = !base || !sameBytes(base.content, theirs.content);
  if (!contentChangedByTemplate || sameBytes(ours.content, theirs.content)) {
    const reason = current !== ours ? "renamed" : "mode";
    emit(ours.content, reason);
    return;
  }
  if (!contentChangedByUs) {
    emit(theirs.content, "updated");
    return;
  }
  const texts = [base ? textOf(base) : "", textOf(ours), textOf(theirs)];
  if (texts.some((t) => t === undefined)) {
    result.conflicts.push({
      path,
      kind: "binary",
      regions: 0,
      detail: `binary file changed by you and by the template; your version was kept: take the template's from ${input.labels.theirs} if you want it`,
    });
    emit(ours.content, "conflict");
    return;
  }
  const merged = mergeText(texts[0]!, texts[1]!, texts[2]!, input.labels);
  const content = new TextEncoder().encode(merged.text);
  if (merged.conflicts === 0) {
    emit(content, "merged");
    return;
  }
  result.conflicts.push({
    path,
    kind: base ? "content" : "both-added",
    regions: merged.conflicts,
    detail: `${merged.conflicts} region(s) changed by you and by the template (${base ? "same lines" : "the template added a file you already had"}): edit the file to keep the right lines and remove the <<<<<<< ======= >>>>>>> markers`,
  });
  emit(content, "conflict");
}

/** The executable bit merges on its own: the template's change applies unless the user changed it. */
function mergeMode(base: number, ours: number, theirs: number): number {
  if (isExecutable(base) !== isExecutable(theirs) && isExecutable(base) === isExecutable(ours)) return theirs;
  return ours;
}
