/**
 * The fault matrix of create-project: for every distinct call of a clean run (API and git), fail that
 * call persistently with one kind of fault, re-run the action without the fault, and require the end
 * state of a clean run. Split by kind over several test files so that vitest runs them side by side.
 */
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestLogEntry, RunningSimulator, SimControls, SimFault } from "../../src/simulator/index";
import {
  expectNoSecretIn,
  projectState,
  runCreateAction,
  startDemoSimulator,
} from "../helpers/create-project-harness";

export interface FaultKind {
  name: string;
  fault: Pick<SimFault, "status" | "retryAfter" | "drop" | "loseResponse">;
}

export const FAULT_KINDS = {
  serverError: { name: "500", fault: { status: 500 } },
  badGateway: { name: "502", fault: { status: 502 } },
  secondaryRateLimit: {
    name: "secondary rate limit 403 + retry-after",
    fault: { status: 403, retryAfter: 1 },
  },
  droppedConnection: { name: "dropped connection", fault: { drop: true } },
  /** The write happens, the answer is lost: a retried create meets 422 "already exists" and must own it. */
  lostResponse: { name: "lost response", fault: { loseResponse: true } },
} satisfies Record<string, FaultKind>;

/** Distinct (method, operationId) pairs of a run, in first-seen order. */
export function operationsOf(requests: RequestLogEntry[]): { method: string; operationId: string }[] {
  const seen = new Map<string, { method: string; operationId: string }>();
  for (const r of requests) {
    if (!r.operationId || r.operationId === "unknown") continue;
    seen.set(`${r.method} ${r.operationId}`, { method: r.method, operationId: r.operationId });
  }
  return [...seen.values()];
}

export function describeFaultMatrix(kinds: FaultKind[]): void {
  describe(`create-project under faults (${kinds.map((k) => k.name).join(", ")})`, () => {
    let sim: RunningSimulator;
    let controls: SimControls;
    let cleanState: Awaited<ReturnType<typeof projectState>>;
    let operations: { method: string; operationId: string }[];

    beforeAll(async () => {
      ({ sim, controls } = await startDemoSimulator());
      const clean = await runCreateAction(sim);
      if (clean.exitCode !== 0) throw new Error(`the clean run failed:\n${clean.log}`);
      operations = operationsOf(await controls.requests());
      cleanState = await projectState(sim);
    });
    afterAll(() => sim.close());

    it("knows every distinct call of a clean run, git included", () => {
      expect(operations.length).toBeGreaterThanOrEqual(15);
      expect(operations.map((op) => op.operationId)).toEqual(
        expect.arrayContaining(["repos/create-in-org", "git:receive-pack", "repos/update-branch-protection"]),
      );
    });

    for (const kind of kinds) {
      // Two runs per call of the flow (~20 calls): longer than the suite's default per-test time allows.
      it(`converges after each call fails with a ${kind.name}`, async () => {
        const failures: string[] = [];
        for (const op of operations) {
          await controls.reset();
          // Persistent: more failures than the action's retries, so the first run really fails at this call.
          await controls.addFault({
            method: op.method,
            operationId: op.operationId,
            ...kind.fault,
            times: 20,
          });
          const faulted = await runCreateAction(sim);
          expectNoSecretIn(faulted);
          const faultStatus = kind.fault.status ?? 0;
          const hit = (await controls.requests()).some(
            (r) => r.operationId === op.operationId && r.method === op.method && r.status === faultStatus,
          );
          await controls.clearFaults();
          const rerun = await runCreateAction(sim);
          expectNoSecretIn(rerun);
          const state = await projectState(sim);
          const label = `${op.method} ${op.operationId}`;
          if (!hit) failures.push(`${label}: the fault was never hit`);
          if (rerun.exitCode !== 0) failures.push(`${label}: re-run failed:\n${rerun.log.slice(-1500)}`);
          // Key order is not state: secrets set side by side arrive in any order.
          else if (!isDeepStrictEqual(state, cleanState)) {
            failures.push(
              `${label}: end state differs:\n${JSON.stringify(state)}\n${JSON.stringify(cleanState)}`,
            );
          }
        }
        expect(failures).toEqual([]);
      }, 600_000);

      it(`absorbs a transient ${kind.name} on any API call within one run`, async () => {
        await controls.reset();
        // One fault on every third API call at once, each answered once: the retries must carry the run.
        const apiOperations = operations.filter((op) => !op.operationId.startsWith("git:"));
        for (const op of apiOperations.filter((_, i) => i % 3 === 0)) {
          await controls.addFault({
            method: op.method,
            operationId: op.operationId,
            ...kind.fault,
            times: 1,
          });
        }
        const result = await runCreateAction(sim);
        expect(result.exitCode, result.log).toBe(0);
        expectNoSecretIn(result);
        expect(await projectState(sim)).toEqual(cleanState);
      });
    }
  });
}
