import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import type { KitConfig } from "../config/kit-config";
import { resolveProjectSpec } from "../project/project-spec";
import type { TemplateManifest } from "../templates/template-manifest";
import type { RenderedTree } from "../templates/template-renderer";
import { type PlanInputs, planCreateProject, referencedTeams } from "./create-planner";
import { renderPlanText } from "./create-report";

const manifest: TemplateManifest = {
  name: "batch-job",
  description: "x",
  kind: "batch",
  variables: [],
  executable: [],
};
const tree: RenderedTree = new Map([["README.md", { path: "README.md", content: "# x", mode: 0o644 }]]);

function inputs(config: KitConfig = exampleConfig(), overrides: Partial<PlanInputs> = {}): PlanInputs {
  const spec = resolveProjectSpec(
    config,
    { name: "acme-forecast-demand", team: "forecasting", costCenter: "CC-1234" },
    manifest,
  );
  return {
    config,
    spec,
    tree,
    serverUrl: "https://github.example",
    observation: {
      orgCustomProperties: ["managed-by", "cost-center", "team", "template"],
      teamIds: { forecasting: 11, platform: 22 },
      repo: { state: "absent" },
    },
    secrets: {
      repository: config.secrets.repository,
      environments: config.secrets.environments,
    },
    ...overrides,
  };
}

describe("planCreateProject", () => {
  it("plans every step of a new project, in dependency order", () => {
    const plan = planCreateProject(inputs());
    expect(plan.mode).toBe("create");
    expect(plan.url).toBe("https://github.example/acme/acme-forecast-demand");
    expect(plan.steps.map((s) => [s.id, s.dependsOn])).toEqual([
      ["repository", []],
      ["content", ["repository"]],
      ["topics", ["repository"]],
      ["access:forecasting", ["repository"]],
      ["access:platform", ["repository"]],
      ["environment:dev", ["repository"]],
      ["environment:prod", ["repository", "access:forecasting"]],
      ["secret:MODEL_REGISTRY_TOKEN", ["repository"]],
      ["secret:dev:DATABRICKS_CLIENT_ID", ["repository", "environment:dev"]],
      ["secret:dev:DATABRICKS_CLIENT_SECRET", ["repository", "environment:dev"]],
      ["secret:prod:DATABRICKS_CLIENT_ID", ["repository", "environment:prod"]],
      ["secret:prod:DATABRICKS_CLIENT_SECRET", ["repository", "environment:prod"]],
      ["protection", ["repository", "content"]],
    ]);
  });

  it("creates the repo with its settings and the ownership marker and cost tags as custom properties, in one request", () => {
    const create = planCreateProject(inputs()).steps[0]!;
    expect(create).toMatchObject({
      kind: "create-repository",
      params: {
        org: "acme",
        name: "acme-forecast-demand",
        visibility: "private",
        auto_init: false,
        delete_branch_on_merge: true,
        allow_merge_commit: false,
        custom_properties: {
          "managed-by": "mlops-kit",
          "cost-center": "CC-1234",
          team: "forecasting",
          template: "batch-job",
        },
      },
    });
  });

  it("leaves out custom properties the org does not define, and says so", () => {
    const plan = planCreateProject(
      inputs(undefined, {
        observation: {
          orgCustomProperties: ["managed-by"],
          teamIds: { forecasting: 11, platform: 22 },
          repo: { state: "absent" },
        },
      }),
    );
    expect(plan.steps[0]).toMatchObject({ params: { custom_properties: { "managed-by": "mlops-kit" } } });
    expect(plan.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('no custom property "cost-center"')]),
    );
  });

  it("maps reviewers to team ids and environment policies", () => {
    const prod = planCreateProject(inputs()).steps.find((s) => s.id === "environment:prod")!;
    expect(prod).toMatchObject({
      route: "PUT /repos/{owner}/{repo}/environments/{environment_name}",
      params: {
        environment_name: "prod",
        reviewers: [{ type: "Team", id: 11 }],
        prevent_self_review: true,
        deployment_branch_policy: null,
      },
    });
    const dev = planCreateProject(inputs()).steps.find((s) => s.id === "environment:dev")!;
    expect(dev).toMatchObject({
      params: {
        reviewers: [],
        deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
      },
    });
    expect((dev as { params: object }).params).not.toHaveProperty("prevent_self_review");
  });

  it("applies the config's protection policy to the default branch", () => {
    const protection = planCreateProject(inputs()).steps.at(-1)!;
    expect(protection).toMatchObject({
      kind: "request",
      route: "PUT /repos/{owner}/{repo}/branches/{branch}/protection",
      params: {
        branch: "main",
        required_status_checks: { strict: true, contexts: ["ci / build-test"] },
        enforce_admins: true,
        required_pull_request_reviews: {
          required_approving_review_count: 1,
          require_code_owner_reviews: true,
          dismiss_stale_reviews: true,
        },
        allow_force_pushes: false,
        allow_deletions: false,
      },
    });
  });

  it("uses a ruleset when the policy says so, updating the kit's existing one on resume", () => {
    const config = exampleConfig();
    config.branchProtection.mechanism = "ruleset";
    const fresh = planCreateProject(inputs(config)).steps.at(-1)!;
    expect(fresh).toMatchObject({
      kind: "upsert-ruleset",
      body: { name: "mlops-kit: protect the default branch", enforcement: "active" },
    });
    const resumed = planCreateProject(
      inputs(config, {
        observation: {
          orgCustomProperties: [],
          teamIds: { forecasting: 11, platform: 22 },
          repo: {
            state: "owned",
            defaultBranchExists: true,
            topics: ["mlops-kit"],
            customProperties: {},
            owner: { answers: "forecasting" },
            grants: { collaborators: [], teams: [], invitations: [], deployKeys: [] },
            kitRulesetId: 7,
          },
        },
      }),
    ).steps.at(-1)!;
    expect(resumed).toMatchObject({ kind: "upsert-ruleset", existingRulesetId: 7, dependsOn: [] });
  });

  it("resumes an unfinished repo: no create, no second push, properties only where they differ, topics kept", () => {
    const plan = planCreateProject(
      inputs(undefined, {
        observation: {
          orgCustomProperties: ["managed-by", "cost-center", "team", "template"],
          teamIds: { forecasting: 11, platform: 22 },
          repo: {
            state: "owned",
            defaultBranchExists: true,
            topics: ["mlops-kit", "added-by-hand"],
            customProperties: {
              "managed-by": "mlops-kit",
              "cost-center": "CC-1234",
              team: "forecasting",
              template: null,
            },
            owner: { property: "forecasting", answers: "forecasting" },
            grants: {
              collaborators: [{ login: "mlops-bot", permission: "admin" }],
              teams: [{ slug: "forecasting", permission: "maintain" }],
              invitations: [],
              deployKeys: [],
            },
            kitLogin: "mlops-bot",
          },
        },
      }),
    );
    expect(plan.mode).toBe("resume");
    const ids = plan.steps.map((s) => s.id);
    expect(ids).not.toContain("repository");
    expect(ids).not.toContain("content");
    expect(plan.steps[0]).toMatchObject({
      id: "properties",
      params: { properties: [{ property_name: "template", value: "batch-job" }] },
    });
    expect(plan.steps.find((s) => s.id === "topics")).toMatchObject({
      params: { names: expect.arrayContaining(["added-by-hand", "team-forecasting"]) },
    });
    expect(plan.steps.every((s) => !s.dependsOn.includes("repository"))).toBe(true);
  });

  it("grants one access step when the project team is the platform team", () => {
    const config = exampleConfig();
    config.teams.allowed.push("platform");
    const spec = resolveProjectSpec(config, { name: "acme-ops-monitor", team: "platform" }, manifest);
    const plan = planCreateProject({ ...inputs(config), spec });
    expect(plan.steps.filter((s) => s.area === "access").map((s) => s.id)).toEqual(["access:platform"]);
  });

  it("lists the teams whose ids it needs", () => {
    const config = exampleConfig();
    config.environments[1]!.reviewers = ["team", "platform", "security"];
    expect(referencedTeams(config, "forecasting")).toEqual(["forecasting", "platform", "security"]);
  });

  it("prints a readable plan with no secret value in it", () => {
    const text = renderPlanText(planCreateProject(inputs()));
    expect(text).toContain(
      "PUT /repos/acme/acme-forecast-demand/environments/prod/secrets/DATABRICKS_CLIENT_SECRET (value from $MLOPS_PROD_DATABRICKS_CLIENT_SECRET, sealed)",
    );
    expect(text).toContain(
      "git push https://github.example/acme/acme-forecast-demand.git HEAD:refs/heads/main (1 files)",
    );
  });
});
