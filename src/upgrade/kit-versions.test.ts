import { describe, expect, it } from "vitest";
import { compareVersions, isCommitSha, majorTag, normalizeVersion, releaseTag } from "./kit-versions";

describe("kit versions", () => {
  it("orders versions numerically, with or without the v", () => {
    expect(compareVersions("0.10.0", "0.9.9")).toBeGreaterThan(0);
    expect(compareVersions("v1.0.0", "1.0.0")).toBe(0);
    expect(compareVersions("1.2.3", "1.3.0")).toBeLessThan(0);
  });

  it("names the release and major tags", () => {
    expect(releaseTag("0.2.0")).toBe("v0.2.0");
    expect(releaseTag("v1.4.2")).toBe("v1.4.2");
    expect(majorTag("1.4.2")).toBe("v1");
    expect(normalizeVersion(" v3.0.1 ")).toBe("3.0.1");
  });

  it("refuses what is not X.Y.Z", () => {
    for (const bad of ["1.2", "01.2.3", "1.2.3-rc1", "latest", ""]) {
      expect(() => normalizeVersion(bad)).toThrow(/is not X.Y.Z/);
    }
    expect(isCommitSha("a".repeat(40))).toBe(true);
    expect(isCommitSha("v0.1.0")).toBe(false);
  });
});
