/**
 * The hostile corpus (test/create-project/hostile-corpus.ts), in-process against the GitHub simulator:
 * every refused case must make no mutating request; every accepted case runs as a dry run, and the
 * files it would push are parsed with PyYAML (pure and libyaml), tomllib and Python's parser, the
 * person's text must read back as the same string, and the README and job summary, parsed as
 * CommonMark, must hold no link, image, HTML or heading the person supplied. No token, provisioned
 * value or URL credential may appear in anything the run printed or wrote.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatePlan } from "../../src/create-project/create-plan";
import { parseVariables } from "../../src/create-project/create-project-inputs";
import type { CreateReport } from "../../src/create-project/create-report";
import { runCreateProject } from "../../src/create-project/run-create-project";
import { kitPaths } from "../../src/kit-paths";
import type { ProjectSpec } from "../../src/project/project-spec";
import {
  createSimControls,
  demoSeedPath,
  loadSeedFile,
  type RunningSimulator,
  type SimControls,
  startSimulator,
} from "../../src/simulator/index";
import { mdText } from "../../src/text/markdown";
import { BOT_TOKEN, isWrite, SECRET_ENV } from "../helpers/create-project-harness";
import { markdownFacts, type PythonParseResult, parseWithPython } from "../helpers/strict-parsers";
import { HOSTILE_CORPUS, type HostileCase } from "./hostile-corpus";

const BENIGN = {
  name: "acme-forecast-demand",
  team: "forecasting",
  "cost-center": "CC-1234",
  description: "Daily demand forecast",
  template: "",
  visibility: "",
  variables: "",
};

interface CaseRun {
  ok: boolean;
  error?: string;
  writes: number;
  /** Everything the run printed or wrote: log lines, summary, JSON report. */
  printed: string;
  summary: string;
  plan?: CreatePlan;
  spec?: ProjectSpec;
}

let sim: RunningSimulator;
let controls: SimControls;
let workDir: string;
let looseConfig: string;
const runs = new Map<HostileCase, CaseRun>();
let parsed: PythonParseResult = {};
const baseline: Record<string, CaseRun> = {};

async function runCase(c: HostileCase): Promise<CaseRun> {
  const inputs = { ...BENIGN, ...c.inputs };
  const host = new URL(sim.apiUrl).host;
  const fill = (v: string | undefined, fallback: string) => (v ?? fallback).replaceAll("{sim}", host);
  const printed: string[] = [];
  let summary = "";
  await controls.clearRequests();
  let result: { report: CreateReport; plan?: CreatePlan; spec?: ProjectSpec };
  try {
    result = await runCreateProject(
      {
        request: {
          name: inputs.name,
          team: inputs.team,
          template: inputs.template,
          description: inputs.description,
          costCenter: inputs["cost-center"],
          visibility: inputs.visibility,
          variables: parseVariables(inputs.variables),
        },
        actor: c.runner?.actor ?? "bob",
        triggeringActor: c.runner?.triggeringActor ?? c.runner?.actor ?? "bob",
        // Refusals run for real, so that a wrong refusal would show as writes; acceptances as dry runs.
        dryRun: c.expect === "accept",
        configPath: c.looseConfig ? looseConfig : kitPaths.exampleConfig(),
        token: BOT_TOKEN,
        apiUrl: fill(c.runner?.apiUrl, sim.apiUrl),
        serverUrl: fill(c.runner?.serverUrl, sim.serverUrl),
        spaceWrites: false,
        retries: 0,
        retryBaseMs: 1,
        secretSource: SECRET_ENV,
      },
      {
        info: (line) => printed.push(line),
        warn: (line) => printed.push(line),
        mask: () => {},
        summary: async (markdown) => {
          summary = markdown;
        },
        writeReport: async (report) => {
          printed.push(JSON.stringify(report));
        },
      },
    );
  } catch (error) {
    // Refused while reading the inputs (the variables map): before any request.
    return { ok: false, error: String(error), writes: 0, printed: String(error), summary: "" };
  }
  const writes = (await controls.requests()).filter(isWrite).length;
  return {
    ok: result.report.ok,
    ...(result.report.error ? { error: result.report.error } : {}),
    writes,
    printed: [...printed, summary].join("\n"),
    summary,
    ...(result.plan ? { plan: result.plan } : {}),
    ...(result.spec ? { spec: result.spec } : {}),
  };
}

function filesOf(run: CaseRun): Map<string, string> {
  const push = run.plan?.steps.find((s) => s.kind === "push-initial-commit");
  if (push?.kind !== "push-initial-commit") return new Map();
  return new Map([...push.tree.values()].map((f) => [f.path, f.content]));
}

const kindOf = (file: string) =>
  /\.ya?ml$/.test(file)
    ? "yaml"
    : file.endsWith(".toml")
      ? "toml"
      : file.endsWith(".py")
        ? "python"
        : undefined;

beforeAll(async () => {
  sim = await startSimulator({ seed: loadSeedFile(demoSeedPath()) });
  controls = createSimControls(sim.apiUrl);
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-corpus-"));
  // The same org config with no cost-center pattern: its free text then reaches every file.
  looseConfig = path.join(workDir, "loose.config.yml");
  writeFileSync(
    looseConfig,
    readFileSync(kitPaths.exampleConfig(), "utf8").replace(/\n\s*pattern: "CC-\[0-9\]\{4\}"/, ""),
  );
  for (const template of ["batch-job", "online-service"]) {
    baseline[template] = await runCase({
      field: "template",
      what: "benign",
      expect: "accept",
      inputs: template === "online-service" ? { template, name: "acme-churn-scoring" } : {},
    });
  }
  for (const c of HOSTILE_CORPUS) runs.set(c, await runCase(c));
  const files: [string, "yaml" | "toml" | "python", string][] = [];
  HOSTILE_CORPUS.forEach((c, i) => {
    for (const [file, content] of filesOf(runs.get(c)!)) {
      const kind = kindOf(file);
      if (kind) files.push([`${i}:${file}`, kind, content]);
    }
  });
  parsed = parseWithPython(files);
}, 120_000);

afterAll(async () => {
  await sim?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe("the hostile corpus", () => {
  it("has at least 120 cases across every form field and the runner's environment", () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(120);
    const fields = new Set(HOSTILE_CORPUS.map((c) => c.field));
    for (const field of [
      "name",
      "team",
      "template",
      "description",
      "cost-center",
      "visibility",
      "variables",
      "runner",
    ])
      expect(fields).toContain(field);
  });

  it.each(HOSTILE_CORPUS.map((c, i) => [`${c.field} ${c.what} (${c.expect})`, c, i] as const))(
    "%s",
    (_label, c, i) => {
      const run = runs.get(c)!;
      expect(run.writes, run.error).toBe(0);
      for (const secret of [BOT_TOKEN, ...Object.values(SECRET_ENV), ...(c.secret ? [c.secret] : [])])
        expect(run.printed).not.toContain(secret);
      if (c.expect === "refuse") {
        expect(run.ok, "refused").toBe(false);
        expect(run.error ?? "").not.toBe("");
        if (run.summary) expect(markdownFacts(run.summary).images).toEqual([]);
        return;
      }
      expect(run.ok, run.error).toBe(true);
      expectFilesParse(run, i);
      expectValuesIntact(run, i);
      expectMarkdownClean(run);
    },
  );
});

function expectFilesParse(run: CaseRun, i: number): void {
  const files = filesOf(run);
  expect(files.size).toBeGreaterThan(5);
  for (const file of files.keys()) {
    if (!kindOf(file)) continue;
    expect(parsed[`${i}:${file}`], file).toMatchObject({ ok: true });
  }
}

function data(i: number, file: string): Record<string, unknown> {
  const entry = parsed[`${i}:${file}`];
  if (!entry?.ok) throw new Error(`${file} did not parse`);
  return entry.data as Record<string, unknown>;
}

/** The person's text reads back as the same string from every format it was written into. */
function expectValuesIntact(run: CaseRun, i: number): void {
  const spec = run.spec!;
  const answers = data(i, ".mlops-kit/answers.yml") as {
    project: Record<string, unknown>;
    costTags: Record<string, unknown>;
    variables: Record<string, unknown>;
  };
  expect(answers.project.description).toBe(spec.description);
  expect(answers.project.name).toBe(spec.name);
  expect(answers.costTags).toEqual(Object.fromEntries(spec.costTags.map((t) => [t.key, t.value])));
  expect(answers.variables).toEqual(spec.answers);
  const pyproject = data(i, "pyproject.toml") as { project: { description: string; name: string } };
  expect(pyproject.project).toMatchObject({ description: spec.description, name: spec.name });
  const bundle = data(i, "databricks.yml") as {
    resources: Record<string, Record<string, { description?: string }>>;
  };
  // The project's own resource carries the description: a service's app, else the first job (the
  // monitor job that follows it has a description of the kit's own).
  const ownKind = bundle.resources.apps ?? bundle.resources.jobs ?? {};
  const resource = Object.values(ownKind)[0];
  expect(resource?.description).toBe(spec.description);
  // The kit's own bundle references (`${var.…}`, `${bundle.…}`, `${resources.…}`, `${workspace.…}`) are allowed; user text never forms one.
  expect(readFileText(run, "databricks.yml")).not.toMatch(/\$\{(?!var\.|bundle\.|resources\.|workspace\.)/);
}

function readFileText(run: CaseRun, file: string): string {
  return filesOf(run).get(file) ?? "";
}

/** Links, images, HTML and headings of the README and summary are exactly the kit's own. */
function expectMarkdownClean(run: CaseRun): void {
  const base = baseline[run.spec!.template]!;
  const [from, to] = [base.spec!.name, run.spec!.name];
  const rename = (text: string) => text.replaceAll(from, to).replaceAll(mdText(from), mdText(to));
  for (const [actual, expected] of [
    [readFileText(run, "README.md"), readFileText(base, "README.md")],
    [run.summary, base.summary],
  ] as const) {
    const facts = markdownFacts(actual);
    const want = markdownFacts(rename(expected));
    expect(facts.images).toEqual([]);
    expect(facts.html).toEqual(want.html);
    expect(facts.links).toEqual(want.links);
    expect(facts.headings).toEqual(want.headings);
    for (const value of [run.spec!.description, ...run.spec!.costTags.map((t) => t.value)]) {
      // Outside code, the person's text never appears (only inside spans and fences).
      if (/[^\w\s-]/.test(value) && value.length > 2) expect(facts.plainText).not.toContain(value);
    }
  }
}
