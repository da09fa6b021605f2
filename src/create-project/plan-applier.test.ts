import { describe, expect, it } from "vitest";
import type { CreatePlan, PlanStep } from "./create-plan";
import { applyPlan } from "./plan-applier";

const step = (id: string, dependsOn: string[] = []): PlanStep => ({
  id,
  kind: "request",
  area: "topics",
  description: id,
  dependsOn,
  route: "PUT /x",
  params: {},
});
const plan = (steps: PlanStep[]): CreatePlan => ({
  org: "o",
  repo: "r",
  url: "",
  cloneUrl: "",
  mode: "create",
  steps,
  notes: [],
});
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("applyPlan", () => {
  it("runs steps after their dependencies, independent ones side by side", async () => {
    const log: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const result = await applyPlan(
      plan([step("a"), step("b", ["a"]), step("c", ["a"]), step("d", ["b", "c"])]),
      async (s) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        log.push(`start ${s.id}`);
        await tick();
        inFlight--;
        return "ok";
      },
      { concurrency: 4 },
    );
    expect(result.ok).toBe(true);
    expect(log[0]).toBe("start a");
    expect(log.at(-1)).toBe("start d");
    expect(maxInFlight).toBe(2);
  });

  it("respects the concurrency bound", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    await applyPlan(
      plan(["a", "b", "c", "d", "e"].map((id) => step(id))),
      async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await tick();
        inFlight--;
        return "ok";
      },
      { concurrency: 2 },
    );
    expect(maxInFlight).toBe(2);
  });

  it("stops starting steps after a failure and reports the rest as not run", async () => {
    const started: string[] = [];
    const result = await applyPlan(
      plan([step("a"), step("b", ["a"]), step("c", ["b"])]),
      async (s) => {
        started.push(s.id);
        if (s.id === "b") throw new Error("boom with s3cret inside");
        return "ok";
      },
      { concurrency: 1, redact: (t) => t.replace("s3cret", "***") },
    );
    expect(started).toEqual(["a", "b"]);
    expect(result.ok).toBe(false);
    expect(result.results.map((r) => [r.id, r.status])).toEqual([
      ["a", "done"],
      ["b", "failed"],
      ["c", "not-run"],
    ]);
    expect(result.results[1]!.error).toBe("boom with *** inside");
  });
});
