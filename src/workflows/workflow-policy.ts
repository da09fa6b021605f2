/**
 * The kit's security rules for GitHub Actions workflows (pure), checked over every workflow the kit
 * ships and every workflow a template generates:
 *  1. top-level `permissions` is declared and grants nothing beyond read;
 *  2. every job declares its own `permissions`;
 *  3. no `${{ }}` expression inside a `run:` script (values reach scripts through `env:`, so input text
 *     can never become shell code);
 *  4. every third-party action or reusable workflow is pinned to a full commit SHA (local `./` actions
 *     and the kit's own reusable workflows, pinned to a kit release, are first-party).
 */
import { parse } from "yaml";

export interface WorkflowPolicyOptions {
  /** `owner/repo` whose actions and reusable workflows count as first-party (pinned by release tag). */
  firstPartyRepositories: string[];
}

const FULL_SHA = /^[0-9a-f]{40}$/;
const READ_ONLY = new Set(["read", "none"]);

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

export function checkWorkflowPolicy(text: string, options: WorkflowPolicyOptions): string[] {
  const problems: string[] = [];
  const workflow = parse(text) as unknown;
  if (!isMapping(workflow)) return ["not a workflow (expected a mapping)"];

  if (!("permissions" in workflow))
    problems.push("no top-level permissions: declare `permissions: {}` and grant per job");
  else if (!isReadOnly(workflow.permissions)) {
    problems.push(
      `top-level permissions grant more than read (${JSON.stringify(workflow.permissions)}): grant write per job`,
    );
  }

  const jobs = isMapping(workflow.jobs) ? workflow.jobs : {};
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isMapping(job)) continue;
    if (!("permissions" in job)) problems.push(`job ${jobId}: no permissions declared`);
    if (typeof job.uses === "string") problems.push(...checkUses(job.uses, `job ${jobId}`, options));
    const steps = Array.isArray(job.steps) ? job.steps : [];
    steps.forEach((step, i) => {
      if (!isMapping(step)) return;
      const where = `job ${jobId}, step ${typeof step.name === "string" ? JSON.stringify(step.name) : i + 1}`;
      if (typeof step.run === "string" && step.run.includes("${{")) {
        const expression = /\$\{\{[^}]*\}\}/.exec(step.run)?.[0] ?? "${{";
        problems.push(`${where}: expression ${expression} inside run: pass it through env: instead`);
      }
      if (typeof step.uses === "string") problems.push(...checkUses(step.uses, where, options));
    });
  }
  return problems;
}

function isReadOnly(permissions: unknown): boolean {
  if (permissions === "read-all") return true;
  if (!isMapping(permissions)) return false;
  return Object.values(permissions).every((v) => READ_ONLY.has(String(v)));
}

function checkUses(uses: string, where: string, options: WorkflowPolicyOptions): string[] {
  if (uses.startsWith("./")) return [];
  if (uses.startsWith("docker://")) {
    return /@sha256:[0-9a-f]{64}$/.test(uses)
      ? []
      : [`${where}: docker image ${uses} is not pinned by digest`];
  }
  const at = uses.lastIndexOf("@");
  if (at < 0) return [`${where}: ${uses} has no ref`];
  const target = uses.slice(0, at);
  const ref = uses.slice(at + 1);
  const repository = target.split("/").slice(0, 2).join("/");
  if (options.firstPartyRepositories.includes(repository)) return [];
  return FULL_SHA.test(ref) ? [] : [`${where}: ${uses} is not pinned to a full commit SHA`];
}
