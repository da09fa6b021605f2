/**
 * Writes a rendered tree into a folder that must be new or empty. Each file is created exclusively
 * (never overwriting) and its resolved path is checked again to be inside the folder, so a bug in the
 * renderer still cannot write elsewhere.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KitError } from "../errors";
import type { RenderedTree } from "./template-renderer";

export function writeRenderedTree(tree: RenderedTree, targetDir: string): void {
  const root = path.resolve(targetDir);
  mkdirSync(root, { recursive: true });
  if (readdirSync(root).length > 0) {
    throw new KitError("target-not-empty", `${targetDir} is not empty; choose a new folder`);
  }
  const made = new Set([root]);
  for (const file of tree.values()) {
    const full = path.resolve(root, file.path);
    if (!full.startsWith(root + path.sep)) {
      throw new KitError("template-unsafe-path", `refusing to write ${file.path} outside ${targetDir}`);
    }
    const dir = path.dirname(full);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    writeFileSync(full, file.content, { flag: "wx", mode: file.mode });
  }
}
