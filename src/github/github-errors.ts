/**
 * Reading Octokit's errors. A 403 can mean "not allowed" (a plan or a token without the permission) or
 * "slow down" (a rate limit the retries did not outlast): only the first may be read as an answer;
 * the second must fail the step, or a create would go ahead as if the org had no custom properties.
 */

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A primary or secondary rate limit answer (403 or 429 with `retry-after`, an empty budget, or GitHub's message). */
export function isRateLimited(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return false;
  const response = (error as { response?: { headers?: Record<string, unknown>; data?: unknown } }).response;
  const headers = response?.headers ?? {};
  const message = `${(error as Error).message ?? ""} ${JSON.stringify(response?.data ?? "")}`;
  return (
    status === 429 ||
    headers["retry-after"] !== undefined ||
    String(headers["x-ratelimit-remaining"]) === "0" ||
    /rate limit/i.test(message)
  );
}

/**
 * A 403 carrying `x-accepted-github-permissions`: the App's token lacks a permission. Never an answer
 * ("none there"): the kit must say which permission to grant, not carry on with less evidence.
 */
export function isMissingPermission(error: unknown): boolean {
  if (statusOf(error) !== 403) return false;
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  return typeof headers["x-accepted-github-permissions"] === "string";
}

/**
 * 404, or a 403 that is a refusal rather than a rate limit or a missing App permission: "this is not
 * there for us" (a plan without the feature, a repo the token may not see).
 */
export function isAbsentOrForbidden(error: unknown): boolean {
  const status = statusOf(error);
  return status === 404 || (status === 403 && !isRateLimited(error) && !isMissingPermission(error));
}
