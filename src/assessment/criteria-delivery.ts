/**
 * Criteria of section 2 (traceability and reproducibility) that the deploy path shows: infrastructure
 * and environment as code, CD on merge and only CD deploys, environments deployed the same way,
 * traceable deployments and a rollback path.
 */
import { bundleOf } from "./bundle-facts";
import { type Check, type Criterion, fileEvidence, outcomeOf } from "./criterion";
import { lineOf, type RepoFacts } from "./repo-facts";
import { callsKitWorkflow, type Workflow, type WorkflowJob, workflowsOf } from "./workflow-facts";

const present = (facts: RepoFacts, path: string, what: string): Check =>
  facts.files.has(path) || facts.paths.includes(path)
    ? { ok: true, detail: `${path} present`, evidence: [fileEvidence(path, what, 1)] }
    : { ok: false, detail: `no ${path}`, evidence: [fileEvidence(path, `missing: ${what}`)] };

export const infraAsCode: Criterion = {
  id: "infra-as-code",
  section: 2,
  title: "Code, infrastructure and environment are defined as code in git",
  questions: [
    "2.1 Infrastructure is defined as code",
    "2.2 The environment (dependencies) is defined as code",
  ],
  measuredBy: "databricks.yml (jobs, clusters, targets) and pyproject.toml (dependencies) are committed.",
  fix: "Commit databricks.yml and pyproject.toml (mlops-kit's templates generate both).",
  kitSatisfies: true,
  measure: (facts) => {
    const bundle = bundleOf(facts);
    const bundleCheck: Check = !bundle
      ? present(facts, "databricks.yml", "infrastructure as code (Databricks Asset Bundle)")
      : bundle.error || bundle.jobs.length === 0
        ? {
            ok: false,
            detail: `${bundle.path} defines no job${bundle.error ? ` (${bundle.error.split("\n")[0]})` : ""}`,
            evidence: [fileEvidence(bundle.path, "bundle without jobs", 1)],
          }
        : {
            ok: true,
            detail: `${bundle.path} defines ${bundle.jobs.length} job(s)`,
            evidence: [
              fileEvidence(bundle.path, "jobs and clusters as code", lineOf(bundle.text, /^resources:/)),
            ],
          };
    return outcomeOf([bundleCheck, present(facts, "pyproject.toml", "dependencies as code")]);
  },
};

export function deployJobsOf(facts: RepoFacts): { workflow: Workflow; jobs: WorkflowJob[] } | undefined {
  for (const workflow of workflowsOf(facts)) {
    const jobs = workflow.jobs.filter(
      (j) => callsKitWorkflow(j, "ml-deploy.yml") || /databricks\s+bundle\s+deploy/.test(j.runs),
    );
    if (jobs.length > 0) return { workflow, jobs };
  }
  return undefined;
}

const environmentOf = (job: WorkflowJob): string | undefined =>
  typeof job.with.environment === "string" ? job.with.environment : job.environment;

export const continuousDeployment: Criterion = {
  id: "cd-on-merge",
  section: 2,
  title: "CD deploys on merge, and only CD deploys",
  questions: ["2.3 Deployment is automated (CD) on merge to the main branch", "2.4 Only CD can deploy"],
  measuredBy:
    "A deploy workflow runs on push to the default branch; the last environment requires reviewers; with OIDC configured no environment keeps a long-lived DATABRICKS_CLIENT_SECRET.",
  fix: "Keep the kit's deploy.yml (push to main deploys dev) and give the prod environment required reviewers.",
  kitSatisfies: true,
  measure: (facts) => {
    const deploy = deployJobsOf(facts);
    if (!deploy)
      return outcomeOf([
        {
          ok: false,
          detail: "no deploy workflow",
          evidence: [fileEvidence(".github/workflows/deploy.yml", "missing")],
        },
      ]);
    const { workflow } = deploy;
    const onMerge =
      workflow.events.includes("push") &&
      (workflow.pushBranches.length === 0 || workflow.pushBranches.includes(facts.defaultBranch));
    const checks: Check[] = [
      {
        ok: onMerge,
        detail: onMerge
          ? `${workflow.path} deploys on push to ${facts.defaultBranch}`
          : `${workflow.path} does not run on push to ${facts.defaultBranch}`,
        evidence: [
          fileEvidence(
            workflow.path,
            "deploy trigger",
            lineOf(workflow.text, /^\s*push:/) ?? lineOf(workflow.text, /^on:/),
          ),
        ],
      },
      reviewersCheck(facts, deploy.jobs),
      oidcSecretCheck(facts, deploy.jobs),
    ];
    return outcomeOf(checks);
  },
};

function reviewersCheck(facts: RepoFacts, jobs: WorkflowJob[]): Check {
  const names = jobs.map(environmentOf).filter((n): n is string => Boolean(n));
  const last = names[names.length - 1];
  const field = "GET /repos/{owner}/{repo}/environments: protection_rules[type=required_reviewers]";
  if (!facts.environments)
    return {
      ok: undefined,
      detail: "environment reviewers not observed (local checkout; assess --repo reads them)",
    };
  if ("unreadable" in facts.environments)
    return { ok: undefined, detail: `environments unreadable: ${facts.environments.unreadable}` };
  if (!last) return { ok: false, detail: "the deploy jobs name no environment" };
  const env = facts.environments.find((e) => e.name.toLowerCase() === last.toLowerCase());
  const evidence = [{ kind: "api" as const, field, note: `environment ${last}` }];
  if (!env) return { ok: false, detail: `environment ${last} does not exist on GitHub`, evidence };
  return env.reviewers > 0
    ? { ok: true, detail: `environment ${last} requires ${env.reviewers} reviewer(s)`, evidence }
    : {
        ok: false,
        detail: `environment ${last} requires no reviewer: anyone who can push can deploy`,
        evidence,
      };
}

function oidcSecretCheck(facts: RepoFacts, jobs: WorkflowJob[]): Check {
  const oidc = jobs.filter((j) => (j.with["databricks-auth"] ?? "github-oidc") === "github-oidc");
  if (oidc.length === 0)
    return { ok: true, detail: "deploys authenticate with a client secret (OIDC not configured)" };
  if (!facts.environments || "unreadable" in facts.environments)
    return { ok: undefined, detail: "environment secrets not observed" };
  const leftovers = facts.environments.filter((e) => e.secretNames?.includes("DATABRICKS_CLIENT_SECRET"));
  if (leftovers.some((e) => e.secretNames === undefined))
    return { ok: undefined, detail: "environment secrets not read" };
  const evidence = [
    {
      kind: "api" as const,
      field: "GET /repos/{owner}/{repo}/environments/{name}/secrets",
      note: "secret names",
    },
  ];
  return leftovers.length === 0
    ? { ok: true, detail: "OIDC deploys keep no long-lived secret", evidence }
    : {
        ok: false,
        detail: `OIDC is configured but ${leftovers.map((e) => e.name).join(", ")} still hold DATABRICKS_CLIENT_SECRET`,
        evidence,
      };
}

export const environmentsAlike: Criterion = {
  id: "environments-alike",
  section: 2,
  title: "At least two environments, deployed the same way",
  questions: ["2.5 There are separate environments (e.g. dev and prod) deployed with the same pipeline"],
  measuredBy:
    "The deploy workflow deploys two or more environments through the same reusable workflow, each a target of databricks.yml.",
  fix: "Deploy dev and prod with the kit's ml-deploy workflow and define both as targets in databricks.yml.",
  kitSatisfies: true,
  measure: (facts) => {
    const deploy = deployJobsOf(facts);
    const bundle = bundleOf(facts);
    const envs = [...new Set((deploy?.jobs ?? []).map(environmentOf).filter(Boolean))] as string[];
    const uses = new Set((deploy?.jobs ?? []).map((j) => j.uses ?? "run"));
    const missingTargets = envs.filter((e) => !bundle?.targets.includes(e));
    return outcomeOf([
      {
        ok: envs.length >= 2,
        detail: `${envs.length} environment(s) deployed${envs.length ? `: ${envs.join(", ")}` : ""}`,
        evidence: deploy ? [fileEvidence(deploy.workflow.path, "deploy jobs", deploy.jobs[0]?.line)] : [],
      },
      {
        ok: uses.size <= 1,
        detail:
          uses.size <= 1 ? "one deploy pipeline for all" : "environments deploy through different pipelines",
      },
      {
        ok: bundle !== undefined && missingTargets.length === 0,
        detail:
          missingTargets.length === 0
            ? "every environment is a bundle target"
            : `no bundle target for ${missingTargets.join(", ")}`,
        ...(bundle
          ? { evidence: [fileEvidence(bundle.path, "targets", lineOf(bundle.text, /^targets:/))] }
          : {}),
      },
    ]);
  },
};

const TRACE_VARIABLES = ["git_sha", "kit_version", "run_url"];
const TRACE_TAGS = ["git-sha", "kit-version", "run-url"];

export const traceability: Criterion = {
  id: "deployment-traceability",
  section: 2,
  title: "Every deployment is traceable to commit, kit version, run and artifact",
  questions: ["2.6 Any deployed model can be traced to its code, run and artifact"],
  measuredBy:
    "databricks.yml declares the git_sha, kit_version and run_url variables and tags every job with them.",
  fix: "Declare the variables git_sha, kit_version and run_url in databricks.yml and tag every job with git-sha, kit-version and run-url.",
  kitSatisfies: true,
  measure: (facts) => {
    const bundle = bundleOf(facts);
    if (!bundle) return outcomeOf([{ ok: false, detail: "no databricks.yml" }]);
    const missingVars = TRACE_VARIABLES.filter((v) => !bundle.variables.includes(v));
    const untagged = bundle.jobs.filter((j) => TRACE_TAGS.some((t) => !(t in j.tags))).map((j) => j.key);
    return outcomeOf([
      {
        ok: missingVars.length === 0,
        detail: missingVars.length
          ? `variables missing: ${missingVars.join(", ")}`
          : "traceability variables declared",
        evidence: [fileEvidence(bundle.path, "bundle variables", lineOf(bundle.text, /^variables:/))],
      },
      {
        ok: bundle.jobs.length > 0 && untagged.length === 0,
        detail: untagged.length
          ? `jobs without traceability tags: ${untagged.join(", ")}`
          : "every job carries git-sha, kit-version, run-url",
        evidence: [fileEvidence(bundle.path, "job tags", lineOf(bundle.text, /^\s+git-sha:/))],
      },
    ]);
  },
};

export const rollbackPath: Criterion = {
  id: "rollback-path",
  section: 2,
  title: "A rollback path exists",
  questions: ["2.7 A previous model version can be redeployed (rollback)"],
  measuredBy:
    "A workflow calls the kit's ml-rollback workflow (or redeploys a given ref) on workflow_dispatch.",
  fix: "Keep the kit's .github/workflows/rollback.yml (redeploys a release tag or commit).",
  kitSatisfies: true,
  measure: (facts) => {
    const found = workflowsOf(facts).find(
      (w) =>
        w.events.includes("workflow_dispatch") && w.jobs.some((j) => callsKitWorkflow(j, "ml-rollback.yml")),
    );
    return outcomeOf([
      found
        ? {
            ok: true,
            detail: `${found.path} redeploys an earlier version`,
            evidence: [fileEvidence(found.path, "rollback job", found.jobs[0]?.line)],
          }
        : {
            ok: false,
            detail: "no rollback workflow",
            evidence: [fileEvidence(".github/workflows/rollback.yml", "missing")],
          },
    ]);
  },
};
