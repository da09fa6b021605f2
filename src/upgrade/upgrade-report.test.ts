import { describe, expect, it } from "vitest";
import type { UpgradeReport } from "./run-upgrade-projects";
import { countOutcomes, renderUpgradeMarkdown } from "./upgrade-report";

const report: UpgradeReport = {
  org: "acme",
  to: "0.3.0",
  writes: 3,
  calls: 12,
  budgetCalls: 9,
  stopped: "write budget spent (3/3)",
  repos: [
    { repo: "acme-forecast-a", action: "opened", pull: 4, conflicts: 1 },
    { repo: "acme-forecast-b", action: "current" },
    { repo: "acme-forecast-c", action: "leave-alone", pull: 2, reason: "someone pushed | to it" },
    { repo: "acme-forecast-d", action: "not-reached" },
  ],
};

describe("upgrade job summary", () => {
  it("counts outcomes and lists the repos that need a reader, escaping table cells", () => {
    expect(countOutcomes(report)).toEqual({ opened: 1, current: 1, "leave-alone": 1, "not-reached": 1 });
    const markdown = renderUpgradeMarkdown(report);
    expect(markdown).toContain("## ⏸️ Kit upgrade to v0.3.0 in acme");
    expect(markdown).toContain("| 1 | 0 | 0 | 1 | 1 | 0 | 1 | 0 |");
    expect(markdown).toContain("**Stopped early:** write budget spent (3/3).");
    expect(markdown).toContain("| acme-forecast-a | opened | #4 | 1 |  |");
    expect(markdown).toContain("| acme-forecast-c | leave-alone | #2 |  | someone pushed \\| to it |");
    expect(markdown).not.toContain("acme-forecast-b |");
  });
});
