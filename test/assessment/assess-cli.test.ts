/** `mlops-kit assess --project`: a created project assessed from the command line, every output written. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/main";
import { runLocalCreate } from "../../src/project/local-create";

describe("mlops-kit assess --project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "assess-cli-"));
    await runLocalCreate({
      request: { name: "acme-churn-predict", team: "data-science" },
      outDir: path.join(dir, "p"),
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the table and writes JSON, SARIF, Markdown and HTML", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const out = (f: string) => path.join(dir, "out", f);
    const code = await runCli([
      "assess",
      "--project",
      path.join(dir, "p"),
      "--json",
      out("a.json"),
      "--sarif",
      out("a.sarif"),
      "--markdown",
      out("a.md"),
      "--html",
      out("a.html"),
    ]);
    const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
    log.mockRestore();
    expect(code).toBe(0);
    expect(printed).toMatch(/✗ 3 pre-commit\s+fail/);
    expect(printed).toMatch(/\? 3 pr-reviews-required\s+inconclusive\s+branch protection not observed/);
    const report = JSON.parse(readFileSync(out("a.json"), "utf8"));
    expect(report).toMatchObject({
      schemaVersion: 1,
      scope: { kind: "project", name: "p" },
      summary: { repos: 1, mature: 0 },
    });
    expect(report.repos[0].team).toBe("data-science");
    expect(
      JSON.parse(readFileSync(out("a.sarif"), "utf8"))
        .runs[0].results.map((r: { ruleId: string }) => r.ruleId)
        .sort(),
    ).toEqual(["pre-commit", "release-notes"]);
    expect(readFileSync(out("a.md"), "utf8")).toContain("## MLOps maturity assessment");
    expect(existsSync(out("a.html"))).toBe(true);
  });

  it("refuses no scope, or two", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runCli(["assess"])).toBe(1);
    expect(await runCli(["assess", "--project", dir, "--org", "acme"])).toBe(1);
    expect(error.mock.calls.join("\n")).toMatch(/exactly one of --project/);
    error.mockRestore();
  });
});
