/**
 * The file trees an update compares: the old template render (base), the new one (theirs) and the
 * repo's working tree (ours), as bytes with their mode. Text and binary files are told apart here, once.
 */

export interface TreeFile {
  content: Uint8Array;
  /** 0o644 or 0o755 (only the executable bit matters). */
  mode: number;
  /** The template file it was rendered from (e.g. `src/{{project.packageName}}/main.py`), for renders. */
  source?: string;
}

export type FileTree = ReadonlyMap<string, TreeFile>;

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function textFile(content: string, mode = 0o644, source?: string): TreeFile {
  return { content: encoder.encode(content), mode, ...(source === undefined ? {} : { source }) };
}

/** The text of a file, or undefined when it is binary (a NUL byte in its first 8 KB, or not UTF-8). */
export function textOf(file: TreeFile): string | undefined {
  if (file.content.subarray(0, 8000).includes(0)) return undefined;
  try {
    return strictUtf8.decode(file.content);
  } catch {
    return undefined;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const isExecutable = (mode: number): boolean => (mode & 0o111) !== 0;

/** Same content and same executable bit. */
export function sameFile(a: TreeFile, b: TreeFile): boolean {
  return isExecutable(a.mode) === isExecutable(b.mode) && sameBytes(a.content, b.content);
}
