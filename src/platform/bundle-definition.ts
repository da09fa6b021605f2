/**
 * What to run, read from the project's `databricks.yml` (pure): the same definition the real platform
 * uses, so the local platform runs exactly what Databricks would. A batch job is a wheel task (package,
 * entry point, parameters); a service is a Databricks App (command, health path, port variable). Every
 * wheel job of the bundle (the monitor job too) can be selected by its key for `run --job`.
 */
import { parse } from "yaml";
import { KitError } from "../errors";

/** A job whose (first) task runs a console script of the project's wheel. */
export interface WheelJob {
  kind: "batch";
  jobKey: string;
  packageName: string;
  entryPoint: string;
  parameters: string[];
}

export interface BundleDefinition {
  project: string;
  /** Job tags (cost and traceability), with `${var.*}` references left unresolved; empty for apps. */
  tags: Record<string, string>;
  /** What `run` runs by default: the app when the bundle has one, else its first job. */
  workload: WheelJob | { kind: "service"; appKey: string; command: string[]; healthPath: string };
  /** Every wheel job of the bundle (the main job, the monitor job, ...), in file order. */
  jobs?: WheelJob[];
}

type Mapping = Record<string, unknown>;
const asMapping = (value: unknown): Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Mapping) : {};
const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function readBundleDefinition(bundleText: string): BundleDefinition {
  const bundle = asMapping(parse(bundleText));
  const project = String(asMapping(bundle.bundle).name ?? "");
  if (!project) throw new KitError("bundle-invalid", "databricks.yml has no bundle.name");
  const resources = asMapping(bundle.resources);
  const jobEntries = Object.entries(asMapping(resources.jobs));
  const jobs = jobEntries.map(([key, value]) => wheelJobOf(key, asMapping(value)));
  const [appKey, appValue] = Object.entries(asMapping(resources.apps))[0] ?? [];
  if (appKey) {
    const app = asMapping(appValue);
    const config = asMapping(app.config);
    const env = (Array.isArray(config.env) ? config.env : []).map(asMapping);
    const healthPath = String(env.find((e) => e.name === "HEALTH_PATH")?.value ?? "/health");
    const command = asStrings(config.command);
    if (command.length === 0)
      throw new KitError("bundle-invalid", `app ${appKey} in databricks.yml has no config.command`);
    // Apps carry no tags of their own on Databricks (cost lands through budget policies).
    return { project, tags: {}, workload: { kind: "service", appKey, command, healthPath }, jobs };
  }
  const [main] = jobs;
  if (main) {
    const tags = asMapping(asMapping(jobEntries[0]![1]).tags);
    return {
      project,
      tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)])),
      workload: main,
      jobs,
    };
  }
  throw new KitError("bundle-invalid", "databricks.yml defines neither a job nor an app");
}

function wheelJobOf(jobKey: string, job: Mapping): WheelJob {
  const task = (Array.isArray(job.tasks) ? job.tasks : []).map(asMapping).find((t) => t.python_wheel_task);
  if (!task) throw new KitError("bundle-invalid", `job ${jobKey} in databricks.yml has no python_wheel_task`);
  const wheelTask = asMapping(task.python_wheel_task);
  return {
    kind: "batch",
    jobKey,
    packageName: String(wheelTask.package_name),
    entryPoint: String(wheelTask.entry_point),
    parameters: asStrings(wheelTask.parameters),
  };
}

/**
 * The job `mlops-kit run --job NAME` means: the job with that resource key, or the one whose key ends
 * in `_NAME` (`monitor` finds `acme_forecast_demand_monitor`); without a name, the default workload.
 */
export function selectWorkload(bundle: BundleDefinition, name?: string): BundleDefinition["workload"] {
  if (!name) return bundle.workload;
  const jobs = bundle.jobs ?? (bundle.workload.kind === "batch" ? [bundle.workload] : []);
  const exact = jobs.find((j) => j.jobKey === name);
  if (exact) return exact;
  const bySuffix = jobs.filter((j) => j.jobKey.endsWith(`_${name}`));
  if (bySuffix.length === 1) return bySuffix[0]!;
  const known = jobs.map((j) => j.jobKey).join(", ") || "none";
  throw new KitError(
    "job-unknown",
    bySuffix.length > 1
      ? `--job ${name} matches several jobs of ${bundle.project}: ${bySuffix.map((j) => j.jobKey).join(", ")}`
      : `${bundle.project} has no job ${JSON.stringify(name)} (its jobs: ${known})`,
  );
}

/** Databricks dynamic value references the local platform can fill in (`{{job.start_time.iso_date}}`, ...). */
export function resolveDynamicValues(parameters: string[], now: Date): string[] {
  const values: Record<string, string> = {
    "job.start_time.iso_date": now.toISOString().slice(0, 10),
    "job.start_time.iso_datetime": now.toISOString(),
    "job.start_time.timestamp": String(now.getTime()),
  };
  return parameters.map((p) =>
    p.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, name: string) => values[name] ?? match),
  );
}

/** Tags with `${var.name}` references filled from the deployment's variables. */
export function resolveTagVariables(
  tags: Record<string, string>,
  variables: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags).map(([key, value]) => [
      key,
      value.replace(/\$\{var\.(\w+)\}/g, (m, name: string) => variables[name] ?? m),
    ]),
  );
}
