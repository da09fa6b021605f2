/**
 * Every template's databricks.yml, rendered with the example config: valid per the Databricks bundle
 * schema, declares the variables the deploy workflows pass, and tags what it deploys with every cost tag
 * and the traceability values. A new template is checked as soon as its folder exists.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kitPaths } from "../src/kit-paths";
import { renderProject } from "../src/project/project-renderer";
import { resolveProjectSpec } from "../src/project/project-spec";
import { listTemplateNames, readTemplate } from "../src/templates/template-catalog";
import type { TemplateAnswer } from "../src/templates/template-manifest";
import { exampleConfig } from "./fixtures/example-config";
import { bundleSchemaAvailable, validateBundle } from "./helpers/databricks-schema";

const config = exampleConfig();
const TRACEABILITY = { "git-sha": "git_sha", "kit-version": "kit_version", repository: "repository" };

function renderTemplateFiles(name: string, team = "pricing", variables: Record<string, TemplateAnswer> = {}) {
  const source = readTemplate(kitPaths.templatesDir(), name);
  const spec = resolveProjectSpec(
    config,
    { name: "acme-ops-nightly", team, template: name, costCenter: "CC-7777", variables },
    source.manifest,
  );
  const tree = renderProject(
    { ...config, templates: { ...config.templates, offered: [name] } },
    spec,
    source,
  );
  return { tree, spec };
}

function renderBundle(name: string, team?: string, variables?: Record<string, TemplateAnswer>) {
  const { tree, spec } = renderTemplateFiles(name, team, variables);
  const file = tree.get("databricks.yml");
  if (!file) throw new Error(`template ${name} renders no databricks.yml`);
  return [name, file.content, spec.costTags] as const;
}

const templateNames = listTemplateNames(kitPaths.templatesDir());
const bundles = templateNames.map((name) => renderBundle(name));

/** The tags on what a bundle deploys: a job's tags, or the bundle-wide preset tags (apps). */
function deployedTags(bundle: {
  presets?: { tags?: Record<string, string> };
  resources: { jobs?: Record<string, { tags?: Record<string, string> }> };
}): Record<string, string> {
  const job = Object.values(bundle.resources.jobs ?? {})[0];
  return { ...(bundle.presets?.tags ?? {}), ...(job?.tags ?? {}) };
}

describe.each(bundles)("the %s bundle", (_, text, costTags) => {
  it.skipIf(!bundleSchemaAvailable())("is valid per the Databricks bundle schema", () => {
    expect(validateBundle(text)).toEqual([]);
  });

  it("declares the variables the deploy workflows pass", () => {
    expect(Object.keys(parse(text).variables)).toEqual(
      expect.arrayContaining(["git_sha", "kit_version", "run_url", "repository"]),
    );
  });

  it("tags what it deploys with every cost tag and the traceability values", () => {
    const tags = deployedTags(parse(text));
    expect(costTags.length).toBe(config.costTags.length);
    for (const tag of costTags) expect(tags[tag.key], tag.key).toBe(tag.value);
    expect(tags["cost-center"]).toBe("CC-7777");
    for (const [key, variable] of Object.entries(TRACEABILITY))
      expect(tags[key], key).toBe(`\${var.${variable}}`);
  });
});

type Job = {
  name: string;
  tags: Record<string, string>;
  email_notifications?: { on_failure: string[] };
  webhook_notifications?: { on_failure: { id: string }[] };
  job_clusters: {
    new_cluster: { custom_tags: Record<string, string>; spark_env_vars: Record<string, string> };
  }[];
  tasks: {
    task_key: string;
    depends_on?: { task_key: string }[];
    run_job_task?: { job_id: string };
    python_wheel_task?: { entry_point: string };
  }[];
};
const monitorJobOf = (text: string): Job => parse(text).resources.jobs.acme_ops_nightly_monitor;

describe.each(templateNames)("the %s monitor job", (name) => {
  const [, text, costTags] = renderBundle(name);
  const monitor = monitorJobOf(text);

  it("runs the wheel's monitor console script on a cost-tagged single-node cluster", () => {
    expect(monitor.name).toBe("acme-ops-nightly-monitor");
    expect(monitor.tasks[0]!.python_wheel_task!.entry_point).toBe("acme-ops-nightly-monitor");
    const { tree } = renderTemplateFiles(name);
    expect(tree.get("pyproject.toml")!.content).toContain(
      '"acme-ops-nightly-monitor" = "acme_ops_nightly.monitor:main"',
    );
    const cluster = monitor.job_clusters[0]!.new_cluster;
    for (const tag of costTags) {
      expect(monitor.tags[tag.key], tag.key).toBe(tag.value);
      expect(cluster.custom_tags[tag.key], tag.key).toBe(tag.value);
    }
    expect(monitor.tags["git-sha"]).toBe("${var.git_sha}");
    expect(cluster.spark_env_vars).toEqual({
      MLOPS_GIT_SHA: "${var.git_sha}",
      MLOPS_DATA_DIR: "${var.monitoring_data_dir}",
    });
  });

  it("sends its failures to nobody when the team has no alerts, else to the team's destinations", () => {
    expect(monitor.email_notifications).toBeUndefined();
    expect(monitor.webhook_notifications).toBeUndefined();
    const forecasting = monitorJobOf(renderBundle(name, "forecasting")[1]);
    expect(forecasting.email_notifications).toEqual({ on_failure: ["forecasting-oncall@acme.example"] });
    expect(forecasting.webhook_notifications).toBeUndefined();
    const [, dataScience] = renderBundle(name, "data-science");
    const alerts = config.teams.alerts["data-science"]!;
    expect(monitorJobOf(dataScience).email_notifications).toEqual({ on_failure: alerts.emails });
    expect(monitorJobOf(dataScience).webhook_notifications).toEqual({
      on_failure: alerts.webhookDestinations.map((id) => ({ id })),
    });
  });

  it.skipIf(!bundleSchemaAvailable())("is valid per the bundle schema with notifications", () => {
    expect(validateBundle(renderBundle(name, "data-science")[1])).toEqual([]);
  });

  it("ships the same monitoring package as every other template (one source, copied)", () => {
    const files = (template: string) =>
      [...renderTemplateFiles(template).tree.values()]
        .filter(
          (f) =>
            f.path.startsWith("src/acme_ops_nightly/monitoring/") || f.path === "tests/test_monitoring.py",
        )
        .map((f) => [f.path, f.content]);
    expect(files(name).length).toBeGreaterThanOrEqual(6);
    for (const other of templateNames) expect(files(other), `${name} vs ${other}`).toEqual(files(name));
  });
});

describe("the batch-job bundle's monitoring", () => {
  it("runs the monitor job after every forecast, as the forecast job's last task", () => {
    const jobs = parse(renderBundle("batch-job")[1]).resources.jobs as Record<string, Job>;
    const forecastJob = jobs.acme_ops_nightly!;
    expect(forecastJob.tasks.map((t) => t.task_key)).toEqual(["forecast", "monitor"]);
    expect(forecastJob.tasks[1]).toMatchObject({
      depends_on: [{ task_key: "forecast" }],
      run_job_task: { job_id: "${resources.jobs.acme_ops_nightly_monitor.id}" },
    });
    const forecasting = parse(renderBundle("batch-job", "forecasting")[1]).resources.jobs.acme_ops_nightly;
    expect(forecasting.email_notifications).toEqual({ on_failure: ["forecasting-oncall@acme.example"] });
  });

  it("declares no Lakehouse quality monitor unless the template answer asks for one", () => {
    expect(parse(renderBundle("batch-job")[1]).resources.quality_monitors).toBeUndefined();
    const { tree } = renderTemplateFiles("batch-job");
    expect(tree.get("README.md")!.content).toContain('"monitor already exists"');
  });

  it.skipIf(!bundleSchemaAvailable())(
    "declares a schema-valid quality monitor on the predictions table when switched on",
    () => {
      const [, text] = renderBundle("batch-job", "forecasting", {
        qualityMonitor: true,
        qualityMonitorSchema: "ml.forecasting",
      });
      expect(validateBundle(text)).toEqual([]);
      const monitor = parse(text).resources.quality_monitors.acme_ops_nightly_predictions;
      expect(monitor).toMatchObject({
        table_name: "ml.forecasting.acme_ops_nightly_predictions",
        output_schema_name: "ml.forecasting",
        inference_log: {
          problem_type: "PROBLEM_TYPE_REGRESSION",
          prediction_col: "prediction",
          label_col: "label",
        },
        notifications: { on_failure: { email_addresses: ["forecasting-oncall@acme.example"] } },
      });
      expect(monitor.schedule.quartz_cron_expression).toBe("0 0 6 * * ?");
    },
  );

  it("refuses a quality monitor schema that is not catalog.schema", () => {
    expect(() => renderBundle("batch-job", "pricing", { qualityMonitorSchema: "main; DROP" })).toThrow(
      /qualityMonitorSchema/,
    );
  });
});
