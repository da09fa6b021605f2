/**
 * A representative part of the hostile corpus through the bundled action, end to end: the dry-run
 * input (parsed only by the action's inputs module), credentials in GITHUB_SERVER_URL, a workflow
 * command in the actor, and hostile free text that is accepted: the created repo's files are read back
 * and parsed with the strict parsers, and the job summary and README hold no link or image of the
 * person's. No token, provisioned value or URL credential appears in anything the action left.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { kitPaths } from "../../src/kit-paths";
import type { RunningSimulator, SimControls } from "../../src/simulator/index";
import {
  type CreateActionResult,
  expectNoSecretIn,
  isWrite,
  ORG,
  octokitFor,
  runCreateAction,
  startDemoSimulator,
} from "../helpers/create-project-harness";
import { markdownFacts, parseWithPython } from "../helpers/strict-parsers";
import { HOSTILE_E2E, type HostileCase } from "./hostile-corpus";

const REPO = "acme-forecast-demand";
let sim: RunningSimulator;
let controls: SimControls;
let workDir: string;
let looseConfig: string;

beforeAll(async () => {
  ({ sim, controls } = await startDemoSimulator());
  workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-corpus-e2e-"));
  looseConfig = path.join(workDir, "loose.config.yml");
  writeFileSync(
    looseConfig,
    readFileSync(kitPaths.exampleConfig(), "utf8").replace(/\n\s*pattern: "CC-\[0-9\]\{4\}"/, ""),
  );
});
afterAll(async () => {
  await sim.close();
  rmSync(workDir, { recursive: true, force: true });
});
beforeEach(() => controls.reset());

async function run(c: HostileCase): Promise<CreateActionResult> {
  const host = new URL(sim.apiUrl).host;
  const env: Record<string, string> = {};
  if (c.runner?.serverUrl) env.GITHUB_SERVER_URL = c.runner.serverUrl.replaceAll("{sim}", host);
  if (c.runner?.apiUrl) env.GITHUB_API_URL = c.runner.apiUrl.replaceAll("{sim}", host);
  return runCreateAction(sim, {
    inputs: { ...c.inputs, ...(c.looseConfig ? { config: looseConfig } : {}) },
    ...(c.runner?.actor !== undefined ? { actor: c.runner.actor } : {}),
    env,
  });
}

async function repoFile(file: string): Promise<string> {
  const { data } = await octokitFor(sim).rest.repos.getContent({
    owner: ORG,
    repo: REPO,
    path: file,
    mediaType: { format: "raw" },
  });
  return data as unknown as string;
}

describe("hostile input through the bundled action", () => {
  it.each(HOSTILE_E2E.map((c) => [`${c.field} ${c.what} (${c.expect})`, c] as const))(
    "%s",
    async (_label, c) => {
      const result = await run(c);
      const writes = (await controls.requests()).filter(isWrite);
      expectNoSecretIn(result);
      if (c.secret) {
        for (const text of [result.log, result.summary, result.report, ...Object.values(result.outputs)])
          expect(text).not.toContain(c.secret);
      }
      // No line of a person's text became a workflow command (the runner consumes add-mask lines).
      expect(result.log.split("\n").filter((l) => /^\s*::/.test(l) && /pwned/.test(l))).toEqual([]);
      expect(result.masked.filter((m) => m.length < 4)).toEqual([]);
      expect(markdownFacts(result.summary).images).toEqual([]);
      if (c.expect === "refuse") {
        expect(result.exitCode, result.log).toBe(1);
        expect(writes).toEqual([]);
        return;
      }
      expect(result.exitCode, result.log).toBe(0);
      if (c.field === "dry-run") {
        expect(writes).toEqual([]);
        return;
      }
      const repoUrl = `${sim.serverUrl}/${ORG}/${REPO}`;
      const kitUrl = `${sim.serverUrl}/${ORG}/mlops-kit`;
      for (const markdown of [result.summary, await repoFile("README.md")]) {
        const facts = markdownFacts(markdown);
        expect(facts.images).toEqual([]);
        expect(facts.links.filter((href) => href !== repoUrl && href !== kitUrl)).toEqual([]);
        expect(facts.plainText).not.toContain("evil.example");
      }
      const parsed = parseWithPython([
        ["answers", "yaml", await repoFile(".mlops-kit/answers.yml")],
        ["bundle", "yaml", await repoFile("databricks.yml")],
        ["pyproject", "toml", await repoFile("pyproject.toml")],
      ]);
      const given = c.inputs?.description ?? "Daily demand forecast";
      expect(parsed.answers).toMatchObject({ ok: true, data: { project: { description: given } } });
      expect(parsed.pyproject).toMatchObject({ ok: true, data: { project: { description: given } } });
      expect(parsed.bundle).toMatchObject({ ok: true });
      if (c.field === "cost-center") {
        expect(parsed.answers).toMatchObject({
          data: { costTags: { "cost-center": c.inputs?.["cost-center"] } },
        });
      }
    },
  );
});
