/**
 * Seeding helpers for the assessment end-to-end tests: repos made by the bundled create-project
 * action, cloned (files pushed with git, protection and environments copied through the API) and
 * degraded in known ways, with the per-criterion outcomes each degradation must produce.
 */
import { execFile } from "node:child_process";
import { cpSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Octokit } from "@octokit/rest";
import { expect } from "vitest";
import type { Outcome } from "../../src/assessment/assessment-model";
import { CRITERIA } from "../../src/assessment/criteria";
import { gitPushEnvironment } from "../../src/git/git-pusher";
import type { ClassicProtectionResponse } from "../../src/protection/protection-requests";
import type { RunningSimulator } from "../../src/simulator/index";
import { BOT_TOKEN, ORG, octokitFor, runCreateAction } from "../helpers/create-project-harness";

/** A degradation: what it does to a checkout / the repo on GitHub, and the outcomes it changes. */
export interface Variant {
  key: string;
  files?: (dir: string) => void;
  protection?: "none";
  environments?: "none" | "no-reviewers";
  expect: Record<string, Outcome>;
}

export const edit = (file: string, from: RegExp | string, to: string) => (dir: string) => {
  const full = path.join(dir, file);
  const text = readFileSync(full, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${String(from)} not found`);
  writeFileSync(full, next);
};

export const VARIANTS: Variant[] = [
  { key: "fresh", expect: {} },
  {
    key: "nobundle",
    files: (d) => unlinkSync(path.join(d, "databricks.yml")),
    expect: {
      "infra-as-code": "fail",
      "environments-alike": "fail",
      "deployment-traceability": "fail",
      "cost-tags": "fail",
      "monitoring-alert": "fail",
    },
  },
  {
    key: "unprotected",
    protection: "none",
    expect: { "pr-reviews-required": "fail", "ci-required-check": "fail" },
  },
  { key: "noreviewers", environments: "no-reviewers", expect: { "cd-on-merge": "fail" } },
  { key: "noenvs", environments: "none", expect: { "cd-on-merge": "fail" } },
  {
    key: "norollback",
    files: (d) => unlinkSync(path.join(d, ".github/workflows/rollback.yml")),
    expect: { "rollback-path": "fail" },
  },
  {
    key: "badcost",
    files: edit("databricks.yml", /"cost-center": "CC-\d{4}"/g, '"cost-center": "unknown"'),
    expect: { "cost-tags": "fail" },
  },
  {
    key: "oldkit",
    files: edit(".mlops-kit/answers.yml", /kitVersion: "[^"]+"/, 'kitVersion: "0.0.9"'),
    expect: { "kit-version-current": "fail" },
  },
  {
    key: "unpinned",
    files: (d) =>
      writeFileSync(
        path.join(d, ".github/workflows/lint.yml"),
        "name: lint\non: [pull_request]\npermissions: {}\njobs:\n  lint:\n    permissions: { contents: read }\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
      ),
    expect: { "workflow-hygiene": "fail" },
  },
  {
    key: "untested",
    files: (d) => writeFileSync(path.join(d, "src", packageDir(d), "extra.py"), "X = 1\n"),
    expect: { "tests-per-module": "fail" },
  },
  {
    key: "noalert",
    files: edit(
      "databricks.yml",
      /(_monitor:\n(?:.*\n)*?\s+email_notifications:\n\s+on_failure:\n)\s+- "[^"]+"\n/,
      "$1",
    ),
    expect: { "monitoring-alert": "fail" },
  },
  {
    key: "attested",
    files: (d) => {
      writeFileSync(
        path.join(d, ".pre-commit-config.yaml"),
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.6.0\n    hooks: [{ id: ruff }]\n",
      );
      writeFileSync(path.join(d, "CHANGELOG.md"), "# Changelog\n");
      const ids = [
        "business-goals",
        "model-documentation",
        "model-risk",
        "data-lineage",
        "incident-process",
        "explainability",
      ];
      writeFileSync(
        path.join(d, ".mlops-kit/attestations.yml"),
        `version: 1\nattestations:\n${ids.map((id) => `  ${id}: { answer: yes, by: "@bob", date: 2026-11-20 }`).join("\n")}\n  ab-testing: { answer: no, by: "@bob", date: 2026-11-20 }\n`,
      );
    },
    expect: {
      "pre-commit": "pass",
      "release-notes": "pass",
      "business-goals": "attested",
      "model-documentation": "attested",
      "model-risk": "attested",
      "data-lineage": "attested",
      "incident-process": "attested",
      explainability: "attested",
      "ab-testing": "fail",
    },
  },
];

export function packageDir(dir: string): string {
  return readFileSync(path.join(dir, ".mlops-kit/answers.yml"), "utf8")
    .match(/name: "([^"]+)"/)![1]!
    .replace(/-/g, "_");
}

/** Outcomes of a repo fresh from create-project, seen through the API. */
export function baseline(): Record<string, Outcome> {
  return Object.fromEntries(
    CRITERIA.map((c) => [c.id, c.kitSatisfies ? "pass" : c.measure ? "fail" : "inconclusive"]),
  );
}

/** Git in a child process, asynchronously: the simulator answers it from this same process. */
export const git = (dir: string, args: string[], home: string) =>
  promisify(execFile)("git", args, {
    cwd: dir,
    env: {
      ...gitPushEnvironment(BOT_TOKEN, home),
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    },
  });

export async function cloneRepo(
  sim: RunningSimulator,
  octokit: Octokit,
  work: string,
  source: { name: string; checkout: string; protection: Record<string, unknown> },
  name: string,
  variant: Variant,
): Promise<void> {
  const dir = path.join(work, name);
  cpSync(source.checkout, dir, { recursive: true, filter: (p) => !/[\\/]\.git([\\/]|$)/.test(p) });
  variant.files?.(dir);
  await octokit.request("POST /orgs/{org}/repos", { org: ORG, name, private: true });
  await git(dir, ["init", "-q", "-b", "main"], work);
  await git(dir, ["add", "-A"], work);
  await git(dir, ["commit", "-qm", "clone"], work);
  await git(dir, ["push", "-q", `${sim.serverUrl}/${ORG}/${name}.git`, "main"], work);
  if (variant.protection !== "none")
    await octokit.request("PUT /repos/{owner}/{repo}/branches/{branch}/protection", {
      owner: ORG,
      repo: name,
      branch: "main",
      ...(source.protection as object),
    } as never);
  if (variant.environments === "none") return;
  const { data: team } = await octokit.request("GET /orgs/{org}/teams/{team_slug}", {
    org: ORG,
    team_slug: "forecasting",
  });
  for (const env of ["dev", "prod"])
    await octokit.request("PUT /repos/{owner}/{repo}/environments/{environment_name}", {
      owner: ORG,
      repo: name,
      environment_name: env,
      ...(env === "prod" && variant.environments !== "no-reviewers"
        ? { reviewers: [{ type: "Team" as const, id: team.id }] }
        : {}),
    });
}

/** The PUT body that recreates a classic protection as GET returns it. */
export function protectionBody(read: ClassicProtectionResponse): Record<string, unknown> {
  const reviews = read.required_pull_request_reviews;
  return {
    required_status_checks: read.required_status_checks
      ? { strict: read.required_status_checks.strict, contexts: read.required_status_checks.contexts }
      : null,
    enforce_admins: read.enforce_admins?.enabled ?? false,
    required_pull_request_reviews: reviews
      ? {
          dismiss_stale_reviews: reviews.dismiss_stale_reviews,
          require_code_owner_reviews: reviews.require_code_owner_reviews,
          required_approving_review_count: reviews.required_approving_review_count,
          require_last_push_approval: reviews.require_last_push_approval,
        }
      : null,
    restrictions: null,
    allow_force_pushes: read.allow_force_pushes?.enabled ?? false,
    allow_deletions: read.allow_deletions?.enabled ?? false,
    required_conversation_resolution: read.required_conversation_resolution?.enabled ?? false,
  };
}

/** A repo made by create-project, checked out, with its protection as a PUT body: what clones copy. */
export interface SourceRepo {
  name: string;
  checkout: string;
  protection: Record<string, unknown>;
}

/** Runs the bundled create-project action for each of `created` and captures it as a clone source. */
export async function createSources(
  sim: RunningSimulator,
  work: string,
  created: { name: string; inputs: Record<string, string> }[],
): Promise<SourceRepo[]> {
  const octokit = octokitFor(sim);
  const sources: SourceRepo[] = [];
  for (const c of created) {
    const result = await runCreateAction(sim, { inputs: c.inputs });
    expect(result.exitCode, result.log).toBe(0);
    const checkout = path.join(work, `src-${c.name}`);
    await git(work, ["clone", "-q", `${sim.serverUrl}/${ORG}/${c.name}.git`, checkout], work);
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/branches/{branch}/protection", {
      owner: ORG,
      repo: c.name,
      branch: "main",
    });
    sources.push({
      name: c.name,
      checkout,
      protection: protectionBody(data as unknown as ClassicProtectionResponse),
    });
  }
  return sources;
}
