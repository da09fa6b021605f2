/**
 * What the criteria read from a repo's GitHub Actions workflows (pure): triggers, jobs, the reusable
 * workflow each job calls and its `with:` inputs, each with the line it sits on for the evidence.
 */
import { parse } from "yaml";
import { lineOf, type RepoFacts } from "./repo-facts";

export interface WorkflowJob {
  id: string;
  uses?: string;
  with: Record<string, unknown>;
  environment?: string;
  /** Text of the job's `run:` steps, joined (to recognise pytest, deploy commands). */
  runs: string;
  line?: number;
}

export interface Workflow {
  path: string;
  text: string;
  /** Event names the workflow triggers on. */
  events: string[];
  /** Branches of its `push` trigger (empty: every branch, or none given). */
  pushBranches: string[];
  jobs: WorkflowJob[];
  /** Set when the YAML does not parse. */
  error?: string;
}

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

export function workflowsOf(facts: RepoFacts): Workflow[] {
  return [...facts.files.entries()]
    .filter(([p]) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => parseWorkflow(path, text));
}

export function parseWorkflow(path: string, text: string): Workflow {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return { path, text, events: [], pushBranches: [], jobs: [], error: (error as Error).message };
  }
  if (!isMapping(doc)) return { path, text, events: [], pushBranches: [], jobs: [], error: "not a mapping" };
  const on = doc.on ?? doc.true; // YAML 1.1 readers turn a bare `on` into true
  const events = typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(on ?? {});
  const push = isMapping(on) && isMapping(on.push) ? on.push : {};
  const pushBranches = Array.isArray(push.branches) ? push.branches.map(String) : [];
  const jobs = Object.entries(isMapping(doc.jobs) ? doc.jobs : {}).map(([id, job]) => jobOf(id, job, text));
  return { path, text, events, pushBranches, jobs };
}

function jobOf(id: string, job: unknown, text: string): WorkflowJob {
  const j = isMapping(job) ? job : {};
  const steps = Array.isArray(j.steps) ? j.steps.filter(isMapping) : [];
  const environment = isMapping(j.environment) ? j.environment.name : j.environment;
  return {
    id,
    ...(typeof j.uses === "string" ? { uses: j.uses } : {}),
    with: isMapping(j.with) ? j.with : {},
    ...(typeof environment === "string" ? { environment } : {}),
    runs: steps.map((s) => (typeof s.run === "string" ? s.run : "")).join("\n"),
    ...lineField(lineOf(text, new RegExp(`^\\s{2}${escapeRegExp(id)}:\\s*$`))),
  };
}

export const lineField = (line: number | undefined) => (line === undefined ? {} : { line });

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a job calls the kit's reusable workflow `name` (e.g. `ml-deploy.yml`). */
export function callsKitWorkflow(job: WorkflowJob, name: string): boolean {
  return job.uses !== undefined && new RegExp(`/\\.github/workflows/${escapeRegExp(name)}@`).test(job.uses);
}
