import { describe, expect, it } from "vitest";
import { isAbsentOrForbidden, isRateLimited } from "./github-errors";

const error = (status: number, headers: Record<string, string> = {}, message = "Forbidden") =>
  Object.assign(new Error(message), { status, response: { headers, data: { message } } });

describe("reading GitHub's refusals", () => {
  it("tells a rate limit from a refusal", () => {
    expect(isRateLimited(error(403, { "retry-after": "60" }))).toBe(true);
    expect(isRateLimited(error(403, { "x-ratelimit-remaining": "0" }))).toBe(true);
    expect(isRateLimited(error(403, {}, "You have exceeded a secondary rate limit"))).toBe(true);
    expect(isRateLimited(error(429))).toBe(true);
    expect(isRateLimited(error(403, { "x-ratelimit-remaining": "4999" }, "Resource not accessible"))).toBe(
      false,
    );
    expect(isRateLimited(error(500, { "retry-after": "1" }))).toBe(false);
  });

  it("reads 404 and a plain 403 as absent, never a rate limit or a server error", () => {
    expect(isAbsentOrForbidden(error(404))).toBe(true);
    expect(isAbsentOrForbidden(error(403, {}, "Resource not accessible by integration"))).toBe(true);
    expect(isAbsentOrForbidden(error(403, { "retry-after": "1" }))).toBe(false);
    expect(isAbsentOrForbidden(error(502))).toBe(false);
    expect(isAbsentOrForbidden(new Error("socket hang up"))).toBe(false);
  });
});
