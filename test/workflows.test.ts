/**
 * Every workflow the kit ships (.github/workflows, workflows/) and every workflow a template generates
 * passes actionlint and the kit's security policy; the create-project form stays in sync with the config.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kitPaths } from "../src/kit-paths";
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
      expect.arrayContaining([".github/workflows/create-project.yml", "batch-job: .github/workflows/ci.yml"]),
    );
  });

  it.each(allWorkflows)("%s passes actionlint", async (name, text) => {
    expect(await actionlint(text, name)).toEqual([]);
  });

  it.each(allWorkflows)("%s follows the kit's security policy", (_, text) => {
    expect(checkWorkflowPolicy(text, policy)).toEqual([]);
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
