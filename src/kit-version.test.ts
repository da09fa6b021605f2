import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KIT_VERSION } from "./kit-version";

describe("KIT_VERSION", () => {
  it("matches package.json, so generated repos pin the version that is released", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(KIT_VERSION).toBe(pkg.version);
  });
});
