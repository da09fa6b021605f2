/**
 * The simulator must not be what makes tests and benchmarks slow: fast startup, cheap seeding of
 * thousands of repos, and sub-millisecond handling under concurrent clients. Bounds are generous
 * (shared CI machines); `npm run bench` prints the actual figures.
 */
import { describe, expect, it } from "vitest";
import { routeMatcher } from "../../src/simulator/index";
import { measureSimLoad } from "../../src/simulator/sim-load";

describe("simulator performance", () => {
  it("starts in under a second, seeds 10,000 repos quickly and serves 1,000 requests from 20 clients", async () => {
    routeMatcher();
    const figures = await measureSimLoad({ repoCount: 10_000, requests: 1000, clients: 20 });
    expect(figures.failures).toBe(0);
    expect(figures.startupSeconds).toBeLessThan(1);
    expect(figures.seededStartupSeconds).toBeLessThan(2);
    expect(figures.requestsPerSecond).toBeGreaterThan(300);
    console.log(
      `sim-startup ${figures.startupSeconds.toFixed(3)} s, 10,000 repos ${figures.seededStartupSeconds.toFixed(3)} s, ${Math.round(figures.requestsPerSecond)} req/s`,
    );
  });
});
