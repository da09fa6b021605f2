/** The Databricks Asset Bundle (`databricks.yml`) of a repo, parsed for the criteria (pure). */
import { parse } from "yaml";
import type { RepoFacts } from "./repo-facts";

type Mapping = Record<string, unknown>;
export const isMapping = (v: unknown): v is Mapping =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export interface BundleJob {
  key: string;
  tags: Record<string, string>;
  /** Entry points and task keys of the job's tasks (to recognise the monitor job). */
  taskNames: string[];
  /** Failure notifications: emails and webhook destinations. */
  alertTargets: number;
}

export interface Bundle {
  path: string;
  text: string;
  variables: string[];
  targets: string[];
  jobs: BundleJob[];
  error?: string;
}

export function bundleOf(facts: RepoFacts): Bundle | undefined {
  const path = ["databricks.yml", "databricks.yaml"].find((p) => facts.files.has(p));
  if (!path) return undefined;
  const text = facts.files.get(path) ?? "";
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return { path, text, variables: [], targets: [], jobs: [], error: (error as Error).message };
  }
  const d = isMapping(doc) ? doc : {};
  const resources = isMapping(d.resources) ? d.resources : {};
  const jobs = Object.entries(isMapping(resources.jobs) ? resources.jobs : {}).map(([key, job]) =>
    jobOf(key, job),
  );
  return {
    path,
    text,
    variables: Object.keys(isMapping(d.variables) ? d.variables : {}),
    targets: Object.keys(isMapping(d.targets) ? d.targets : {}),
    jobs,
  };
}

function jobOf(key: string, job: unknown): BundleJob {
  const j = isMapping(job) ? job : {};
  const tags = Object.fromEntries(
    Object.entries(isMapping(j.tags) ? j.tags : {}).map(([k, v]) => [k, String(v)]),
  );
  const tasks = Array.isArray(j.tasks) ? j.tasks.filter(isMapping) : [];
  const taskNames = tasks.flatMap((t) => {
    const wheel = isMapping(t.python_wheel_task) ? t.python_wheel_task : {};
    return [String(t.task_key ?? ""), String(wheel.entry_point ?? "")].filter(Boolean);
  });
  const email = isMapping(j.email_notifications) ? j.email_notifications : {};
  const hooks = isMapping(j.webhook_notifications) ? j.webhook_notifications : {};
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  return { key, tags, taskNames, alertTargets: count(email.on_failure) + count(hooks.on_failure) };
}
