/**
 * The actions the kit's workflows pin stay on releases that run on GitHub's node24 runtime (or are
 * composite), and the workflows use them the way those releases expect: create-github-app-token by the
 * App's client ID, no checkout of a fork's code on `pull_request_target` or `workflow_run` (checkout v7
 * refuses it). Dependabot may move a pin up; a test fails if one moves below these floors.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const repoRoot = path.resolve(import.meta.dirname, "..");

/** The releases verified to run on node24 (composite for setup-cli): no pin may be older. */
const FLOORS: Record<string, string> = {
  "actions/checkout": "7.0.1",
  "actions/setup-python": "7.0.0",
  "actions/upload-artifact": "7.0.0",
  "actions/create-github-app-token": "3.1.1",
  "actions/cache": "5.0.5",
  "databricks/setup-cli": "1.13.0",
};

const workflows = [".github/workflows", "workflows"].flatMap((dir) =>
  existsSync(path.join(repoRoot, dir))
    ? readdirSync(path.join(repoRoot, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => [`${dir}/${f}`, readFileSync(path.join(repoRoot, dir, f), "utf8")] as const)
    : [],
);

const PIN = /uses:\s*([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@([0-9a-f]{40})\s*#\s*v(\d+\.\d+\.\d+)/g;
const pins = workflows.flatMap(([file, text]) =>
  [...text.matchAll(PIN)].map((m) => ({ file, action: m[1]!, version: m[3]! })),
);

const newer = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! > y![i]!;
  return true;
};

describe("the pinned actions", () => {
  it("are all known, and none is older than its node24 release", () => {
    expect(pins.length).toBeGreaterThan(10);
    for (const pin of pins) {
      const floor = FLOORS[pin.action];
      expect(floor, `${pin.file}: ${pin.action} has no known node24 release`).toBeDefined();
      expect(newer(pin.version, floor!), `${pin.file}: ${pin.action} v${pin.version} < v${floor}`).toBe(true);
    }
  });

  it("mint the App token by the App's client ID (create-github-app-token v3), never app-id", () => {
    const steps = workflows.flatMap(([file, text]) =>
      Object.values(
        (parse(text) as { jobs?: Record<string, { steps?: { uses?: string; with?: object }[] }> }).jobs ?? {},
      )
        .flatMap((job) => job.steps ?? [])
        .filter((step) => step.uses?.startsWith("actions/create-github-app-token@"))
        .map((step) => [file, step.with as Record<string, string>] as const),
    );
    // enforce-protection, create-project, upgrade-projects and assess-fleet mint one each.
    expect(steps.length).toBe(4);
    for (const [file, inputs] of steps) {
      expect(inputs["client-id"], file).toBe("${{ secrets.MLOPS_KIT_APP_CLIENT_ID }}");
      expect(inputs, file).not.toHaveProperty("app-id");
    }
  });

  it("run on no event where checkout v7 refuses a fork's code (pull_request_target, workflow_run)", () => {
    for (const [file, text] of workflows) {
      const on = (parse(text) as { on?: unknown }).on;
      const events = typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
      expect(events, file).not.toContain("pull_request_target");
      expect(events, file).not.toContain("workflow_run");
    }
  });
});
