import { describe, expect, it } from "vitest";
import { inputVariable, parseCommandFile } from "./local-action-runner";

describe("the local action runner's conventions", () => {
  it("names inputs as the Actions runner does", () => {
    expect(inputVariable("cost-center")).toBe("INPUT_COST-CENTER");
    expect(inputVariable("dry run")).toBe("INPUT_DRY_RUN");
  });

  it("reads GITHUB_OUTPUT files in both forms, multi-line values intact", () => {
    const text = "repo-url=https://x/acme/a=b\nreport<<ghadelimiter_1\nline 1\nline=2\nghadelimiter_1\n";
    expect(parseCommandFile(text)).toEqual({ "repo-url": "https://x/acme/a=b", report: "line 1\nline=2" });
  });

  it("refuses an output block that never closes", () => {
    expect(() => parseCommandFile("report<<EOF\nvalue\n")).toThrow(/no closing delimiter/);
  });
});
