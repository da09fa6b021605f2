import { describe, expect, it } from "vitest";
import { isKitError } from "../errors";
import {
  readBundleDefinition,
  resolveDynamicValues,
  resolveTagVariables,
  selectWorkload,
} from "./bundle-definition";
import type { DeploymentRecord } from "./compute-platform";
import { databricksDeployCommands } from "./databricks-platform";
import { deploymentId, findDeploymentOfCommit, newestFirst } from "./deployment-history";

const SHA_A = "a".repeat(40);
const SHA_B = `ab${"c".repeat(38)}`;

function record(kind: DeploymentRecord["kind"], gitSha: string, id: string): DeploymentRecord {
  return {
    id,
    project: "p",
    environment: "dev",
    kind,
    gitSha,
    version: "0.1.0",
    deployedAt: "2026-01-01T00:00:00Z",
    tags: {},
    artifact: "x.whl",
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isKitError(error) ? error.code : "not-a-kit-error";
  }
  return undefined;
}

describe("deployment history", () => {
  const history = [
    record("deploy", SHA_A, "1"),
    record("deploy", SHA_B, "2"),
    record("rollback", SHA_A, "3"),
  ];

  it("makes sortable ids that name the commit", () => {
    const id = deploymentId(new Date("2026-03-04T05:06:07.890Z"), 12, SHA_B);
    expect(id).toBe("20260304T050607Z-0012-abccccc");
    expect(deploymentId(new Date("2026-03-04T05:06:08Z"), 13, SHA_A) > id).toBe(true);
  });

  it("finds a deployed commit by full SHA or unique prefix, never a rollback entry", () => {
    expect(findDeploymentOfCommit(history, SHA_A).id).toBe("1");
    expect(findDeploymentOfCommit(history, "ABCCCCC").id).toBe("2");
  });

  it("refuses refs that are not SHAs, ambiguous prefixes and commits never deployed", () => {
    expect(codeOf(() => findDeploymentOfCommit(history, "v1.0"))).toBe("rollback-ref-invalid");
    expect(codeOf(() => findDeploymentOfCommit(history, "main; rm -rf /"))).toBe("rollback-ref-invalid");
    expect(codeOf(() => findDeploymentOfCommit(history, "aaaa"))).toBe("rollback-ref-invalid");
    const twins = [
      record("deploy", `abcdef1${"0".repeat(33)}`, "1"),
      record("deploy", `abcdef1${"1".repeat(33)}`, "2"),
    ];
    expect(codeOf(() => findDeploymentOfCommit(twins, "abcdef1"))).toBe("rollback-ref-ambiguous");
    expect(codeOf(() => findDeploymentOfCommit(history, "1234567"))).toBe("rollback-ref-unknown");
  });

  it("lists newest first without changing the stored order", () => {
    expect(newestFirst(history).map((d) => d.id)).toEqual(["3", "2", "1"]);
    expect(history.map((d) => d.id)).toEqual(["1", "2", "3"]);
  });
});

describe("bundle definition", () => {
  const job = `
bundle: { name: demo }
resources:
  jobs:
    demo_job:
      tags: { git-sha: "\${var.git_sha}", cost-center: CC-1 }
      tasks:
        - task_key: t
          python_wheel_task: { package_name: demo, entry_point: demo, parameters: ["--date", "{{job.start_time.iso_date}}"] }
`;

  it("reads a wheel job: entry point, parameters and tags", () => {
    const workload = {
      kind: "batch",
      jobKey: "demo_job",
      packageName: "demo",
      entryPoint: "demo",
      parameters: ["--date", "{{job.start_time.iso_date}}"],
    };
    expect(readBundleDefinition(job)).toEqual({
      project: "demo",
      tags: { "git-sha": "${var.git_sha}", "cost-center": "CC-1" },
      workload,
      jobs: [workload],
    });
  });

  const withMonitor = `${job}
    demo_job_monitor:
      tasks:
        - task_key: m
          python_wheel_task: { package_name: demo, entry_point: demo-monitor, parameters: [] }
`;

  it("reads every wheel job and selects one by key or by suffix (--job monitor)", () => {
    const bundle = readBundleDefinition(withMonitor);
    expect(bundle.workload).toMatchObject({ jobKey: "demo_job" });
    expect(bundle.jobs?.map((j) => j.jobKey)).toEqual(["demo_job", "demo_job_monitor"]);
    expect(selectWorkload(bundle)).toBe(bundle.workload);
    expect(selectWorkload(bundle, "monitor")).toMatchObject({ entryPoint: "demo-monitor" });
    expect(selectWorkload(bundle, "demo_job_monitor")).toMatchObject({ entryPoint: "demo-monitor" });
    expect(codeOf(() => selectWorkload(bundle, "retrain"))).toBe("job-unknown");
    let message = "";
    try {
      selectWorkload(bundle, "nope");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("its jobs: demo_job, demo_job_monitor");
  });

  it("runs the app by default when a bundle has an app and jobs (a service with its monitor job)", () => {
    const service = `
bundle: { name: svc }
resources:
  jobs:
    svc_monitor:
      tasks: [{ task_key: m, python_wheel_task: { package_name: svc, entry_point: svc-monitor } }]
  apps:
    svc:
      config: { command: [python, -m, svc.main] }
`;
    const bundle = readBundleDefinition(service);
    expect(bundle.workload).toMatchObject({ kind: "service", appKey: "svc" });
    expect(selectWorkload(bundle, "monitor")).toMatchObject({ kind: "batch", entryPoint: "svc-monitor" });
  });

  it("reads an app: command and health path", () => {
    const app = `
bundle: { name: svc }
resources:
  apps:
    svc_app:
      config:
        command: [svc-serve]
        env: [{ name: HEALTH_PATH, value: /healthz }]
`;
    expect(readBundleDefinition(app).workload).toEqual({
      kind: "service",
      appKey: "svc_app",
      command: ["svc-serve"],
      healthPath: "/healthz",
    });
  });

  it("refuses bundles without a name, a wheel task or any workload", () => {
    expect(codeOf(() => readBundleDefinition("resources: {}"))).toBe("bundle-invalid");
    expect(codeOf(() => readBundleDefinition("bundle: {name: x}\nresources: {jobs: {j: {tasks: []}}}"))).toBe(
      "bundle-invalid",
    );
    expect(codeOf(() => readBundleDefinition("bundle: {name: x}"))).toBe("bundle-invalid");
  });

  it("fills Databricks dynamic values and bundle variables, leaving unknown ones as they are", () => {
    expect(
      resolveDynamicValues(["{{job.start_time.iso_date}}", "{{job.id}}"], new Date("2026-02-03T04:05:06Z")),
    ).toEqual(["2026-02-03", "{{job.id}}"]);
    expect(resolveTagVariables({ a: "${var.git_sha}", b: "${var.other}" }, { git_sha: SHA_A })).toEqual({
      a: SHA_A,
      b: "${var.other}",
    });
  });
});

describe("Databricks deploy commands", () => {
  it("validates then deploys the target, passing traceability as bundle variables", () => {
    const commands = databricksDeployCommands({
      environment: "prod",
      gitSha: SHA_A,
      kitVersion: "1.2.3",
      runUrl: "https://github.com/acme/x/actions/runs/9",
      repository: "acme/x",
    });
    expect(commands.map((c) => c.args.slice(0, 2))).toEqual([
      ["bundle", "validate"],
      ["bundle", "deploy"],
    ]);
    for (const { args } of commands) {
      expect(args).toContain("prod");
      expect(args).toContain(`--var=git_sha=${SHA_A}`);
      expect(args).toContain("--var=kit_version=1.2.3");
      expect(args).toContain("--var=run_url=https://github.com/acme/x/actions/runs/9");
    }
  });
});
