import { beforeAll, describe, expect, it } from "vitest";
import { createdRepoFacts, editFile, PROTECTED, withFiles } from "../../test/helpers/assessment-fixtures";
import { assessRepo } from "./assess-repo";
import type { Outcome } from "./assessment-model";
import { CRITERIA, criterionById } from "./criteria";
import type { AssessmentContext, RepoFacts } from "./repo-facts";

let good: RepoFacts;
let context: AssessmentContext;

beforeAll(async () => {
  ({ facts: good, context } = await createdRepoFacts());
});

function outcome(id: string, facts: RepoFacts, ctx = context): { outcome: Outcome; detail: string } {
  const c = criterionById(id);
  if (!c?.measure) throw new Error(`${id} is not measured`);
  const { outcome: o, detail } = c.measure(facts, ctx);
  return { outcome: o, detail };
}

const DEPLOY = ".github/workflows/deploy.yml";
const CI = ".github/workflows/ci.yml";

/** Per measured criterion: a degraded repo that fails it and (where it applies) one it cannot see. */
const CASES: { id: string; fail: (f: RepoFacts) => RepoFacts; inconclusive?: (f: RepoFacts) => RepoFacts }[] =
  [
    { id: "project-readme", fail: (f) => withFiles(f, { "README.md": "# x\n" }) },
    { id: "release-notes", fail: (f) => f },
    { id: "infra-as-code", fail: (f) => withFiles(f, { "databricks.yml": undefined }) },
    {
      id: "cd-on-merge",
      fail: (f) => ({
        ...f,
        environments: [
          { name: "dev", reviewers: 0 },
          { name: "prod", reviewers: 0 },
        ],
      }),
      inconclusive: (f) => {
        const { environments: _, ...rest } = f;
        return rest;
      },
    },
    { id: "environments-alike", fail: (f) => editFile(f, "databricks.yml", /\n {2}prod:\n[\s\S]*$/, "\n") },
    {
      id: "deployment-traceability",
      fail: (f) => editFile(f, "databricks.yml", /\n\s+run-url: \$\{var\.run_url\}/, ""),
    },
    { id: "rollback-path", fail: (f) => withFiles(f, { ".github/workflows/rollback.yml": undefined }) },
    {
      id: "pr-reviews-required",
      fail: (f) => ({
        ...f,
        protection: {
          facts: { ...PROTECTED, pullRequestsRequired: false, requiredApprovingReviewCount: 0 },
          source: "classic",
        },
      }),
      inconclusive: (f) => ({
        ...f,
        protection: { unreadable: "403 Resource not accessible by integration" },
      }),
    },
    {
      id: "ci-required-check",
      fail: (f) => ({
        ...f,
        protection: { facts: { ...PROTECTED, requiredStatusChecks: [] }, source: "classic" },
      }),
      inconclusive: (f) => {
        const { protection: _, ...rest } = f;
        return rest;
      },
    },
    { id: "tests-per-module", fail: (f) => withFiles(f, { "src/acme_forecast_demand/extra.py": "X = 1\n" }) },
    { id: "coverage-reported", fail: (f) => withFiles(f, { [CI]: undefined }) },
    { id: "pre-commit", fail: (f) => f },
    {
      id: "workflow-hygiene",
      fail: (f) => editFile(f, CI, /^permissions: \{\}\n/m, "permissions: write-all\n"),
    },
    {
      id: "kit-version-current",
      fail: (f) => editFile(f, ".mlops-kit/answers.yml", /kitVersion: "[^"]+"/, 'kitVersion: "0.0.9"'),
    },
    { id: "code-owners", fail: (f) => withFiles(f, { ".github/CODEOWNERS": undefined }) },
    {
      id: "cost-tags",
      fail: (f) => editFile(f, "databricks.yml", '"cost-center": "CC-0000"', '"cost-center": "oops"'),
    },
    {
      id: "monitoring-alert",
      fail: (f) =>
        editFile(
          f,
          "databricks.yml",
          /(monitor:\n(?:.*\n)*?\s+email_notifications:\n\s+on_failure:\n)\s+- "[^"]+"\n/,
          "$1",
        ),
    },
  ];

describe("measured criteria on crafted repos", () => {
  it("covers every measured criterion", () => {
    expect(CASES.map((c) => c.id).sort()).toEqual(
      CRITERIA.filter((c) => c.measure)
        .map((c) => c.id)
        .sort(),
    );
  });

  it("a repo created by create-project passes every criterion the kit can satisfy", () => {
    const assessment = assessRepo(good, context);
    for (const r of assessment.results) {
      const c = criterionById(r.id)!;
      if (c.kitSatisfies)
        expect({ id: r.id, outcome: r.outcome, detail: r.detail }).toMatchObject({ outcome: "pass" });
      else
        expect({ id: r.id, outcome: r.outcome }).toEqual({
          id: r.id,
          outcome: c.measure ? "fail" : "inconclusive",
        });
    }
    expect(assessment.team).toBe("forecasting");
    expect(assessment.template).toBe("batch-job");
  });

  it("the online-service template passes them too", async () => {
    const { facts } = await createdRepoFacts("online-service", "acme-pricing-quotes");
    const failing = assessRepo(facts, context).results.filter(
      (r) => criterionById(r.id)!.kitSatisfies && r.outcome !== "pass",
    );
    expect(failing).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.id}: fails on a repo degraded for it, with a fix`, () => {
      const degraded = c.fail(good);
      expect(outcome(c.id, degraded).outcome).toBe("fail");
      const result = assessRepo(degraded, context).results.find((r) => r.id === c.id)!;
      expect(result.fix).toBe(criterionById(c.id)!.fix);
      expect(result.fix.length).toBeGreaterThan(10);
    });
    if (c.inconclusive)
      it(`${c.id}: inconclusive when it cannot be seen`, () => {
        expect(outcome(c.id, c.inconclusive!(good)).outcome).toBe("inconclusive");
      });
  }

  it("passing results carry evidence with a file and line or an API field", () => {
    for (const r of assessRepo(good, context).results.filter((x) => x.outcome === "pass")) {
      expect(r.evidence.length, r.id).toBeGreaterThan(0);
      expect(
        r.evidence.some((e) => (e.path && e.line) || e.field || e.job),
        r.id,
      ).toBe(true);
    }
  });

  it("the PR criterion reports Scorecard's score and tier", () => {
    const r = assessRepo(good, context).results.find((x) => x.id === "pr-reviews-required")!;
    expect(r.data).toEqual({ scorecardScore: 8, scorecardTier: 3 });
  });

  it("OIDC deploys fail when an environment still holds a client secret", () => {
    const oidc = editFile(good, DEPLOY, /databricks-auth: oauth-m2m/g, "databricks-auth: github-oidc");
    const withSecrets = (secretNames: string[]) => ({
      ...oidc,
      environments: [
        { name: "dev", reviewers: 0, secretNames },
        { name: "prod", reviewers: 1, secretNames: [] },
      ],
    });
    expect(outcome("cd-on-merge", withSecrets(["DATABRICKS_CLIENT_SECRET"])).detail).toMatch(
      /dev still hold/,
    );
    expect(outcome("cd-on-merge", withSecrets(["DATABRICKS_CLIENT_SECRET"])).outcome).toBe("fail");
    expect(outcome("cd-on-merge", withSecrets([])).outcome).toBe("pass");
  });

  it("a repo on a newer kit than the target is current; an unparsable workflow fails hygiene", () => {
    expect(outcome("kit-version-current", good, { ...context, latestKitVersion: "0.0.1" }).outcome).toBe(
      "pass",
    );
    expect(outcome("kit-version-current", good, { ...context, latestKitVersion: "0.10.0" }).outcome).toBe(
      "fail",
    );
    expect(outcome("workflow-hygiene", withFiles(good, { [CI]: "on: [push\n" })).outcome).toBe("fail");
  });

  it("mature needs every criterion of sections 1-4, including the owners' attestations", () => {
    expect(assessRepo(good, context).mature).toBe(false);
    const ids = ["business-goals", "model-documentation", "model-risk", "data-lineage", "incident-process"];
    const attested = withFiles(good, {
      ".pre-commit-config.yaml":
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.6.0\n    hooks: [{ id: ruff }]\n",
      "CHANGELOG.md": "# Changelog\n",
      ".mlops-kit/attestations.yml": `version: 1\nattestations:\n${ids.map((id) => `  ${id}: { answer: yes, by: "@alice", date: 2026-11-02 }`).join("\n")}\n`,
    });
    const a = assessRepo(attested, context);
    expect(a.sections.filter((s) => s.section <= 4).every((s) => s.complete)).toBe(true);
    expect(a.mature).toBe(true);
    expect(
      a.results
        .filter((r) => r.outcome === "attested")
        .map((r) => r.id)
        .sort(),
    ).toEqual([...ids].sort());
  });
});
