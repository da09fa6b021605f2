/**
 * The one way the kit talks to GitHub's REST API: Octokit with the throttling plugin (GitHub's
 * recommended request pacing: writes serialised about a second apart) and the kit's own per-request
 * retries (`request-retry.ts`: 5xx, dropped connections and rate limits, `retry-after` and rate-limit
 * resets honoured, a bounded total wait per run).
 *
 * Every call is recorded (method, route, status, timing) so reports and benchmarks can count calls
 * and round trips. The token is given to Octokit only; it never appears in the call log.
 *
 * Optionally, GET requests are conditional: with a `conditionalCache`, a GET whose response was seen
 * before is sent with `If-None-Match`; a `304 Not Modified` (which does not count against GitHub's
 * primary rate limit) is answered from the cache as if it were the original 200.
 */
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import { createRetryBudget, type RetryBudget, useRequestRetries } from "./request-retry";

/** Octokit's request log line for a 404: `GET /repos/o/r - 404 with id ... in 8ms`. */
const EXPECTED_NOT_FOUND = /^[A-Z]+ \S+ - 404 with id /;

export const KitOctokit = Octokit.plugin(throttling);
export type KitOctokitClient = InstanceType<typeof KitOctokit>;

export interface ApiCall {
  method: string;
  /** URL path without the query string, e.g. `/repos/acme/demo/topics`. */
  path: string;
  /** 0 when no response arrived (dropped connection, timeout). */
  status: number;
  startedAt: number;
  endedAt: number;
  /** `x-ratelimit-used` of the response, when GitHub (or the simulator) sent it. */
  rateLimitUsed?: number;
  /** `x-ratelimit-remaining` of the response, when sent. */
  rateLimitRemaining?: number;
}

/** A GET response kept for conditional requests. */
export interface CachedResponse {
  etag: string;
  data: unknown;
  /** The `link` header, so pagination continues from a 304. */
  link?: string;
}

/** Where conditional GETs keep their ETags and bodies (see `src/enforcement/etag-cache.ts`). */
export interface ConditionalRequestCache {
  get(key: string): CachedResponse | undefined;
  /**
   * Stores a response and returns the body callers get, for both this response and later 304s (a cache
   * may keep only the fields its callers use, e.g. a repo list's names and default branches).
   */
  set(key: string, route: string, response: CachedResponse): unknown;
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
  /**
   * Total time all retries of this client may wait, in units of `retryBaseMs` (default 600: ten minutes
   * on GitHub). Past it, failing requests fail at once with a message saying so.
   */
  retryWaitBudget?: number;
  /** Where warnings go (rate limits hit, retries). */
  warn?: (message: string) => void;
  userAgent?: string;
  /** Requests in flight at once (the throttling plugin's default is 10). */
  maxConcurrentRequests?: number;
  /** Send GETs conditionally and serve 304s from this cache. */
  conditionalCache?: ConditionalRequestCache;
}

export interface GitHubClient {
  octokit: KitOctokitClient;
  /** Every request sent, in completion order (retries appear as separate calls). */
  calls: ApiCall[];
  /** What the retries of this client have waited, and may still wait. */
  retryBudget: RetryBudget;
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
      const used = Number(response.headers.get("x-ratelimit-used") ?? Number.NaN);
      const remaining = Number(response.headers.get("x-ratelimit-remaining") ?? Number.NaN);
      calls.push({
        method,
        path: url.pathname,
        status: response.status,
        startedAt,
        endedAt: performance.now(),
        ...(Number.isFinite(used) ? { rateLimitUsed: used } : {}),
        ...(Number.isFinite(remaining) ? { rateLimitRemaining: remaining } : {}),
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
    // Octokit logs every failed request; a 404 is an expected answer here (a repo or protection that does
    // not exist yet), not something to raise as a warning annotation. Other failures stay visible.
    log: {
      debug: () => {},
      info: () => {},
      warn,
      error: (m: string) => (EXPECTED_NOT_FOUND.test(m) ? undefined : warn(m)),
    },
    throttle: {
      retryAfterBaseValue: baseMs,
      ...(options.maxConcurrentRequests
        ? { global: new Bottleneck.Group({ maxConcurrent: options.maxConcurrentRequests, minTime: 0 }) }
        : {}),
      ...(options.spaceWrites === false
        ? { write: new Bottleneck.Group({ maxConcurrent: UNSPACED_WRITE_CONCURRENCY, minTime: 0 }) }
        : {}),
      // The throttling plugin's retry count is shared by every request of the client: never let it
      // retry; rate limits are retried per request by `useRequestRetries`.
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  });
  const retryBudget = createRetryBudget((options.retryWaitBudget ?? 600) * baseMs);
  useRequestRetries(octokit, { retries, baseMs, budget: retryBudget, warn });
  if (options.conditionalCache) useConditionalRequests(octokit, options.conditionalCache);
  return { octokit, calls, retryBudget };
}

/**
 * Wraps every request (outermost, so retries and throttling happen inside): GETs carry the cached
 * ETag, and Octokit's "Not modified" error (it throws a RequestError with status 304) becomes the
 * cached response.
 */
function useConditionalRequests(octokit: KitOctokitClient, cache: ConditionalRequestCache): void {
  octokit.hook.wrap("request", async (request, requestOptions) => {
    if (String(requestOptions.method).toUpperCase() !== "GET") return request(requestOptions);
    const route = String(requestOptions.url);
    const parsed = new URL(octokit.request.endpoint.parse(requestOptions).url);
    const key = `${parsed.pathname}${parsed.search}`;
    const cached = cache.get(key);
    if (cached) {
      requestOptions.headers = { ...requestOptions.headers, "if-none-match": cached.etag };
    }
    try {
      const response = await request(requestOptions);
      const etag = response.headers.etag;
      if (!etag) return response;
      const link = response.headers.link;
      const data = cache.set(key, route, { etag, data: response.data, ...(link ? { link } : {}) });
      return { ...response, data } as typeof response;
    } catch (error) {
      const status = (error as { status?: number }).status;
      const response = (error as { response?: { headers?: Record<string, string>; url?: string } }).response;
      if (status !== 304 || !cached) throw error;
      return {
        status: 200,
        url: response?.url ?? parsed.href,
        headers: { ...response?.headers, ...(cached.link ? { link: cached.link } : {}), etag: cached.etag },
        data: cached.data,
      } as Awaited<ReturnType<typeof request>>;
    }
  });
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
