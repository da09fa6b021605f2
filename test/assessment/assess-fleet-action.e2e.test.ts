/**
 * The bundled assess-fleet action (`dist/assess-fleet/index.js`) run as the Actions runner runs it,
 * through the local runner, as the kit's GitHub App with an installation token holding exactly the
 * `assess` job's permissions, over a small seeded fleet: outputs, JSON report (schema-valid, known
 * outcomes), job summary, a self-contained dashboard, and no token anywhere it printed or wrote.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLocalAction } from "../../src/actions-runner/local-action-runner";
import type { Outcome } from "../../src/assessment/assessment-model";
import type { AssessmentReport } from "../../src/assessment/assessment-report";
import { CRITERIA } from "../../src/assessment/criteria";
import { loadKitConfigFile } from "../../src/config/config-file";
import { jobPermissionsFor, kitJob } from "../../src/github/app-permissions";
import { kitPaths, kitRoot } from "../../src/kit-paths";
import { mintInstallationToken, type RunningSimulator } from "../../src/simulator/index";
import { listTemplateNames } from "../../src/templates/template-catalog";
import { BOT_TOKEN, ORG, octokitFor, startDemoSimulator } from "../helpers/create-project-harness";
import { baseline, cloneRepo, createSources, VARIANTS } from "./fleet-seed";

const schema = JSON.parse(
  readFileSync(path.join(kitRoot(), "src/assessment/assessment-report.schema.json"), "utf8"),
);
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(schema);
const DEGRADED = ["nobundle", "unprotected", "norollback"];

describe("the bundled assess-fleet action, as the kit's GitHub App", () => {
  let sim: RunningSimulator;
  let work: string;
  const expected = new Map<string, Record<string, Outcome>>();

  beforeAll(async () => {
    ({ sim } = await startDemoSimulator());
    work = mkdtempSync(path.join(tmpdir(), "assess-action-"));
    const [source] = await createSources(sim, work, [{ name: "acme-forecast-demand", inputs: {} }]);
    expected.set(`${ORG}/${source!.name}`, baseline());
    for (const key of DEGRADED) {
      const variant = VARIANTS.find((v) => v.key === key)!;
      const name = `${source!.name}-${key}`;
      await cloneRepo(sim, octokitFor(sim), work, source!, name, variant);
      expected.set(`${ORG}/${name}`, { ...baseline(), ...variant.expect });
    }
    // The seed's governed legacy repo has no commit: every measured criterion fails.
    expected.set(
      `${ORG}/acme-forecast-legacy`,
      Object.fromEntries(CRITERIA.map((c) => [c.id, c.measure ? "fail" : "inconclusive"])),
    );
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("writes outputs, a schema-valid report, the summary and a self-contained dashboard", async () => {
    const config = loadKitConfigFile(
      path.join(kitRoot(), "mlops-kit.config.yml"),
      listTemplateNames(kitPaths.templatesDir()),
    ).config;
    const permissions = jobPermissionsFor(kitJob("assess-fleet.yml", "assess"), config);
    const { token } = await mintInstallationToken(sim.apiUrl, { org: ORG, permissions });
    const outputDir = path.join(work, "out");
    const result = await runLocalAction({
      actionDir: path.join(kitRoot(), "actions", "assess-fleet"),
      inputs: { org: ORG, token, "output-dir": outputDir, "etag-cache": path.join(work, "etags.json") },
      env: {
        GITHUB_API_URL: sim.apiUrl,
        GITHUB_SERVER_URL: sim.serverUrl,
        GITHUB_REPOSITORY: `${ORG}/mlops-kit`,
        GITHUB_WORKSPACE: kitRoot(),
        MLOPS_KIT_RETRY_BASE_MS: "5",
      },
    });
    expect(result.exitCode, result.log).toBe(0);

    const file = (name: string) => path.join(outputDir, name);
    expect(result.outputs).toEqual({
      "report-file": file("assessment.json"),
      "sarif-file": file("assessment.sarif"),
      "dashboard-file": file("index.html"),
      "output-dir": outputDir,
      repos: String(expected.size),
      mature: expect.stringMatching(/^\d+$/),
    });
    expect(existsSync(file("assessment.sarif"))).toBe(true);

    const report = JSON.parse(readFileSync(file("assessment.json"), "utf8")) as AssessmentReport;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.errors).toEqual([]);
    expect(result.outputs.mature).toBe(String(report.summary.mature));
    const actual = new Map(
      report.repos.map((r) => [r.repo, Object.fromEntries(r.results.map((x) => [x.id, x.outcome]))]),
    );
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [repo, outcomes] of expected)
      expect({ repo, outcomes: actual.get(repo) }).toEqual({ repo, outcomes });
    expect(actual.get(`${ORG}/acme-forecast-demand-unprotected`)).toMatchObject({
      "pr-reviews-required": "fail",
      "ci-required-check": "fail",
    });

    expect(result.summary).toContain(`## MLOps maturity assessment: \`${ORG}\``);
    expect(result.summary).toContain("| section | repos complete |");
    for (const repo of expected.keys()) expect(result.summary).toContain(`### \`${repo}\``);

    const html = readFileSync(file("index.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("acme-forecast-demand-norollback");
    // Self-contained: no script, stylesheet, image or font fetched from anywhere.
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);

    for (const secret of [token, BOT_TOKEN]) {
      expect(result.log).not.toContain(secret);
      expect(result.summary).not.toContain(secret);
      for (const value of Object.values(result.outputs)) expect(value).not.toContain(secret);
      for (const name of ["assessment.json", "assessment.sarif", "index.html"])
        expect(readFileSync(file(name), "utf8")).not.toContain(secret);
    }
  }, 60_000);
});
