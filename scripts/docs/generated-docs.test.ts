import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  fillGeneratedSections,
  generatedSections,
  listDocPages,
  renderConfigReference,
} from "./generated-docs";

const repoRoot = path.resolve(import.meta.dirname, "../..");

describe("generated docs", () => {
  it.each(listDocPages(repoRoot).map((p) => [path.relative(repoRoot, p), p]))(
    "%s is in sync with its sources (run `npm run docs` if not)",
    (_, page) => {
      const text = readFileSync(page, "utf8");
      expect(fillGeneratedSections(text, generatedSections(repoRoot), page)).toBe(text);
    },
  );

  it("documents every config key, with defaults", () => {
    const reference = renderConfigReference();
    expect(reference).toContain("| `naming.parts[].allowed` | list of string |");
    expect(reference).toContain(
      '| `branchProtection.requiredStatusChecks` | list of string |  | `["ci / build-test"]` |',
    );
    expect(reference).toContain("| `secrets.environments.<name>[].fromEnv` | string | yes |");
  });

  it("lists every assessment criterion with its section, questions, measure and fix", async () => {
    const { CRITERIA } = await import("../../src/assessment/criteria");
    const table = generatedSections(repoRoot).get("assessment-criteria")!;
    for (const c of CRITERIA) expect(table).toContain(`| \`${c.id}\` | ${c.section} `);
    expect(table.split("\n").filter((l) => l.startsWith("| `"))).toHaveLength(CRITERIA.length);
  });

  it("refuses a marker for a section that does not exist", () => {
    expect(() =>
      fillGeneratedSections("<!-- generated:nope -->\n<!-- /generated:nope -->", new Map(), "x.md"),
    ).toThrow(/nope/);
  });
});
