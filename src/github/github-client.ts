/**
 * The one way the kit talks to GitHub's REST API: Octokit with the throttling plugin (GitHub's
 * recommended request pacing: writes serialised about a second apart, `retry-after` and rate-limit
 * resets honoured) and the retry plugin (5xx and dropped connections retried with backoff).
 *
 * Every call is recorded (method, route, status, timing) so reports and benchmarks can count calls
 * and round trips. The token is given to Octokit only; it never appears in the call log.
 */
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";

export const KitOctokit = Octokit.plugin(throttling, retry);
export type KitOctokitClient = InstanceType<typeof KitOctokit>;

export interface ApiCall {
  method: string;
  /** URL path without the query string, e.g. `/repos/acme/demo/topics`. */
  path: string;
  /** 0 when no response arrived (dropped connection, timeout). */
  status: number;
  startedAt: number;
  endedAt: number;
}

export interface GitHubClientOptions {
  token: string;
  /** `GITHUB_API_URL`: https://api.github.com, a GHES `/api/v3` URL, or the simulator. */
  baseUrl: string;
  /**
   * Space mutating requests about a second apart and one at a time, as GitHub advises (default).
   * Off: writes may overlap (bounded), for tests, benchmarks and servers without secondary limits.
   */
  spaceWrites?: boolean;
  /** Retries of a failed request (5xx, dropped connection; 403/429 rate limits separately). Default 3. */
  retries?: number;
  /** Unit of retry backoff and `retry-after`, in ms (default 1000; tests shrink it). */
  retryBaseMs?: number;
  /** Where warnings go (rate limits hit, retries). */
  warn?: (message: string) => void;
  userAgent?: string;
}

export interface GitHubClient {
  octokit: KitOctokitClient;
  /** Every request sent, in completion order (retries appear as separate calls). */
  calls: ApiCall[];
}

const UNSPACED_WRITE_CONCURRENCY = 4;

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const warn = options.warn ?? (() => {});
  const retries = options.retries ?? 3;
  const baseMs = options.retryBaseMs ?? 1000;
  const calls: ApiCall[] = [];
  // Recorded at the fetch level so that every attempt, retries included, is one entry.
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const method = (init?.method ?? "GET").toUpperCase();
    const startedAt = performance.now();
    try {
      const response = await fetch(input, init);
      calls.push({
        method,
        path: url.pathname,
        status: response.status,
        startedAt,
        endedAt: performance.now(),
      });
      return response;
    } catch (error) {
      calls.push({ method, path: url.pathname, status: 0, startedAt, endedAt: performance.now() });
      throw error;
    }
  };
  const octokit = new KitOctokit({
    request: { fetch: recordingFetch },
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    userAgent: options.userAgent ?? "mlops-kit",
    log: { debug: () => {}, info: () => {}, warn, error: warn },
    retry: { retries, retryAfterBaseValue: baseMs },
    throttle: {
      retryAfterBaseValue: baseMs,
      ...(options.spaceWrites === false
        ? { write: new Bottleneck.Group({ maxConcurrent: UNSPACED_WRITE_CONCURRENCY, minTime: 0 }) }
        : {}),
      onRateLimit: (retryAfter, request, _octokit, retryCount) => {
        warn(
          `GitHub rate limit reached on ${request.method} ${request.url}; waiting ${retryAfter}s (retry ${retryCount + 1}/${retries})`,
        );
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
        warn(
          `GitHub secondary rate limit on ${request.method} ${request.url}; waiting ${retryAfter}s (retry ${retryCount + 1}/${retries})`,
        );
        return retryCount < retries;
      },
    },
  });
  return { octokit, calls };
}

/** The longest chain of calls where each starts after the previous one ended: round trips on the critical path. */
export function sequentialRoundTrips(calls: readonly { startedAt: number; endedAt: number }[]): number {
  const sorted = [...calls].sort((a, b) => a.endedAt - b.endedAt);
  const chain: number[] = [];
  sorted.forEach((call, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (sorted[j]!.endedAt <= call.startedAt) best = Math.max(best, chain[j]!);
    chain.push(best + 1);
  });
  return Math.max(0, ...chain);
}

export function isMutating(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}
