/**
 * Criteria of section 3 (code quality): reviewed pull requests (with OpenSSF Scorecard's
 * Branch-Protection score and tier), CI on pull requests as a required check, tests for each module,
 * coverage reported, pre-commit hooks, workflow hygiene and kit version currency.
 */
import { scoreTiers } from "../protection/scorecard-score";
import { checkWorkflowPolicy } from "../workflows/workflow-policy";
import { type Check, type Criterion, fileEvidence, outcomeOf } from "./criterion";
import { lineOf, type RepoFacts } from "./repo-facts";
import { callsKitWorkflow, workflowsOf } from "./workflow-facts";

/** The protection as a check input, or the reason it cannot be one. */
function protectionOf(facts: RepoFacts) {
  if (!facts.protection)
    return { unseen: "branch protection not observed (local checkout; assess --repo reads it)" };
  if ("unreadable" in facts.protection)
    return { unseen: `branch protection unreadable: ${facts.protection.unreadable}` };
  return { observed: facts.protection };
}

export const reviewedChanges: Criterion = {
  id: "pr-reviews-required",
  section: 3,
  title: "Changes reach the default branch only through reviewed pull requests",
  questions: ["3.1 Changes are merged through pull requests with at least one reviewer"],
  measuredBy:
    "Branch protection or rulesets require a pull request with one approval or more; reports Scorecard's Branch-Protection score and highest complete tier.",
  fix: "Run `mlops-kit enforce --apply` (or require a pull request with one approval on the default branch).",
  kitSatisfies: true,
  measure: (facts) => {
    const p = protectionOf(facts);
    if (!p.observed) return outcomeOf([{ ok: undefined, detail: p.unseen }]);
    const { facts: f, source } = p.observed;
    const { score, tiers } = scoreTiers(f);
    const tier = tiers.findIndex((t) => !t.complete);
    const completeTier = tier < 0 ? 5 : tier;
    const approvals = f.requiredApprovingReviewCount ?? 0;
    const ok = f.pullRequestsRequired === true && approvals >= 1;
    return outcomeOf(
      [
        {
          ok,
          detail: ok
            ? `pull requests with ${approvals} approval(s) required (Scorecard ${score}/10, tier ${completeTier})`
            : `no reviewed pull request required (Scorecard ${score}/10)`,
          evidence: [
            {
              kind: "api",
              field: `${source}: required_pull_request_reviews`,
              note: `Scorecard Branch-Protection ${score}/10`,
            },
          ],
        },
      ],
      { scorecardScore: score, scorecardTier: completeTier },
    );
  },
};

export const ciOnPullRequests: Criterion = {
  id: "ci-required-check",
  section: 3,
  title: "CI runs on every pull request and is a required check",
  questions: ["3.2 CI runs tests and linting on every pull request", "3.3 Merging requires CI to pass"],
  measuredBy:
    "A workflow runs on pull_request and calls the kit's ml-ci (or runs pytest); protection requires its check.",
  fix: "Keep .github/workflows/ci.yml and require its check (`ci / build-test`) in branch protection (`mlops-kit enforce --apply`).",
  kitSatisfies: true,
  measure: (facts, context) => {
    const ci = workflowsOf(facts).find(
      (w) =>
        w.events.includes("pull_request") &&
        w.jobs.some((j) => callsKitWorkflow(j, "ml-ci.yml") || /pytest/.test(j.runs)),
    );
    const checks: Check[] = [
      ci
        ? {
            ok: true,
            detail: `${ci.path} runs on pull requests`,
            evidence: [fileEvidence(ci.path, "pull_request trigger", lineOf(ci.text, /^\s*pull_request/))],
          }
        : {
            ok: false,
            detail: "no CI workflow on pull_request",
            evidence: [fileEvidence(".github/workflows/ci.yml", "missing")],
          },
    ];
    const p = protectionOf(facts);
    if (!p.observed) checks.push({ ok: undefined, detail: p.unseen });
    else {
      const required = p.observed.facts.requiredStatusChecks ?? [];
      const expected = context.requiredStatusChecks;
      const ok = required.length > 0 && expected.every((c) => required.includes(c));
      checks.push({
        ok,
        detail: ok
          ? `required checks: ${required.join(", ")}`
          : `required checks ${JSON.stringify(required)} lack ${expected.filter((c) => !required.includes(c)).join(", ") || "a check"}`,
        evidence: [
          { kind: "api", field: `${p.observed.source}: required_status_checks`, note: "required checks" },
        ],
      });
    }
    return outcomeOf(checks);
  },
};

/** Python modules of the package(s) under src/ (not `__init__`), and the test files. */
function modulesAndTests(facts: RepoFacts) {
  const modules = facts.paths.filter((p) => /^src\/[^/]+\/[^/]+\.py$/.test(p) && !p.endsWith("__init__.py"));
  const packages = facts.paths
    .filter((p) => /^src\/[^/]+\/[^/]+\/__init__\.py$/.test(p))
    .map((p) => p.replace(/\/__init__\.py$/, ""));
  const tests = [...facts.files.entries()].filter(([p]) => /^tests?\/(.*\/)?test_[^/]*\.py$/.test(p));
  return { units: [...modules.map((m) => m.replace(/\.py$/, "")), ...packages], tests };
}

export const testsPerModule: Criterion = {
  id: "tests-per-module",
  section: 3,
  title: "Every module has tests",
  questions: ["3.4 Unit tests exist for each module"],
  measuredBy:
    "Each module or subpackage of src/<package>/ has a tests/test_<name>.py or is imported by a test.",
  fix: "Add tests/test_<module>.py for each module listed in the detail.",
  kitSatisfies: true,
  measure: (facts) => {
    const { units, tests } = modulesAndTests(facts);
    if (units.length === 0) return outcomeOf([{ ok: false, detail: "no Python package under src/" }]);
    const untested = untestedUnits(facts, units, tests);
    return outcomeOf([
      {
        ok: untested.length === 0,
        detail: untested.length
          ? `untested: ${untested.join(", ")}`
          : `${units.length} module(s), each tested by ${tests.length} test file(s)`,
        evidence: untested.length
          ? untested.map((u) =>
              fileEvidence(
                `${u}${facts.paths.includes(`${u}.py`) ? ".py" : "/__init__.py"}`,
                "module without tests",
              ),
            )
          : tests.slice(0, 3).map(([p]) => fileEvidence(p, "tests", 1)),
      },
    ]);
  },
};

/** Text that imports the module `name` (`import x`, `from pkg.x`, `from . import x`, `pkg.x`). */
const importsOf = (name: string) =>
  new RegExp(
    `(import\\s+${name}\\b|\\.${name}\\b|from\\s+\\S*\\b${name}\\b|import\\s+[\\w, ]*\\b${name}\\b)`,
  );

/**
 * Units no test reaches: a unit is tested when a test file is named after it or imports it, or when a
 * tested unit imports it (a server's test covers the metrics module it serves).
 */
function untestedUnits(facts: RepoFacts, units: string[], tests: [string, string][]): string[] {
  const nameOf = (unit: string) => unit.split("/").pop() ?? unit;
  const textOf = (unit: string) =>
    facts.files.get(`${unit}.py`) ??
    [...facts.files.entries()]
      .filter(([p]) => p.startsWith(`${unit}/`))
      .map(([, t]) => t)
      .join("\n");
  const tested = new Set(
    units.filter((u) =>
      tests.some(([p, text]) => p.endsWith(`test_${nameOf(u)}.py`) || importsOf(nameOf(u)).test(text)),
    ),
  );
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units.filter((u) => !tested.has(u))) {
      if ([...tested].some((t) => importsOf(nameOf(unit)).test(textOf(t)))) {
        tested.add(unit);
        grew = true;
      }
    }
  }
  return units.filter((u) => !tested.has(u));
}

export const coverageReported: Criterion = {
  id: "coverage-reported",
  section: 3,
  title: "Test coverage is measured and reported",
  questions: ["3.5 Code coverage is measured and reported in CI"],
  measuredBy: "CI calls the kit's ml-ci (pytest --cov, coverage.xml artifact) or runs pytest with --cov.",
  fix: "Call the kit's ml-ci workflow from ci.yml (it runs pytest --cov and uploads coverage.xml).",
  kitSatisfies: true,
  measure: (facts) => {
    for (const w of workflowsOf(facts)) {
      const job = w.jobs.find((j) => callsKitWorkflow(j, "ml-ci.yml") || /pytest[^\n]*--cov/.test(j.runs));
      if (job)
        return outcomeOf([
          {
            ok: true,
            detail: `${w.path} job ${job.id} reports coverage`,
            evidence: [
              {
                kind: "workflow-job",
                path: w.path,
                job: job.id,
                ...(job.line ? { line: job.line } : {}),
                note: "coverage in CI",
              },
            ],
          },
        ]);
    }
    return outcomeOf([{ ok: false, detail: "no CI job measures coverage" }]);
  },
};

export const preCommit: Criterion = {
  id: "pre-commit",
  section: 3,
  title: "Pre-commit hooks are configured",
  questions: ["3.6 Pre-commit hooks check code before it is committed"],
  measuredBy: ".pre-commit-config.yaml is committed and lists at least one hook repo.",
  fix: "Add a .pre-commit-config.yaml (e.g. ruff, end-of-file-fixer) and run `pre-commit install`.",
  kitSatisfies: false,
  measure: (facts) => {
    const path = [".pre-commit-config.yaml", ".pre-commit-config.yml"].find((p) => facts.files.has(p));
    const text = path ? facts.files.get(path) : undefined;
    const line = lineOf(text, /^\s*-\s*repo:/);
    return outcomeOf([
      path && line
        ? {
            ok: true,
            detail: `${path} configures hooks`,
            evidence: [fileEvidence(path, "first hook repo", line)],
          }
        : { ok: false, detail: path ? `${path} lists no hook` : "no .pre-commit-config.yaml" },
    ]);
  },
};

export const workflowHygiene: Criterion = {
  id: "workflow-hygiene",
  section: 3,
  title: "Workflows pin actions and grant minimal token permissions",
  questions: ["3.7 CI/CD pipelines follow security best practices"],
  measuredBy:
    "Every workflow: top-level permissions read-only or empty, permissions per job, no ${{ }} in run:, third-party actions pinned by full SHA.",
  fix: "Declare `permissions: {}` at the top, grant per job, pass values through env:, pin actions by full commit SHA.",
  kitSatisfies: true,
  measure: (facts, context) => {
    const workflows = workflowsOf(facts);
    if (workflows.length === 0) return outcomeOf([{ ok: false, detail: "no workflows" }]);
    const checks = workflows.map((w): Check => {
      const problems = w.error
        ? [`does not parse: ${w.error.split("\n")[0]}`]
        : checkWorkflowPolicy(w.text, { firstPartyRepositories: [context.kitRepository] });
      return {
        ok: problems.length === 0,
        detail: problems.length
          ? `${w.path}: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ""}`
          : `${w.path} follows the policy`,
        evidence: [
          fileEvidence(
            w.path,
            problems.length ? problems[0]! : "policy met",
            lineOf(w.text, problems.length ? /^permissions:|uses:/ : /^permissions:/) ?? 1,
          ),
        ],
      };
    });
    return outcomeOf(checks);
  },
};

/** Numeric comparison of dotted versions (`0.10.0` > `0.9.3`); pre-release suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .replace(/^v/, "")
      .split(/[-+]/)[0]!
      .split(".")
      .map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const kitCurrency: Criterion = {
  id: "kit-version-current",
  section: 3,
  title: "The repo is on the current kit release",
  questions: ["3.8 Shared pipelines and templates are kept up to date"],
  measuredBy:
    "kitVersion in .mlops-kit/answers.yml equals (or is newer than) the kit release the fleet should run.",
  fix: "Merge the kit's upgrade pull request (or run `mlops-kit update --project .`).",
  kitSatisfies: true,
  measure: (facts, context) => {
    const path = ".mlops-kit/answers.yml";
    const text = facts.files.get(path);
    const line = lineOf(text, /^kitVersion:/);
    const version = line
      ? /^kitVersion:\s*"?([^"\s]+)"?/.exec(text!.split(/\r?\n/)[line - 1]!)?.[1]
      : undefined;
    if (!version)
      return outcomeOf([
        {
          ok: false,
          detail: `no kitVersion in ${path} (not made by mlops-kit?)`,
          evidence: [fileEvidence(path, "missing")],
        },
      ]);
    const behind = compareVersions(version, context.latestKitVersion) < 0;
    return outcomeOf(
      [
        {
          ok: !behind,
          detail: behind
            ? `on kit ${version}, ${context.latestKitVersion} is current`
            : `on kit ${version} (current)`,
          evidence: [fileEvidence(path, `kitVersion ${version}`, line)],
        },
      ],
      { kitVersion: version },
    );
  },
};
