import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import { protectionSettingsOf, type RulesetResponse, rulesetBody } from "./protection-requests";
import { repairedRulesetBody } from "./ruleset-repair";

const policy = protectionSettingsOf(exampleConfig().branchProtection);
const none = { fields: [], fixConditions: false, fixBypass: false };

describe("repairedRulesetBody", () => {
  const kit = rulesetBody(policy);
  const current: RulesetResponse = {
    id: 3,
    ...kit,
    enforcement: "evaluate",
    bypass_actors: [
      { actor_type: "Team", actor_id: 42, bypass_mode: "always" },
      { actor_type: "RepositoryRole", actor_id: 5, bypass_mode: "always" },
    ],
    conditions: { ref_name: { include: ["~DEFAULT_BRANCH", "refs/heads/release/*"], exclude: [] } },
    rules: [
      { type: "creation" },
      { type: "required_signatures" },
      {
        type: "pull_request",
        parameters: {
          ...(kit.rules.find((r) => r.type === "pull_request") as { parameters: Record<string, unknown> })
            .parameters,
          required_approving_review_count: 0,
          allowed_merge_methods: ["squash"],
        },
      },
      {
        type: "required_status_checks",
        parameters: {
          strict_required_status_checks_policy: true,
          required_status_checks: [{ context: "lint", integration_id: 15368 }],
        },
      },
    ],
  };

  it("activates the ruleset and tightens only the drifted rule, keeping every other rule and parameter", () => {
    const body = repairedRulesetBody(current, policy, { ...none, fields: ["requiredApprovingReviewCount"] });
    expect(body.enforcement).toBe("active");
    expect(body.conditions).toEqual(current.conditions);
    expect(body.bypass_actors).toEqual(current.bypass_actors);
    expect(body.rules.map((r) => r.type)).toEqual([
      "creation",
      "required_signatures",
      "pull_request",
      "required_status_checks",
    ]);
    expect(body.rules[2]!.parameters).toMatchObject({
      required_approving_review_count: 1,
      allowed_merge_methods: ["squash"],
    });
    expect(body.rules[3]).toEqual(current.rules![3]);
  });

  it("adds missing checks next to the app-bound ones, adds missing rules, fixes bypass and conditions when they drifted", () => {
    const body = repairedRulesetBody(current, policy, {
      fields: ["requiredStatusChecks", "allowDeletions"],
      fixConditions: true,
      fixBypass: true,
    });
    expect(
      body.rules.find((r) => r.type === "required_status_checks")!.parameters!.required_status_checks,
    ).toEqual([{ context: "lint", integration_id: 15368 }, { context: "ci / build-test" }]);
    expect(body.rules.at(-1)).toEqual({ type: "deletion" });
    expect(body.bypass_actors).toEqual([]);
    expect(body.conditions).toEqual(kit.conditions);
  });

  it("creates the kit's ruleset when there is none", () => {
    expect(repairedRulesetBody(undefined, policy, none)).toEqual(kit);
  });
});
