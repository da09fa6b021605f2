/**
 * Every workflow the kit ships (.github/workflows, workflows/) and every workflow a template generates
 * passes actionlint and the kit's security policy; callers and the reusable workflows agree on their
 * interface (inputs, pins, the required check, bundle variables); the create-project form stays in sync
 * with the config.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kitPaths } from "../src/kit-paths";
import { databricksDeployCommands } from "../src/platform/databricks-platform";
import { renderProject } from "../src/project/project-renderer";
import { resolveProjectSpec } from "../src/project/project-spec";
import { listTemplateNames, readTemplate } from "../src/templates/template-catalog";
import { checkWorkflowPolicy } from "../src/workflows/workflow-policy";
import { exampleConfig } from "./fixtures/example-config";
import { actionlint } from "./helpers/actionlint";

const repoRoot = path.resolve(import.meta.dirname, "..");
const config = exampleConfig();
const policy = { firstPartyRepositories: [config.kit.repository] };

function kitWorkflows(): [string, string][] {
  return [".github/workflows", "workflows"].flatMap((dir) => {
    const full = path.join(repoRoot, dir);
    if (!existsSync(full)) return [];
    return readdirSync(full)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [`${dir}/${f}`, readFileSync(path.join(full, f), "utf8")] as [string, string]);
  });
}

function generatedWorkflows(): [string, string][] {
  return listTemplateNames(kitPaths.templatesDir()).flatMap((name) => {
    const source = readTemplate(kitPaths.templatesDir(), name);
    const spec = resolveProjectSpec(
      config,
      { name: "acme-forecast-demand", team: "forecasting", template: name },
      source.manifest,
    );
    const tree = renderProject(
      { ...config, templates: { ...config.templates, offered: [name] } },
      spec,
      source,
    );
    return [...tree.values()]
      .filter((f) => f.path.startsWith(".github/workflows/"))
      .map((f) => [`${name}: ${f.path}`, f.content] as [string, string]);
  });
}

const allWorkflows = [...kitWorkflows(), ...generatedWorkflows()];

describe("workflows", () => {
  it("includes the kit's and the templates' workflows", () => {
    expect(allWorkflows.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        ".github/workflows/create-project.yml",
        ".github/workflows/ml-ci.yml",
        ".github/workflows/ml-deploy.yml",
        ".github/workflows/ml-rollback.yml",
        "workflows/mlops-ci.yml",
        "workflows/mlops-deploy.yml",
        "workflows/mlops-rollback.yml",
        "batch-job: .github/workflows/ci.yml",
        "online-service: .github/workflows/deploy.yml",
      ]),
    );
  });

  it.each(allWorkflows)("%s passes actionlint", async (name, text) => {
    expect(await actionlint(text, name)).toEqual([]);
  });

  it.each(allWorkflows)("%s follows the kit's security policy", (_, text) => {
    expect(checkWorkflowPolicy(text, policy)).toEqual([]);
  });
});

type Mapping = Record<string, unknown>;
interface Job {
  name?: string;
  uses?: string;
  with?: Mapping;
  secrets?: Mapping | string;
  permissions?: Mapping | string;
  environment?: unknown;
  steps?: Step[];
}
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Mapping;
  env?: Mapping;
}
interface WorkflowFile {
  on: Mapping;
  jobs: Record<string, Job>;
}
interface WorkflowCallSpec {
  inputs?: Record<string, { type?: string; description?: string; required?: boolean; default?: unknown }>;
  secrets?: Record<string, { description?: string; required?: boolean }>;
}

const REUSABLE = ["ml-ci.yml", "ml-deploy.yml", "ml-rollback.yml"];
const reusable = Object.fromEntries(
  REUSABLE.map((file) => [
    file,
    parse(readFileSync(path.join(repoRoot, ".github/workflows", file), "utf8")) as WorkflowFile,
  ]),
);
const callSpec = (file: string) => reusable[file]!.on.workflow_call as WorkflowCallSpec;
const parsed = allWorkflows.map(([name, text]) => [name, parse(text) as WorkflowFile] as const);
/** Workflows that repos run: every generated one and the org workflow templates. */
const callers = parsed.filter(([name]) => !name.startsWith(".github/"));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const KIT_CALL = new RegExp(`^${escapeRegExp(config.kit.repository)}/([^@]+)@(.+)$`);

function kitCalls(workflow: WorkflowFile): [string, Job, string, string][] {
  return Object.entries(workflow.jobs).flatMap(([id, job]) => {
    const match = typeof job.uses === "string" ? KIT_CALL.exec(job.uses) : null;
    return match ? [[id, job, match[1]!, match[2]!] as [string, Job, string, string]] : [];
  });
}

/** `--var="name=..."` names in a job's run scripts. */
function bundleVariablesPassed(job: Job): string[] {
  const script = (job.steps ?? []).map((s) => s.run ?? "").join("\n");
  return [...new Set([...script.matchAll(/--var="?([a-z_]+)=/g)].map((m) => m[1]!))].sort();
}

describe("the reusable workflows", () => {
  it.each(REUSABLE)("%s runs only when called, with typed, described inputs and named secrets", (file) => {
    expect(Object.keys(reusable[file]!.on)).toEqual(["workflow_call"]);
    for (const [name, input] of Object.entries(callSpec(file).inputs ?? {})) {
      expect(["string", "number", "boolean"], `input ${name}`).toContain(input.type);
      expect(input.description, `input ${name}`).toBeTruthy();
    }
    for (const [name, secret] of Object.entries(callSpec(file).secrets ?? {})) {
      expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(secret.description, `secret ${name}`).toBeTruthy();
    }
  });

  it("grant an OIDC token only to the job that deploys, inside its environment", () => {
    for (const [file, workflow] of Object.entries(reusable)) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const permissions = typeof job.permissions === "object" ? job.permissions : {};
        if (permissions["id-token"] === "write") {
          expect(file, `${file} job ${id}`).not.toBe("ml-ci.yml");
          expect(job.environment, `${file} job ${id} runs in an environment`).toBeDefined();
        }
        for (const [scope, level] of Object.entries(permissions)) {
          if (scope !== "id-token") expect(level, `${file} job ${id}: ${scope}`).toBe("read");
        }
      }
    }
  });

  it("ml-ci reports the status check that branch protection requires", () => {
    const ciJobs = Object.entries(reusable["ml-ci.yml"]!.jobs);
    expect(ciJobs).toHaveLength(1);
    const [ciJobId, ciJob] = ciJobs[0]!;
    const callersOfCi = callers.flatMap(([name, workflow]) =>
      kitCalls(workflow)
        .filter(([, , file]) => file === ".github/workflows/ml-ci.yml")
        .map(([id, job]) => [name, `${job.name ?? id} / ${ciJob.name ?? ciJobId}`]),
    );
    expect(callersOfCi.length).toBeGreaterThanOrEqual(listTemplateNames(kitPaths.templatesDir()).length + 1);
    for (const [name, check] of callersOfCi)
      expect(config.branchProtection.requiredStatusChecks, name).toContain(check);
  });

  it("ml-deploy and ml-rollback pass the bundle variables the Databricks platform passes", () => {
    const fromPlatform = databricksDeployCommands({
      environment: "dev",
      gitSha: "0".repeat(40),
      kitVersion: "0.1.0",
      runUrl: "https://example.test/run",
      repository: "acme/x",
    })
      .flatMap((c) => c.args)
      .flatMap((arg) => /^--var=([a-z_]+)=/.exec(arg)?.[1] ?? [])
      .filter((name, i, all) => all.indexOf(name) === i)
      .sort();
    expect(fromPlatform).toEqual(["git_sha", "kit_version", "repository", "run_url"]);
    expect(bundleVariablesPassed(reusable["ml-deploy.yml"]!.jobs.deploy!)).toEqual(fromPlatform);
    expect(bundleVariablesPassed(reusable["ml-rollback.yml"]!.jobs.rollback!)).toEqual(fromPlatform);
  });

  it("ml-rollback redeploys with exactly ml-deploy's steps (only the ref differs)", () => {
    const normalise = (job: Job) =>
      JSON.parse(
        JSON.stringify(job.steps)
          .replace("${{ needs.resolve.outputs.git-sha }}", "${{ inputs.ref }}")
          .replace("### Rolling back $ENVIRONMENT", "### Deploying to $ENVIRONMENT"),
      );
    const deploy = reusable["ml-deploy.yml"]!.jobs.deploy!;
    const rollback = reusable["ml-rollback.yml"]!.jobs.rollback!;
    expect(normalise(rollback)).toEqual(normalise(deploy));
    expect(rollback.permissions).toEqual(deploy.permissions);
    expect(rollback.environment).toEqual(deploy.environment);
    const { ref: _ref, ...deployInputs } = callSpec("ml-deploy.yml").inputs ?? {};
    const { to: _to, ...rollbackInputs } = callSpec("ml-rollback.yml").inputs ?? {};
    expect(Object.keys(rollbackInputs)).toEqual(Object.keys(deployInputs));
    expect(callSpec("ml-rollback.yml").secrets).toEqual(callSpec("ml-deploy.yml").secrets);
  });
});

describe("the caller workflows (generated and org templates)", () => {
  it.each(callers)(
    "%s calls the kit's reusable workflows at the pinned ref, with declared inputs",
    (_, workflow) => {
      const calls = kitCalls(workflow);
      expect(calls.length).toBeGreaterThan(0);
      for (const [id, job, file, ref] of calls) {
        const where = `job ${id}`;
        expect(ref, where).toBe(config.kit.ref);
        const reusableFile = path.basename(file);
        expect(REUSABLE, where).toContain(reusableFile);
        expect(file, where).toBe(`.github/workflows/${reusableFile}`);
        const { inputs = {}, secrets = {} } = callSpec(reusableFile);
        const given = Object.keys(job.with ?? {});
        for (const key of given) expect(Object.keys(inputs), `${where} passes ${key}`).toContain(key);
        for (const [key, input] of Object.entries(inputs))
          if (input.required) expect(given, `${where} must pass ${key}`).toContain(key);
        expect(job.secrets, `${where}: secrets: inherit hands over every secret`).not.toBe("inherit");
        for (const key of Object.keys(typeof job.secrets === "object" ? job.secrets : {}))
          expect(Object.keys(secrets), `${where} passes secret ${key}`).toContain(key);
      }
    },
  );

  it.each(parsed)("%s neither inherits secrets nor runs on pull_request_target", (_, workflow) => {
    expect(Object.keys(workflow.on ?? {})).not.toContain("pull_request_target");
    for (const job of Object.values(workflow.jobs)) expect(job.secrets).not.toBe("inherit");
  });
});

describe("action pins", () => {
  const PIN = /^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s*(.*)$/;
  const pins = allWorkflows.flatMap(([name, text]) =>
    text
      .split("\n")
      .map((line) => PIN.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ name, action: m[1]!, sha: m[2]!, comment: m[3]! })),
  );

  it("name the release they pin in a comment, and the same SHA everywhere", () => {
    expect(pins.length).toBeGreaterThan(5);
    const shaOf = new Map<string, Set<string>>();
    for (const pin of pins) {
      expect(pin.comment, `${pin.name}: ${pin.action}`).toMatch(/^# v\d+\.\d+\.\d+$/);
      shaOf.set(pin.action, (shaOf.get(pin.action) ?? new Set()).add(`${pin.sha} ${pin.comment}`));
    }
    for (const [action, shas] of shaOf) expect([...shas], action).toHaveLength(1);
  });
});

describe("the org workflow templates", () => {
  const dir = path.join(repoRoot, "workflows");
  const templates = readdirSync(dir).filter((f) => f.endsWith(".yml"));

  it.each(templates)(
    "%s has properties with a name, description, categories and an existing icon",
    (file) => {
      const properties = JSON.parse(
        readFileSync(path.join(dir, file.replace(/\.yml$/, ".properties.json")), "utf8"),
      ) as { name: string; description: string; iconName?: string; categories: string[] };
      expect(properties.name).toBeTruthy();
      expect(properties.description).toBeTruthy();
      expect(properties.categories.length).toBeGreaterThan(0);
      if (properties.iconName) expect(existsSync(path.join(dir, `${properties.iconName}.svg`))).toBe(true);
    },
  );

  it("cover ci, deploy and rollback", () => {
    expect(templates.sort()).toEqual(["mlops-ci.yml", "mlops-deploy.yml", "mlops-rollback.yml"]);
  });
});

describe("the create-project form", () => {
  const workflow = parse(readFileSync(path.join(repoRoot, ".github/workflows/create-project.yml"), "utf8"));
  const inputs = workflow.on.workflow_dispatch.inputs;
  const createStep = workflow.jobs.create.steps.find(
    (s: { uses?: string }) => s.uses === "./actions/create-project",
  );

  it("offers exactly the config's teams, templates and visibilities", () => {
    expect(inputs.team.options).toEqual(config.teams.allowed);
    expect(inputs.template.options).toEqual(config.templates.offered);
    expect(inputs.template.default).toBe(config.templates.default);
    expect(inputs.visibility.options).toEqual(config.repository.allowedVisibilities);
    expect(inputs.visibility.default).toBe(config.repository.defaultVisibility);
  });

  it("maps every secret the config provisions from an org secret of the same name", () => {
    const fromEnv = [...config.secrets.repository, ...Object.values(config.secrets.environments).flat()].map(
      (s) => s.fromEnv,
    );
    for (const name of fromEnv) expect(createStep.env[name]).toBe(`\${{ secrets.${name} }}`);
    expect(Object.keys(createStep.env).sort()).toEqual([...new Set(fromEnv)].sort());
  });

  it("passes every action input it collects", () => {
    const actionInputs = Object.keys(
      parse(readFileSync(path.join(repoRoot, "actions/create-project/action.yml"), "utf8")).inputs,
    );
    for (const key of Object.keys(createStep.with)) expect(actionInputs).toContain(key);
    for (const key of Object.keys(inputs)) expect(Object.keys(createStep.with)).toContain(key);
  });
});
