/**
 * The fleet dashboard in a real headless chromium: it renders without console errors, sorting and
 * filtering work, it reads without JavaScript, axe-core finds no accessibility violation, and a
 * screenshot is kept under reports/ as a test artifact.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessRepo } from "../../src/assessment/assess-repo";
import { type AssessmentReport, buildAssessmentReport } from "../../src/assessment/assessment-report";
import { renderDashboard } from "../../src/assessment/dashboard-renderer";
import { kitRoot } from "../../src/kit-paths";
import { createdRepoFacts, editFile, withFiles } from "../helpers/assessment-fixtures";
import { chromiumAvailable, launchChromium } from "../helpers/headless-browser";

const REPORTS = path.join(kitRoot(), "reports");
const HTML = path.join(REPORTS, "assessment-dashboard.html");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

async function fleetReports(): Promise<{ report: AssessmentReport; history: AssessmentReport[] }> {
  const batch = await createdRepoFacts("batch-job", "acme-forecast-demand");
  const service = await createdRepoFacts("online-service", "acme-pricing-quotes");
  const { context } = batch;
  const variants = [
    (f: typeof batch.facts) => f,
    (f: typeof batch.facts) => withFiles(f, { "databricks.yml": undefined }),
    (f: typeof batch.facts) =>
      editFile(f, ".mlops-kit/answers.yml", /team: "forecasting"/, 'team: "pricing"'),
    (f: typeof batch.facts) => ({ ...f, protection: { unreadable: "403" } }),
    (f: typeof batch.facts) =>
      withFiles(editFile(f, ".mlops-kit/answers.yml", /team: "forecasting"/, 'team: "data-science"'), {
        ".pre-commit-config.yaml": "repos:\n  - repo: https://example.invalid/hooks\n",
        "CHANGELOG.md": "# Changelog\n",
        ".mlops-kit/attestations.yml":
          'version: 1\nattestations:\n  business-goals: { answer: yes, by: "@a", date: 2026-11-01 }\n  model-documentation: { answer: yes, by: "@a", date: 2026-11-01 }\n  model-risk: { answer: yes, by: "@a", date: 2026-11-01 }\n  data-lineage: { answer: yes, by: "@a", date: 2026-11-01 }\n  incident-process: { answer: yes, by: "@a", date: 2026-11-01 }\n',
      }),
  ];
  const repos = [batch, service].flatMap((base, b) =>
    variants.map((vary, i) =>
      assessRepo(
        { ...vary(base.facts), repo: `acme/${b ? "acme-pricing" : "acme-forecast"}-r${i}` },
        context,
      ),
    ),
  );
  const at = (day: number, n: number) =>
    buildAssessmentReport({
      kitVersion: "0.1.0",
      scope: { kind: "org", name: "acme" },
      repos: repos.slice(0, n),
      now: new Date(Date.UTC(2026, 10, day)),
    });
  return { report: at(28, repos.length), history: [at(14, 4), at(21, 7)] };
}

describe("fleet dashboard in headless chromium", () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let report: AssessmentReport;

  beforeAll(async () => {
    // A missing browser fails the test, naming its package (scripts/system-packages.txt lists it).
    if (!chromiumAvailable())
      throw new Error(
        "command chromium is missing: install the Debian package chromium (sudo apt-get install -y chromium)",
      );
    const { report: r, history } = await fleetReports();
    report = r;
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(HTML, renderDashboard(report, history));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders without console errors or requests, sorts, filters, passes axe, and is screenshotted", async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${HTML}`);
    expect(await page.locator("h1").textContent()).toContain("acme");
    const rows = page.locator("#repos tbody tr");
    expect(await rows.count()).toBe(report.repos.length);

    // Sorting: the mature column, descending, puts the mature repos first.
    const matureHeader = page.locator("#repos thead th").last();
    await matureHeader.locator("button").click();
    await matureHeader.locator("button").click();
    expect(await matureHeader.getAttribute("aria-sort")).toBe("descending");
    const matureCells = await page.locator("#repos tbody tr td:last-child").allTextContents();
    expect(matureCells).toEqual([...matureCells].sort().reverse());
    const mature = report.repos.filter((r) => r.mature).length;
    expect(mature).toBeGreaterThan(0);
    expect(matureCells.slice(0, mature).every((c) => c === "yes")).toBe(true);
    // Sorting by name ascending.
    await page.locator("#repos thead th").first().locator("button").click();
    const names = await page.locator("#repos tbody th").allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

    // Filtering by team, then by name.
    await page.selectOption("select[name=team]", "pricing");
    const pricing = report.repos.filter((r) => r.team === "pricing").length;
    expect(await page.locator("#repos tbody tr:visible").count()).toBe(pricing);
    expect(await page.locator("#shown").textContent()).toBe(
      `${pricing} of ${report.repos.length} repos shown`,
    );
    await page.selectOption("select[name=team]", "");
    await page.fill("input[name=q]", "pricing-r1");
    expect(await page.locator("#repos tbody tr:visible").count()).toBe(1);
    await page.fill("input[name=q]", "");

    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: path.join(REPORTS, "assessment-dashboard.png"), fullPage: true });
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      const result = await axe.run({
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] },
      });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    // Open one repo's section too, and check it again.
    await page.locator("details.repo summary").first().click();
    const open = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as { axe: { run: (c: string) => Promise<{ violations: { id: string }[] }> } }
      ).axe;
      return (await axe.run("details.repo[open]")).violations.map((v) => v.id);
    });
    expect(open).toEqual([]);
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
  });

  it("reads without JavaScript: every repo row and criterion is in the page, the filter form stays hidden", async () => {
    const noJs = await launchChromium({ javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(`file://${HTML}`);
      expect(await page.locator("#repos tbody tr:visible").count()).toBe(report.repos.length);
      expect(await page.locator("#filters").isVisible()).toBe(false);
      expect(await page.locator("details.repo").count()).toBe(report.repos.length);
      await page.locator("details.repo summary").first().click();
      const rows = await page.locator("details.repo[open] tbody tr").count();
      const listed = (await page.locator("details.repo[open] .ids").allTextContents()).flatMap((t) =>
        t.split(", "),
      ).length;
      expect(rows + listed).toBe(report.criteria.length);
    } finally {
      await noJs.close();
    }
  });
});
