/**
 * The kit's workflows mint each job's installation token with exactly the permissions the one table
 * (src/github/app-permissions.ts) lists for that job: `permission-*` inputs of
 * actions/create-github-app-token, no more and no fewer, and every kit job that mints a token is in it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jobPermissionsAll, KIT_APP_JOBS } from "../src/github/app-permissions";
import { kitRoot } from "../src/kit-paths";

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

const workflowsDir = path.join(kitRoot(), ".github", "workflows");

/** `job` → the permission-* inputs of its create-github-app-token step, as `{ name: access }`. */
function mintedPermissions(file: string): Map<string, Record<string, string>> {
  const workflow = parse(readFileSync(path.join(workflowsDir, file), "utf8")) as {
    jobs: Record<string, { steps?: Step[] }>;
  };
  const minted = new Map<string, Record<string, string>>();
  for (const [job, { steps = [] }] of Object.entries(workflow.jobs)) {
    for (const step of steps) {
      if (!step.uses?.startsWith("actions/create-github-app-token@")) continue;
      const inputs = Object.entries(step.with ?? {}).filter(([key]) => key.startsWith("permission-"));
      minted.set(
        job,
        Object.fromEntries(
          inputs.map(([key, value]) => [key.slice("permission-".length).replace(/-/g, "_"), String(value)]),
        ),
      );
    }
  }
  return minted;
}

describe("per-job App tokens", () => {
  it.each(KIT_APP_JOBS.map((job) => [`${job.workflow} ${job.job}`, job] as const))(
    "%s mints exactly the table's permissions",
    (_, job) => {
      expect(mintedPermissions(job.workflow).get(job.job)).toEqual(jobPermissionsAll(job));
    },
  );

  it("every job that mints an App token is in the table", () => {
    const listed = new Set(KIT_APP_JOBS.map((j) => `${j.workflow} ${j.job}`));
    for (const file of readdirSync(workflowsDir).filter((f) => f.endsWith(".yml"))) {
      for (const job of mintedPermissions(file).keys()) expect(listed).toContain(`${file} ${job}`);
    }
  });
});
