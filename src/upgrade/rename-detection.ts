/**
 * Which files the template renamed between two renders: a path only in the old render paired with a
 * path only in the new one, first by the template file they were rendered from (a path built from
 * answers, or a kit helper, changed), then by content similarity (git's default: at least half the
 * lines in common). Pure.
 */
import { diffArrays } from "diff";
import type { FileTree } from "./file-tree";
import { sameBytes, textOf } from "./file-tree";
import { splitLines } from "./text-merge";

export interface Rename {
  from: string;
  to: string;
}

export const RENAME_SIMILARITY = 0.5;
/** Past this many candidate pairs only exact matches are looked for (keeps a huge update linear). */
const MAX_SIMILARITY_PAIRS = 10_000;

export function detectRenames(base: FileTree, theirs: FileTree): Rename[] {
  const removed = [...base.keys()].filter((p) => !theirs.has(p));
  const added = new Set([...theirs.keys()].filter((p) => !base.has(p)));
  const renames: Rename[] = [];
  const pair = (from: string, to: string) => {
    renames.push({ from, to });
    added.delete(to);
  };
  const unmatched: string[] = [];
  for (const from of removed) {
    const source = base.get(from)!.source;
    const to = source === undefined ? undefined : [...added].find((p) => theirs.get(p)!.source === source);
    if (to) pair(from, to);
    else unmatched.push(from);
  }
  const scored: { from: string; to: string; score: number }[] = [];
  const bounded = unmatched.length * added.size <= MAX_SIMILARITY_PAIRS;
  for (const from of unmatched) {
    for (const to of added) {
      const score = similarity(base.get(from)!.content, theirs.get(to)!.content, bounded);
      if (score >= RENAME_SIMILARITY) scored.push({ from, to, score });
    }
  }
  // Best pairs first; ties by path, so the result does not depend on map order.
  scored.sort((a, b) => b.score - a.score || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const taken = new Set<string>();
  for (const { from, to } of scored) {
    if (taken.has(from) || !added.has(to)) continue;
    taken.add(from);
    pair(from, to);
  }
  return renames.sort((a, b) => a.from.localeCompare(b.from));
}

/** Share of lines in common (0..1); binary files are similar only when identical. */
export function similarity(a: Uint8Array, b: Uint8Array, compareLines = true): number {
  if (sameBytes(a, b)) return 1;
  if (!compareLines) return 0;
  const textA = textOf({ content: a, mode: 0 });
  const textB = textOf({ content: b, mode: 0 });
  if (textA === undefined || textB === undefined) return 0;
  const linesA = splitLines(textA);
  const linesB = splitLines(textB);
  if (linesA.length + linesB.length === 0) return 1;
  let common = 0;
  for (const change of diffArrays(linesA, linesB))
    if (!change.added && !change.removed) common += change.value.length;
  return (2 * common) / (linesA.length + linesB.length);
}
