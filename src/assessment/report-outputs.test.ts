import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { createdRepoFacts, withFiles } from "../../test/helpers/assessment-fixtures";
import { assessRepo } from "./assess-repo";
import { type AssessmentReport, buildAssessmentReport } from "./assessment-report";
import { parseAttestations } from "./attestations";
import { CRITERIA } from "./criteria";
import { renderDashboard } from "./dashboard-renderer";
import { DASHBOARD_SCRIPT } from "./dashboard-style";
import type { AssessmentContext, RepoFacts } from "./repo-facts";
import { renderSarif } from "./sarif-renderer";
import { renderMarkdown, renderTerminal } from "./text-renderers";

const schema = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "assessment-report.schema.json"), "utf8"),
);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateReport = ajv.compile(schema);

let good: RepoFacts;
let context: AssessmentContext;
const HOSTILE = "evil</td><script>alert(1)</script>`|[x](http://e)";

beforeAll(async () => {
  ({ facts: good, context } = await createdRepoFacts());
});

function fleet(): AssessmentReport {
  const broken = withFiles({ ...good, repo: "acme/acme-churn-broken" }, { "databricks.yml": undefined });
  const hostile = { ...good, repo: HOSTILE };
  return buildAssessmentReport({
    kitVersion: "0.1.0",
    scope: { kind: "org", name: "acme" },
    repos: [assessRepo(good, context), assessRepo(broken, context), assessRepo(hostile, context)],
    now: new Date("2026-11-28T12:00:00Z"),
  });
}

describe("attestations", () => {
  it("reads answers with their line; YAML 1.1 yes/no and dates are accepted", () => {
    const read = parseAttestations(
      'version: 1\nattestations:\n  model-risk:\n    answer: yes\n    by: "@alice"\n    date: 2026-11-02\n  explainability: { answer: no, by: bob, date: "2026-10-01" }\n',
    );
    expect(read.errors).toEqual([]);
    expect(read.attestations.get("model-risk")).toEqual({
      answer: true,
      by: "@alice",
      date: "2026-11-02",
      line: 3,
    });
    expect(read.attestations.get("explainability")?.answer).toBe(false);
  });

  it("refuses measured criteria, unknown keys and missing fields", () => {
    expect(
      parseAttestations(
        "version: 1\nattestations:\n  cost-tags: { answer: yes, by: a, date: 2026-01-01 }\n",
      ).errors.join(),
    ).toMatch(/cost-tags|property name/);
    expect(
      parseAttestations("version: 1\nattestations:\n  model-risk: { answer: yes }\n").errors.join(),
    ).toMatch(/by/);
    expect(parseAttestations("version: 2\nattestations: {}\n").errors.length).toBeGreaterThan(0);
    expect(parseAttestations("version: [\n").errors.length).toBe(1);
  });

  it("an answer of no fails the criterion; an invalid file leaves every attested criterion inconclusive with a warning", () => {
    const no = withFiles(good, {
      ".mlops-kit/attestations.yml":
        "version: 1\nattestations:\n  model-risk: { answer: no, by: a, date: 2026-01-01 }\n",
    });
    expect(assessRepo(no, context).results.find((r) => r.id === "model-risk")?.outcome).toBe("fail");
    const bad = withFiles(good, {
      ".mlops-kit/attestations.yml":
        "version: 1\nattestations:\n  cost-tags: { answer: yes, by: a, date: 2026-01-01 }\n",
    });
    const a = assessRepo(bad, context);
    expect(a.warnings.length).toBeGreaterThan(0);
    expect(a.results.find((r) => r.id === "cost-tags")?.outcome).toBe("pass");
    expect(a.results.filter((r) => r.outcome === "attested")).toEqual([]);
  });
});

describe("report outputs", () => {
  it("the JSON report validates against its schema, and a broken one does not", () => {
    const report = JSON.parse(JSON.stringify(fleet()));
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.summary).toMatchObject({ repos: 3, mature: 0 });
    report.repos[0].results[0].outcome = "maybe";
    expect(validateReport(report)).toBe(false);
  });

  it("SARIF 2.1.0: a rule per criterion, a result per failing criterion at its evidence", () => {
    const report = fleet();
    const sarif = renderSarif(report) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(CRITERIA.map((c) => c.id));
    const failing = report.repos.flatMap((r) => r.results.filter((x) => x.outcome === "fail"));
    expect(run.results).toHaveLength(failing.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const missingBundle = run.results.find((r) => r.ruleId === "infra-as-code")!;
    expect(missingBundle.locations[0]!.physicalLocation.artifactLocation.uri).toBe("databricks.yml");
  });

  it("Markdown keeps repo text in code spans; the terminal strips control characters", () => {
    const report = fleet();
    const md = renderMarkdown(report);
    expect(md).toContain("### ``evil</td><script>alert(1)</script>`|[x](http://e)``");
    const tty = renderTerminal({ ...report, repos: [{ ...report.repos[0]!, repo: "a\u001b[31mred" }] });
    expect(tty).not.toContain("\u001b");
  });

  it("the dashboard escapes repo text and needs nothing from the network", () => {
    const html = renderDashboard(fleet());
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("evil&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html.match(/<script>/g)).toHaveLength(1);
    // The inline script is valid JavaScript (template-literal escapes are easy to get wrong).
    expect(() => new Function(DASHBOARD_SCRIPT)).not.toThrow();
  });
});
