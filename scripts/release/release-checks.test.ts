import { describe, expect, it } from "vitest";
import { changelogBetween, changelogEntry } from "../../src/upgrade/changelog";
import { checkRelease } from "./release-checks";

const changelog = `# Changelog

## [0.3.0] - 2026-12-01
- Monitor job retries.

## [0.2.0] - 2026-11-28
- Fleet upgrades.

## [0.1.0] - 2026-11-01
- First release.
`;

describe("release checks", () => {
  const facts = {
    packageVersion: "0.3.0",
    kitVersion: "0.3.0",
    changelog,
    existingTags: ["v0.2.0"],
    staleDocs: [],
  };

  it("plans the tag, the moving major tag and the notes when all is in order", () => {
    expect(checkRelease(facts)).toEqual({
      plan: { version: "0.3.0", tag: "v0.3.0", majorTag: "v0", notes: "- Monitor job retries." },
      problems: [],
    });
  });

  it("lists every problem: version mismatch, no changelog entry, tag taken, stale docs", () => {
    const result = checkRelease({
      ...facts,
      packageVersion: "0.2.0",
      kitVersion: "0.1.0",
      changelog: "# Changelog\n",
      staleDocs: ["docs/config.md"],
    });
    expect(result.plan).toBeUndefined();
    expect(result.problems).toEqual([
      expect.stringContaining("src/kit-version.ts says 0.1.0"),
      expect.stringContaining('no entry "## [0.2.0]"'),
      expect.stringContaining("v0.2.0 is already tagged"),
      expect.stringContaining("docs/config.md"),
    ]);
  });

  it("reads the entries between two versions, newest first", () => {
    expect(changelogEntry(changelog, "0.2.0")).toBe("- Fleet upgrades.");
    expect(changelogBetween(changelog, "0.1.0", "0.3.0").map((e) => e.version)).toEqual(["0.3.0", "0.2.0"]);
    expect(changelogBetween(changelog, "0.2.0", "0.2.0")).toEqual([]);
  });
});
