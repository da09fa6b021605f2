import { describe, expect, it } from "vitest";
import {
  globMatches,
  type RulesetTargetRepo,
  rulesetEnforcedOn,
  rulesetTargetsBranch,
  rulesetTargetsRepo,
} from "./ruleset-conditions";

const repo = (properties: Record<string, string> = {}, name = "acme-nlp"): RulesetTargetRepo => ({
  owner: "acme",
  name,
  id: 42,
  defaultBranch: "main",
  property: (p) => properties[p],
});
const org = (conditions: Record<string, unknown>, enforcement = "active") => ({
  source_type: "Organization",
  source: "acme",
  enforcement,
  conditions,
});
const ALL_REPOS = { repository_name: { include: ["~ALL"], exclude: [] } };

describe("globMatches (fnmatch as rulesets use it)", () => {
  it.each([
    ["refs/heads/release/*", "refs/heads/release/1.0", true],
    ["refs/heads/release/*", "refs/heads/release/1.0/hotfix", false],
    ["refs/heads/**", "refs/heads/release/1.0/hotfix", true],
    ["refs/heads/**/hotfix", "refs/heads/hotfix", true],
    ["refs/heads/ma?n", "refs/heads/main", true],
    ["refs/heads/[mn]ain", "refs/heads/main", true],
    ["refs/heads/[!m]ain", "refs/heads/main", false],
    ["refs/heads/main.x", "refs/heads/mainxx", false],
    ["refs/heads/{main,master}", "refs/heads/master", true],
    ["refs/heads/{main,master}", "refs/heads/mai", false],
  ])("%s vs %s → %s", (pattern, value, matches) => {
    expect(globMatches(pattern, value)).toBe(matches);
  });
});

describe("ruleset conditions", () => {
  it("~DEFAULT_BRANCH, ~ALL, and an exclude that names the default branch by pattern", () => {
    const ref = (include: string[], exclude: string[] = []) =>
      org({ ...ALL_REPOS, ref_name: { include, exclude } });
    expect(rulesetTargetsBranch(ref(["~DEFAULT_BRANCH"]), repo(), "main")).toBe(true);
    expect(rulesetTargetsBranch(ref(["~DEFAULT_BRANCH"]), repo(), "dev")).toBe(false);
    expect(rulesetTargetsBranch(ref(["~ALL"], ["refs/heads/ma*"]), repo(), "main")).toBe(false);
    expect(rulesetTargetsBranch(ref(["~ALL"], ["refs/heads/release/*"]), repo(), "main")).toBe(true);
    expect(rulesetTargetsBranch(ref(["refs/heads/**"], ["~DEFAULT_BRANCH"]), repo(), "main")).toBe(false);
    expect(rulesetTargetsBranch(ref([]), repo(), "main")).toBe(false);
  });

  it("repository_property: every include must match, any exclude rules the repo out", () => {
    const byProperty = org({
      ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
      repository_property: {
        include: [{ name: "managed-by", property_values: ["mlops-kit"] }],
        exclude: [{ name: "tier", property_values: ["experimental"] }],
      },
    });
    expect(rulesetTargetsRepo(byProperty, repo({ "managed-by": "mlops-kit" }))).toBe(true);
    expect(rulesetTargetsRepo(byProperty, repo({ "managed-by": "mlops-kit", tier: "experimental" }))).toBe(
      false,
    );
    expect(rulesetTargetsRepo(byProperty, repo({ tier: "gold" }))).toBe(false);
  });

  it("repository_name include and exclude, repository_id", () => {
    const byName = org({ repository_name: { include: ["acme-*"], exclude: ["acme-sandbox-*"] } });
    expect(rulesetTargetsRepo(byName, repo({}, "acme-nlp"))).toBe(true);
    expect(rulesetTargetsRepo(byName, repo({}, "acme-sandbox-1"))).toBe(false);
    expect(rulesetTargetsRepo(byName, repo({}, "website"))).toBe(false);
    expect(rulesetTargetsRepo(org({ repository_id: { repository_ids: [42] } }), repo())).toBe(true);
    expect(rulesetTargetsRepo(org({ repository_id: { repository_ids: [7] } }), repo())).toBe(false);
    // An org ruleset that selects no repositories selects none.
    expect(rulesetTargetsRepo(org({}), repo())).toBe(false);
  });

  it("a repo ruleset targets its own repo only; only active rulesets are enforced", () => {
    const own = {
      source_type: "Repository",
      source: "acme/acme-nlp",
      conditions: { ref_name: { include: ["~ALL"] } },
    };
    expect(rulesetTargetsRepo(own, repo())).toBe(true);
    expect(rulesetTargetsRepo(own, repo({}, "other"))).toBe(false);
    for (const enforcement of ["evaluate", "disabled"])
      expect(rulesetEnforcedOn({ ...own, enforcement }, repo(), "main")).toBe(false);
    expect(rulesetEnforcedOn({ ...own, enforcement: "active" }, repo(), "main")).toBe(true);
  });
});
