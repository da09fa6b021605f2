import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KitError } from "../errors";
import { protectionSettingsOf } from "../protection/protection-requests";
import { factsFromPolicy } from "../protection/scorecard-facts";
import { scoreOf } from "../protection/scorecard-score";
import { parseKitConfig } from "./config-parser";
import { PRESET_TARGET_SCORE, PROTECTION_PRESETS } from "./protection-presets";

const parse = (text: string) => parseKitConfig(text, { fileName: "kit.yml" });
const exampleText = readFileSync(new URL("../../mlops-kit.config.yml", import.meta.url), "utf8");

const minimal = (protection = "") => `org: acme
kit: { repository: acme/mlops-kit }
naming:
  parts:
    - { name: brand, allowed: [acme] }
teams: { allowed: [forecasting], platform: platform }
platform: { type: local }
${protection}`;

const scoreOfConfig = (text: string) => scoreOf(factsFromPolicy(parse(text).branchProtection));

describe("branch-protection presets", () => {
  it("each preset reaches its Scorecard target, classic or ruleset", () => {
    for (const [name, values] of Object.entries(PROTECTION_PRESETS)) {
      const target = PRESET_TARGET_SCORE[name as keyof typeof PRESET_TARGET_SCORE];
      expect(scoreOf(factsFromPolicy({ ...values, mechanism: "classic" }))).toBe(target);
      expect(scoreOf(factsFromPolicy({ ...values, mechanism: "ruleset" }))).toBe(target);
    }
  });

  it("the shipped config and a config without branchProtection both score 8 (the default preset)", () => {
    expect(scoreOfConfig(exampleText)).toBe(8);
    const config = parse(minimal());
    expect(config.branchProtection.preset).toBe("default");
    expect(config.branchProtection.requireLastPushApproval).toBe(true);
    expect(protectionSettingsOf(config.branchProtection)).toEqual(PROTECTION_PRESETS.default);
    expect(scoreOfConfig(minimal())).toBe(8);
  });

  it("`preset: strict` scores 10 and explicit keys override it", () => {
    const strict = parse(minimal("branchProtection: { preset: strict }\n")).branchProtection;
    expect(strict.requiredApprovingReviewCount).toBe(2);
    expect(protectionSettingsOf(strict)).toEqual(PROTECTION_PRESETS.strict);
    expect(scoreOfConfig(minimal("branchProtection: { preset: strict }\n"))).toBe(10);
    const overridden = minimal(
      "branchProtection: { preset: strict, mechanism: ruleset, enforceAdmins: false, requiredStatusChecks: [build] }\n",
    );
    const policy = parse(overridden).branchProtection;
    expect(policy).toMatchObject({
      mechanism: "ruleset",
      preset: "strict",
      requiredApprovingReviewCount: 2,
      enforceAdmins: false,
      requiredStatusChecks: ["build"],
    });
    expect(scoreOfConfig(overridden)).toBe(9);
  });

  it("switching the shipped config to `preset: strict` is one word and scores 10", () => {
    const strictText = exampleText.replace(/^ {2}preset: default$/m, "  preset: strict");
    expect(strictText).not.toBe(exampleText);
    expect(scoreOfConfig(strictText)).toBe(10);
  });

  it("rejects an unknown preset with the allowed names", () => {
    try {
      parse(minimal("branchProtection: { preset: paranoid }\n"));
      throw new Error("expected a rejection");
    } catch (error) {
      expect(error).toBeInstanceOf(KitError);
      expect((error as KitError).details.join("\n")).toMatch(
        /branchProtection\.preset: must be one of: default, strict/,
      );
    }
  });

  it("does not share the preset's arrays with the parsed config", () => {
    const config = parse(minimal("branchProtection: { preset: strict }\n"));
    config.branchProtection.requiredStatusChecks.push("extra");
    expect(PROTECTION_PRESETS.strict.requiredStatusChecks).toEqual(["ci / build-test"]);
  });
});
