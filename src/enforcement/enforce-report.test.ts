import { describe, expect, it } from "vitest";
import { type EnforceReport, enforceVerdict, renderEnforceMarkdown } from "./enforce-report";

function report(change: Partial<EnforceReport> = {}): EnforceReport {
  return {
    kitVersion: "0.0.0",
    org: "acme",
    mode: "apply",
    ok: true,
    counts: {
      governed: 2,
      compliant: 2,
      drifted: 0,
      repaired: 0,
      unreadable: 0,
      archivedSkipped: 0,
      excluded: 0,
      notGoverned: 0,
    },
    repos: [
      {
        repo: "a",
        defaultBranch: "main",
        governedBy: ["naming"],
        status: "compliant",
        drift: [],
        remainingDrift: [],
      },
      {
        repo: "b",
        defaultBranch: "main",
        governedBy: ["naming"],
        status: "compliant",
        drift: [],
        remainingDrift: [],
      },
    ],
    repairs: [],
    skipped: { archived: [], excluded: [] },
    durationMs: 0,
    ...change,
  };
}

describe("enforceVerdict", () => {
  it("passes a clean run", () => {
    expect(enforceVerdict(report(), true)).toEqual({ exitCode: 0 });
  });

  it("fails on drift only when failing on drift is on, naming the repos", () => {
    const drifted = report({
      repos: [{ ...report().repos[0]!, status: "drifted" }, report().repos[1]!],
    });
    expect(enforceVerdict(drifted, false).exitCode).toBe(0);
    const verdict = enforceVerdict(drifted, true);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.message).toMatch(/1 repo\(s\) drifted: a$/);
  });

  it("always fails on an unreadable repo, a failed repair or an unreadable org ruleset", () => {
    const unreadable = report({ repos: [{ ...report().repos[1]!, status: "unreadable", reason: "403" }] });
    expect(enforceVerdict(unreadable, false)).toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/unreadable.*: b/),
    });
    const failed = report({ repairs: [{ description: "protect b@main", status: "failed", error: "502" }] });
    expect(enforceVerdict(failed, false)).toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/repair\(s\) failed: protect b@main/),
    });
    const org = report({
      orgRuleset: { status: "unreadable", drift: [], remainingDrift: [], reason: "403" },
    });
    expect(enforceVerdict(org, false).exitCode).toBe(1);
    expect(enforceVerdict(report({ error: "boom" }), false)).toMatchObject({
      exitCode: 1,
      message: "enforcement failed: boom",
    });
  });

  it("lists ten names and counts the rest", () => {
    const many = report({
      repos: Array.from({ length: 13 }, (_, i) => ({
        ...report().repos[0]!,
        repo: `r${i}`,
        status: "drifted" as const,
      })),
    });
    expect(enforceVerdict(many, true).message).toMatch(/r9, … and 3 more$/);
  });
});

describe("renderEnforceMarkdown", () => {
  it("says why rules are missing: sources not in force and who may bypass", () => {
    const drifted = report({
      ok: false,
      repos: [
        {
          repo: "acme-nlp",
          defaultBranch: "main",
          governedBy: ["naming"],
          status: "drifted",
          drift: [{ field: "bypassActors", expected: "nobody", actual: ["team #42"] }],
          remainingDrift: [{ field: "bypassActors", expected: "nobody", actual: ["team #42"] }],
          sources: [
            {
              source: 'repo ruleset "x" (#1)',
              inForce: false,
              notInForce: "enforcement is evaluate: its rules are not enforced",
              bypass: [],
            },
            { source: 'repo ruleset "y" (#2)', inForce: true, bypass: ["team #42"] },
          ],
          lacking: { bypassActors: [{ source: 'repo ruleset "y" (#2)', value: ["team #42"] }] },
        },
      ],
    });
    const markdown = renderEnforceMarkdown(drifted);
    expect(markdown).toContain('- acme-nlp: repo ruleset "x" (#1) is not in force: enforcement is evaluate');
    expect(markdown).toContain('- acme-nlp: repo ruleset "y" (#2) may be bypassed by team #42');
  });
});
