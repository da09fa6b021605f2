/**
 * Three-way merge of one text file, line by line (the diff3 algorithm git and copier use): the changes
 * from `base` to `ours` and from `base` to `theirs` are both applied; where they touch the same base
 * lines differently the region is written between standard conflict markers. Pure.
 *
 * Unlike `git merge-file`, changes on neighbouring lines are not a conflict: only overlapping base
 * ranges (or two different insertions at the same point) are, so a user's edit next to a line the
 * template changed merges cleanly. And a block the diff reports as one change (say, a line inserted
 * and the next three edited) is split where its edited lines still resemble the lines they replace, so
 * the other side's change between two of them is not a conflict either.
 */
import { diffArrays } from "diff";

export interface MergeLabels {
  /** Shown after `<<<<<<<`: the repo's side (e.g. `ours`). */
  ours: string;
  /** Shown after `>>>>>>>`: the template's side (e.g. `template v0.2.0`). */
  theirs: string;
}

export interface TextMergeResult {
  text: string;
  /** Number of conflict regions written with markers (0: clean merge). */
  conflicts: number;
}

/** Base lines `[start, end)` replaced by `lines`. */
interface Hunk {
  start: number;
  end: number;
  lines: string[];
  side: "ours" | "theirs";
}

/** Lines with their terminators, so a missing final newline is preserved (and is a change of its own). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function hunksOf(base: string[], side: string[], name: Hunk["side"]): Hunk[] {
  const hunks: Hunk[] = [];
  const push = (hunk: Hunk) => hunks.push(...splitHunk(base, hunk));
  let index = 0;
  let current: Hunk | undefined;
  for (const change of diffArrays(base, side)) {
    if (!change.added && !change.removed) {
      if (current) push(current);
      current = undefined;
      index += change.value.length;
      continue;
    }
    current ??= { start: index, end: index, lines: [], side: name };
    if (change.removed) {
      current.end += change.value.length;
      index += change.value.length;
    } else current.lines.push(...change.value);
  }
  if (current) push(current);
  return hunks;
}

/** Edited lines this similar (Dice coefficient of character pairs) to a removed line pair up with it. */
const LINE_SIMILARITY = 0.5;
/** Blocks larger than this (removed × added lines) are not split (keeps the alignment cheap). */
const MAX_SPLIT_CELLS = 40_000;

/**
 * Splits a hunk into smaller ones by aligning its removed and added lines (the alignment of similar lines
 * with the highest total similarity): each similar pair becomes a one-line edit, what lies between them an insertion,
 * deletion or replacement at its own base position.
 */
function splitHunk(base: string[], hunk: Hunk): Hunk[] {
  const removed = base.slice(hunk.start, hunk.end);
  const added = hunk.lines;
  if (removed.length === 0 || added.length === 0 || removed.length * added.length > MAX_SPLIT_CELLS) {
    return [hunk];
  }
  const score = (r: number, a: number) => {
    const value = lineSimilarity(removed[r]!, added[a]!);
    return value >= LINE_SIMILARITY ? value : 0;
  };
  // best[r][a]: the highest total similarity aligning removed[r..] with added[a..] (a weighted LCS, so
  // each edited line pairs with the line it resembles most, not merely the first one that is similar).
  const best = Array.from({ length: removed.length + 1 }, () => new Array<number>(added.length + 1).fill(0));
  for (let r = removed.length - 1; r >= 0; r--) {
    for (let a = added.length - 1; a >= 0; a--) {
      const pair = score(r, a);
      best[r]![a] = Math.max(pair > 0 ? best[r + 1]![a + 1]! + pair : 0, best[r + 1]![a]!, best[r]![a + 1]!);
    }
  }
  const parts: Hunk[] = [];
  let pending: Hunk | undefined;
  const flush = () => {
    if (pending) parts.push(pending);
    pending = undefined;
  };
  let r = 0;
  let a = 0;
  while (r < removed.length || a < added.length) {
    const at = hunk.start + r;
    const pair = r < removed.length && a < added.length ? score(r, a) : 0;
    if (pair > 0 && best[r]![a] === best[r + 1]![a + 1]! + pair) {
      flush();
      parts.push({ start: at, end: at + 1, lines: [added[a]!], side: hunk.side });
      r++;
      a++;
      continue;
    }
    pending ??= { start: at, end: at, lines: [], side: hunk.side };
    if (a >= added.length || (r < removed.length && best[r + 1]![a]! >= best[r]![a + 1]!)) {
      pending.end++;
      r++;
    } else pending.lines.push(added[a++]!);
  }
  flush();
  // An edit that leaves a line as it was is no change at all.
  return parts.filter(
    (p) => !(p.end - p.start === 1 && p.lines.length === 1 && p.lines[0] === base[p.start]),
  );
}

function lineSimilarity(x: string, y: string): number {
  const pairs = (s: string) => {
    const t = s.trim();
    const out = new Map<string, number>();
    for (let i = 0; i < t.length - 1; i++) out.set(t.slice(i, i + 2), (out.get(t.slice(i, i + 2)) ?? 0) + 1);
    return out;
  };
  const px = pairs(x);
  const py = pairs(y);
  let common = 0;
  let total = 0;
  for (const [k, n] of px) {
    common += Math.min(n, py.get(k) ?? 0);
    total += n;
  }
  for (const n of py.values()) total += n;
  return total === 0 ? (x.trim() === y.trim() ? 1 : 0) : (2 * common) / total;
}

/** Whether a hunk touches the group of base lines `[start, end)`. */
function touches(hunk: Hunk, start: number, end: number): boolean {
  if (hunk.start < end && start < hunk.end) return true;
  // Two insertions at the same point: their order is ambiguous.
  return hunk.start === hunk.end && start === end && hunk.start === start;
}

/** One side's text for base lines `[start, end)` with its hunks (all inside the range) applied. */
function sideLines(base: string[], hunks: Hunk[], start: number, end: number): string[] {
  const out: string[] = [];
  let at = start;
  for (const hunk of hunks) {
    out.push(...base.slice(at, hunk.start), ...hunk.lines);
    at = hunk.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

const withFinalNewline = (lines: string[]): string[] =>
  lines.length > 0 && !lines[lines.length - 1]!.endsWith("\n")
    ? [...lines.slice(0, -1), `${lines[lines.length - 1]}\n`]
    : lines;

export function mergeText(base: string, ours: string, theirs: string, labels: MergeLabels): TextMergeResult {
  const baseLines = splitLines(base);
  const hunks = [
    ...hunksOf(baseLines, splitLines(ours), "ours"),
    ...hunksOf(baseLines, splitLines(theirs), "theirs"),
  ].sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  const out: string[] = [];
  let conflicts = 0;
  let at = 0;
  for (let i = 0; i < hunks.length; ) {
    const group = [hunks[i]!];
    let start = hunks[i]!.start;
    let end = hunks[i]!.end;
    for (i++; i < hunks.length && touches(hunks[i]!, start, end); i++) {
      group.push(hunks[i]!);
      start = Math.min(start, hunks[i]!.start);
      end = Math.max(end, hunks[i]!.end);
    }
    out.push(...baseLines.slice(at, start));
    at = end;
    const mine = sideLines(
      baseLines,
      group.filter((h) => h.side === "ours"),
      start,
      end,
    );
    const template = sideLines(
      baseLines,
      group.filter((h) => h.side === "theirs"),
      start,
      end,
    );
    const oneSided = group.every((h) => h.side === group[0]!.side);
    if (oneSided || mine.join("") === template.join("")) {
      out.push(...(group[0]!.side === "ours" ? mine : template));
      continue;
    }
    conflicts++;
    out.push(
      `<<<<<<< ${labels.ours}\n`,
      ...withFinalNewline(mine),
      "=======\n",
      ...withFinalNewline(template),
      `>>>>>>> ${labels.theirs}\n`,
    );
  }
  out.push(...baseLines.slice(at));
  return { text: out.join(""), conflicts };
}
