/**
 * Executes a plan of repairs (the only place repairs happen). Repairs are independent, so they run
 * with bounded concurrency; Octokit's throttling still spaces the writes as GitHub advises. A failed
 * repair is recorded with its reason and the others carry on.
 */
import { mapWithConcurrency } from "./bounded-concurrency";
import { describeRepair, type EnforcePlan, type Repair } from "./enforce-planner";
import { describeReadError } from "./protection-reader";

/** Does one repair on GitHub; returns a short outcome ("created", "updated", ...). */
export interface RepairExecutor {
  execute(repair: Repair): Promise<string>;
}

export interface RepairResult {
  repair: Repair;
  description: string;
  status: "done" | "failed";
  outcome?: string;
  error?: string;
}

export async function applyRepairs(
  plan: EnforcePlan,
  executor: RepairExecutor,
  options: { concurrency: number; onResult?: (result: RepairResult) => void },
): Promise<RepairResult[]> {
  return mapWithConcurrency(plan.repairs, options.concurrency, async (repair) => {
    const description = describeRepair(repair);
    let result: RepairResult;
    try {
      result = { repair, description, status: "done", outcome: await executor.execute(repair) };
    } catch (error) {
      result = { repair, description, status: "failed", error: describeReadError(error) };
    }
    options.onResult?.(result);
    return result;
  });
}
