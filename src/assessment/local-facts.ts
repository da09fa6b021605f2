/**
 * Adapter: reads a local checkout into `RepoFacts` (every path listed, the relevant files' text loaded;
 * `.git`, virtualenvs and caches skipped). Protection and environments stay unobserved: only the API
 * knows them, so their criteria come out inconclusive here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isRelevantFile, type RepoFacts } from "./repo-facts";

const SKIPPED_DIRS = new Set([
  ".git",
  "node_modules",
  ".venv",
  "venv",
  "__pycache__",
  ".pytest_cache",
  "dist",
  "build",
]);
const MAX_FILE_BYTES = 512 * 1024;
const MAX_PATHS = 20000;

export function readLocalFacts(
  dir: string,
  options: { defaultBranch?: string; repo?: string } = {},
): RepoFacts {
  const root = path.resolve(dir);
  const paths: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (paths.length >= MAX_PATHS) return;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.endsWith(".egg-info")) walk(child);
      } else if (entry.isFile()) paths.push(child);
    }
  };
  walk("");
  paths.sort();
  const files = new Map<string, string>();
  for (const p of paths.filter(isRelevantFile)) {
    const full = path.join(root, p);
    if (statSync(full).size <= MAX_FILE_BYTES) files.set(p, readFileSync(full, "utf8"));
  }
  return {
    repo: options.repo ?? path.basename(root),
    source: "local",
    defaultBranch: options.defaultBranch ?? "main",
    paths,
    files,
  };
}
