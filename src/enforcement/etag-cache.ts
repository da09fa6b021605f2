/**
 * The ETag cache of enforcement's conditional GETs, persisted as one JSON file between scheduled runs
 * (the workflow keeps it in the Actions cache). A repeat audit then costs mostly `304 Not Modified`
 * answers, which GitHub does not count against the primary rate limit.
 *
 * Bodies are trimmed to the fields enforcement reads (a repo list keeps name, archived and default
 * branch), so the file stays small for thousands of repos. A file that is missing, unreadable, from
 * another format version or for another API host is ignored: the run simply starts cold.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CachedResponse, ConditionalRequestCache } from "../github/github-client";

const FORMAT_VERSION = 1;

interface EtagCacheFile {
  version: number;
  /** API host the entries came from: a cache for another host is never replayed. */
  apiUrl: string;
  entries: Record<string, CachedResponse>;
}

export interface EtagCache extends ConditionalRequestCache {
  readonly size: number;
  /** Entries read back from a 304 in this run. */
  readonly hits: number;
  toJSON(): EtagCacheFile;
}

type Shrinker = (data: unknown) => unknown;

/** Routes whose bodies are trimmed before they are cached (and returned). */
const SHRINKERS: Record<string, Shrinker> = {
  "/orgs/{org}/repos": (data) =>
    Array.isArray(data)
      ? data.map((r: Record<string, unknown>) => ({
          id: r.id,
          name: r.name,
          archived: r.archived,
          default_branch: r.default_branch,
        }))
      : data,
};

export function createEtagCache(apiUrl: string, from?: unknown): EtagCache {
  const entries = new Map<string, CachedResponse>(Object.entries(readEntries(apiUrl, from)));
  let hits = 0;
  return {
    get size() {
      return entries.size;
    },
    get hits() {
      return hits;
    },
    get(key) {
      const entry = entries.get(key);
      if (entry) hits++;
      return entry;
    },
    set(key, route, response) {
      const shrink = SHRINKERS[route];
      const data = shrink ? shrink(response.data) : response.data;
      entries.set(key, { ...response, data });
      return data;
    },
    toJSON() {
      return { version: FORMAT_VERSION, apiUrl, entries: Object.fromEntries(entries) };
    },
  };
}

function readEntries(apiUrl: string, from: unknown): Record<string, CachedResponse> {
  if (!from || typeof from !== "object") return {};
  const file = from as Partial<EtagCacheFile>;
  if (file.version !== FORMAT_VERSION || file.apiUrl !== apiUrl) return {};
  if (!file.entries || typeof file.entries !== "object") return {};
  return Object.fromEntries(
    Object.entries(file.entries).filter(
      ([, e]) => e && typeof e === "object" && typeof (e as CachedResponse).etag === "string",
    ),
  );
}

/** Loads the cache file; anything unusable starts an empty cache (never fails a run). */
export function loadEtagCacheFile(file: string, apiUrl: string): EtagCache {
  try {
    return createEtagCache(apiUrl, JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return createEtagCache(apiUrl);
  }
}

/** Writes the cache atomically (a cancelled run never leaves half a file for the next one). */
export function saveEtagCacheFile(file: string, cache: EtagCache): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(cache.toJSON()));
  renameSync(temporary, file);
}
