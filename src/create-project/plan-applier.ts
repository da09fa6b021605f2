/**
 * Executes a create plan: each step starts when the steps it depends on are done, up to `concurrency`
 * at a time (GitHub pacing of writes is the API client's job, not the applier's). The first failure
 * stops new steps from starting; finished steps stay finished, so a re-run resumes from there.
 */
import { describeError } from "../errors";
import type { CreatePlan, PlanStep } from "./create-plan";

export type StepStatus = "done" | "failed" | "not-run";

export interface StepResult {
  id: string;
  area: string;
  description: string;
  status: StepStatus;
  /** What the step found or did, e.g. `created`, `already-present`, `updated`. */
  outcome?: string;
  ms: number;
  error?: string;
}

/** Runs one step; returns its outcome word. Implementations live in the GitHub adapter. */
export type StepExecutor = (step: PlanStep) => Promise<string>;

export interface ApplyOptions {
  concurrency: number;
  /** Called when a step starts and when it ends (for progress logs). */
  onStepStart?: (step: PlanStep) => void;
  onStepEnd?: (result: StepResult) => void;
  /** Scrubs secret values out of error messages before they are stored or shown. */
  redact?: (text: string) => string;
}

export interface ApplyResult {
  ok: boolean;
  results: StepResult[];
}

export async function applyPlan(
  plan: CreatePlan,
  execute: StepExecutor,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const redact = options.redact ?? ((t: string) => t);
  const results = new Map<string, StepResult>();
  const pending = [...plan.steps];
  const running = new Map<string, Promise<void>>();
  let failed = false;

  const runStep = async (step: PlanStep) => {
    options.onStepStart?.(step);
    const started = performance.now();
    let result: StepResult;
    try {
      const outcome = await execute(step);
      result = {
        id: step.id,
        area: step.area,
        description: step.description,
        status: "done",
        outcome,
        ms: elapsed(started),
      };
    } catch (error) {
      failed = true;
      result = {
        id: step.id,
        area: step.area,
        description: step.description,
        status: "failed",
        ms: elapsed(started),
        error: redact(describeError(error)),
      };
    }
    results.set(step.id, result);
    options.onStepEnd?.(result);
  };

  while (pending.length > 0 || running.size > 0) {
    if (!failed) {
      for (let i = 0; i < pending.length && running.size < options.concurrency; ) {
        const step = pending[i]!;
        if (step.dependsOn.every((dep) => results.get(dep)?.status === "done")) {
          pending.splice(i, 1);
          const promise = runStep(step).finally(() => running.delete(step.id));
          running.set(step.id, promise);
        } else i++;
      }
    }
    if (running.size === 0) break; // failed, or nothing can start (dependencies failed)
    await Promise.race(running.values());
  }
  for (const step of pending) {
    results.set(step.id, {
      id: step.id,
      area: step.area,
      description: step.description,
      status: "not-run",
      ms: 0,
    });
  }
  const ordered = plan.steps.map((s) => results.get(s.id)!);
  return { ok: ordered.every((r) => r.status === "done"), results: ordered };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
