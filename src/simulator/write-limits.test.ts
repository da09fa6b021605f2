import { describe, expect, it } from "vitest";
import { GITHUB_WRITE_LIMITS, WriteLimits } from "./write-limits";

describe("GitHub's secondary write limits", () => {
  it("admits 80 writes a minute, then asks to wait until the oldest leaves the window", () => {
    const limits = new WriteLimits({ ...GITHUB_WRITE_LIMITS });
    for (let i = 0; i < 80; i++) expect(limits.admit("bot", "PUT", 1_000 + i * 100)).toBe(0);
    // The 81st at t=10 s: the first write (t=1 s) leaves the minute at t=61 s.
    expect(limits.admit("bot", "POST", 10_000)).toBe(51_000);
    expect(limits.admit("bot", "POST", 61_001)).toBe(0);
    // Another caller has its own budget; reads are not content.
    expect(limits.admit("alice", "POST", 10_000)).toBe(0);
    expect(limits.admit("bot", "GET", 61_002)).toBe(0);
  });

  it("admits 500 writes an hour", () => {
    const limits = new WriteLimits({
      ...GITHUB_WRITE_LIMITS,
      contentPerMinute: 10_000,
      pointsPerMinute: 1e9,
    });
    for (let i = 0; i < 500; i++) expect(limits.admit("bot", "PATCH", i * 1_000)).toBe(0);
    expect(limits.admit("bot", "PATCH", 500_000)).toBe(3_600_000 - 500_000);
  });

  it("counts 900 points a minute: a write costs 5, a read 1", () => {
    const limits = new WriteLimits({ ...GITHUB_WRITE_LIMITS, contentPerMinute: 10_000 });
    for (let i = 0; i < 896; i++) expect(limits.admit("bot", "GET", 0)).toBe(0);
    expect(limits.admit("bot", "DELETE", 10)).toBe(60_000 - 10);
    expect(limits.admit("bot", "GET", 10)).toBe(0);
  });
});
