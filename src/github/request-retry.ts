/**
 * Retries of failed GitHub requests, one count and one backoff per request, and a bounded total wait per
 * client (one run).
 *
 * Why not `@octokit/plugin-retry` (8.1.1): it keeps its retry count on `options.request`, an object
 * every request of a client shares, so once one request has spent its retries the next failing one
 * starts at the end of the backoff curve (25 s instead of 1 s), and waits pile up across a run. The
 * throttling plugin's own retry count lives on the shared request function for the same reason. Here
 * the count is a local of the request's own retry loop, and the throttling plugin is told never to
 * retry: rate limits are retried here too, honouring `retry-after` and `x-ratelimit-reset`.
 *
 * Retried: 5xx but 501 (including Octokit's 500 for a connection that dropped or never answered), 429,
 * and rate-limit 403s. POSTs too: a create whose answer was lost comes back as 422 "already exists",
 * which every create treats as success when the thing is ours (see DESIGN.md, Retries).
 */
import type { Octokit } from "@octokit/rest";
import { isRateLimited, statusOf } from "./github-errors";

/** The total wait of every retry of one client, bounded so that a run under a storm ends with a clear message. */
export interface RetryBudget {
  readonly limitMs: number;
  readonly spentMs: number;
  /** Reserves `ms` of waiting; false (and nothing reserved) when it would pass the limit. */
  take(ms: number): boolean;
}

export function createRetryBudget(limitMs: number): RetryBudget {
  let spentMs = 0;
  return {
    limitMs,
    get spentMs() {
      return spentMs;
    },
    take(ms) {
      if (spentMs + ms > limitMs) return false;
      spentMs += ms;
      return true;
    },
  };
}

export interface RetryPolicy {
  /** Retries of one request after its first attempt. */
  retries: number;
  /** Unit of backoff and of `retry-after` seconds, in ms (1000 on GitHub; tests shrink it). */
  baseMs: number;
  budget: RetryBudget;
  warn: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type Headers = Record<string, string | number | undefined>;

function headersOf(error: unknown): Headers {
  return ((error as { response?: { headers?: Headers } }).response?.headers ?? {}) as Headers;
}

/** What kind of failure this is, for the decision and the log line; undefined: do not retry. */
export function retryableKind(
  error: unknown,
): "server error" | "rate limit" | "secondary rate limit" | undefined {
  const status = statusOf(error);
  if (status === undefined) return undefined;
  if (status >= 500 && status !== 501) return "server error";
  if (!isRateLimited(error)) return undefined;
  const message = String((error as Error).message ?? "");
  if (/secondary rate/i.test(message) || headersOf(error)["retry-after"] !== undefined)
    return "secondary rate limit";
  return "rate limit";
}

/**
 * How long to wait before retry number `attempt` (1-based): `retry-after` when the answer has one, the
 * time to `x-ratelimit-reset` when the primary budget is empty, else exponential backoff (1, 2, 4 … units).
 */
export function retryDelayMs(error: unknown, attempt: number, baseMs: number, nowMs: number): number {
  const headers = headersOf(error);
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * baseMs;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.max(0, Math.ceil(reset - nowMs / 1000) + 1) * baseMs;
  }
  return 2 ** (attempt - 1) * baseMs;
}

/** Installs the retry loop around every request of this Octokit (register it before outer wrappers). */
export function useRequestRetries(octokit: Pick<Octokit, "hook">, policy: RetryPolicy): void {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = policy.now ?? Date.now;
  let budgetWarned = false;
  octokit.hook.wrap("request", async (request, options) => {
    // A request object of its own: nothing a plugin writes on it reaches the client's other requests.
    const own = { ...options, request: { ...options.request } };
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(own);
      } catch (error) {
        const kind = retryableKind(error);
        if (!kind || attempt > policy.retries) throw error;
        const waitMs = retryDelayMs(error, attempt, policy.baseMs, now());
        const what = `${options.method} ${options.url}`;
        if (!policy.budget.take(waitMs)) {
          if (!budgetWarned) {
            budgetWarned = true;
            policy.warn(
              `retry wait budget exhausted (${formatSeconds(policy.budget.limitMs, policy.baseMs)} of waiting in this run): failing requests are no longer retried`,
            );
          }
          (error as Error).message =
            `${(error as Error).message} (not retried: the run's retry wait budget of ${formatSeconds(policy.budget.limitMs, policy.baseMs)} is spent)`;
          throw error;
        }
        policy.warn(
          `GitHub ${kind} on ${what} (${statusOf(error)}); waiting ${formatSeconds(waitMs, policy.baseMs)} (retry ${attempt}/${policy.retries})`,
        );
        await sleep(waitMs);
      }
    }
  });
}

/** Waits in the unit GitHub speaks (seconds when the unit is a second). */
function formatSeconds(ms: number, baseMs: number): string {
  const units = ms / baseMs;
  return `${Number.isInteger(units) ? units : units.toFixed(1)}s`;
}
