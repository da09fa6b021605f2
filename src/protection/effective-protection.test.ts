import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import { diffEffective } from "../enforcement/protection-drift";
import { protectionSources } from "./effective-protection";
import {
  type ClassicProtectionResponse,
  protectionSettingsOf,
  type RulesetResponse,
  rulesetBody,
} from "./protection-requests";
import type { RulesetTargetRepo } from "./ruleset-conditions";

const policy = protectionSettingsOf(exampleConfig().branchProtection);
const repo: RulesetTargetRepo = {
  owner: "acme",
  name: "acme-nlp",
  defaultBranch: "main",
  property: (p) => ({ "managed-by": "mlops-kit" })[p],
};
const repoRuleset = (change: Partial<RulesetResponse> = {}): RulesetResponse => ({
  id: 1,
  source_type: "Repository",
  source: "acme/acme-nlp",
  ...rulesetBody(policy),
  ...change,
});
const evaluate = (rulesets: RulesetResponse[], classic?: ClassicProtectionResponse) =>
  diffEffective(
    policy,
    protectionSources({ repo, branch: "main", rulesets, ...(classic ? { classic } : {}) }),
  );
const fields = (rulesets: RulesetResponse[], classic?: ClassicProtectionResponse) =>
  evaluate(rulesets, classic).drift.map((d) => d.field);

describe("effective protection", () => {
  it("a ruleset with the policy's rules on the default branch is compliant and says what supplies each rule", () => {
    const result = evaluate([repoRuleset()]);
    expect(result.drift).toEqual([]);
    expect(result.suppliedBy.requiredApprovingReviewCount).toEqual([
      'repo ruleset "mlops-kit: protect the default branch" (#1)',
    ]);
  });

  it("a ruleset whose ref_name excludes the default branch by pattern protects nothing", () => {
    const excluding = repoRuleset({
      conditions: { ref_name: { include: ["~ALL"], exclude: ["refs/heads/m*"] } },
    });
    const result = evaluate([excluding]);
    expect(result.drift.every((d) => d.actual === null)).toBe(true);
    expect(result.drift.length).toBeGreaterThan(5);
    const sources = protectionSources({ repo, branch: "main", rulesets: [excluding] });
    expect(sources[0]).toMatchObject({ inForce: false, notInForce: expect.stringMatching(/ref_name.*main/) });
  });

  it.each(["evaluate", "disabled"])("a ruleset in %s mode enforces nothing", (enforcement) => {
    expect(fields([repoRuleset({ enforcement })])).toContain("requiredApprovingReviewCount");
  });

  it("an org ruleset whose property exclude exempts the repo does not count", () => {
    const org = {
      ...repoRuleset({ id: 9, source_type: "Organization", source: "acme" }),
      ...rulesetBody(policy, { name: "managed-by", value: "mlops-kit" }),
    };
    expect(fields([org])).toEqual([]);
    const exempting = {
      ...org,
      conditions: {
        ...org.conditions,
        repository_property: {
          include: [{ name: "managed-by", property_values: ["mlops-kit"] }],
          exclude: [{ name: "managed-by", property_values: ["mlops-kit"] }],
        },
      },
    };
    expect(fields([exempting])).toContain("requiredApprovingReviewCount");
  });

  it("an extra bypass actor is drift, with the rules it can skip", () => {
    const result = evaluate([
      repoRuleset({ bypass_actors: [{ actor_type: "Team", actor_id: 42, bypass_mode: "always" }] }),
    ]);
    expect(result.drift).toEqual([{ field: "bypassActors", expected: "nobody", actual: ["team #42"] }]);
    expect(result.bypassedFields).toContain("requiredApprovingReviewCount");
    expect(result.lacking.bypassActors).toEqual([
      { source: expect.stringMatching(/repo ruleset/), value: ["team #42"] },
    ]);
  });

  it("admins bypassing every source that supplies a rule is enforceAdmins drift; a binding source elsewhere is not", () => {
    const adminBypass = repoRuleset({
      bypass_actors: [{ actor_type: "RepositoryRole", actor_id: 5, bypass_mode: "always" }],
    });
    expect(fields([adminBypass])).toEqual(["enforceAdmins"]);
    const binding = repoRuleset({ id: 2, name: "team rules" });
    expect(fields([adminBypass, binding])).toEqual([]);
  });

  it("required checks add up across sources", () => {
    const checks = ["ci / build-test", "lint"];
    const twoChecks = { ...policy, requiredStatusChecks: checks };
    const classic: ClassicProtectionResponse = {
      required_status_checks: { strict: true, contexts: ["lint"] },
      enforce_admins: { enabled: true },
    };
    const sources = protectionSources({ repo, branch: "main", rulesets: [repoRuleset()], classic });
    expect(diffEffective(twoChecks, sources).drift).toEqual([]);
    expect(diffEffective(twoChecks, sources.slice(0, 1)).drift.map((d) => d.field)).toContain(
      "requiredStatusChecks",
    );
  });
});

describe("bypass across sources", () => {
  it("org owners pass classic protection without enforce_admins and an org ruleset they may bypass", () => {
    const classic: ClassicProtectionResponse = {
      required_status_checks: { strict: true, contexts: ["ci / build-test"] },
      enforce_admins: { enabled: false },
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        require_code_owner_reviews: true,
        dismiss_stale_reviews: true,
      },
      required_conversation_resolution: { enabled: true },
    };
    const orgRuleset: RulesetResponse = {
      id: 9,
      source_type: "Organization",
      source: "acme",
      ...rulesetBody(policy, { name: "managed-by", value: "mlops-kit" }),
      bypass_actors: [{ actor_type: "OrganizationAdmin", actor_id: 1, bypass_mode: "always" }],
    };
    const drift = diffEffective(
      policy,
      protectionSources({ repo, branch: "main", classic, rulesets: [orgRuleset] }),
    ).drift;
    expect(drift.map((d) => d.field)).toEqual(["enforceAdmins"]);
  });
});
