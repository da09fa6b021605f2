import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import { resolveProjectSpec } from "../project/project-spec";
import type { RenderedTree } from "../templates/template-renderer";
import { type PlanInputs, planCreateProject, type RepoObservation } from "./create-planner";
import {
  checkMarkerDefinitions,
  decideOwnerTeam,
  ownerTeamProperty,
  plannedTeamGrants,
  unexpectedGrants,
} from "./repo-authority";

const config = exampleConfig();
const tree: RenderedTree = new Map([["README.md", { path: "README.md", content: "# x", mode: 0o644 }]]);
const manifest = {
  name: "batch-job",
  description: "x",
  kind: "batch" as const,
  variables: [],
  executable: [],
};

function owned(overrides: Partial<Extract<RepoObservation, { state: "owned" }>> = {}): RepoObservation {
  return {
    state: "owned",
    defaultBranchExists: true,
    topics: ["mlops-kit"],
    customProperties: { "managed-by": "mlops-kit", team: "forecasting" },
    owner: { property: "forecasting", answers: "forecasting" },
    grants: {
      collaborators: [{ login: "mlops-bot", permission: "admin" }],
      teams: [
        { slug: "forecasting", permission: "maintain" },
        { slug: "platform", permission: "admin" },
      ],
      invitations: [],
      deployKeys: [],
    },
    kitLogin: "mlops-bot",
    ...overrides,
  };
}

function plan(team: string, repo: RepoObservation) {
  const spec = resolveProjectSpec(
    config,
    { name: "acme-forecast-demand", team, costCenter: "CC-1234" },
    manifest,
  );
  const inputs: PlanInputs = {
    config,
    spec,
    tree,
    serverUrl: "https://github.example",
    observation: {
      orgCustomProperties: ["managed-by", "cost-center", "team", "template"],
      teamIds: { forecasting: 11, pricing: 12, platform: 22 },
      repo,
    },
    secrets: { repository: config.secrets.repository, environments: config.secrets.environments },
  };
  return () => planCreateProject(inputs);
}

describe("the ownership marker", () => {
  it("is refused when repository actors may set it, naming the property and the fix", () => {
    expect(() =>
      checkMarkerDefinitions(config, [
        { name: "managed-by", valuesEditableBy: "org_and_repo_actors" },
        { name: "team", valuesEditableBy: "org_actors" },
      ]),
    ).toThrow(/"managed-by".*org_and_repo_actors.*values_editable_by: org_actors/s);
  });

  it("covers the owner-team property too, and accepts org-only properties", () => {
    expect(ownerTeamProperty(config)).toBe("team");
    expect(() =>
      checkMarkerDefinitions(config, [{ name: "team", valuesEditableBy: "org_and_repo_actors" }]),
    ).toThrow(/"team"/);
    expect(() =>
      checkMarkerDefinitions(config, [
        { name: "managed-by", valuesEditableBy: "org_actors" },
        { name: "team", valuesEditableBy: "org_actors" },
        // A property the kit does not trust for ownership may be whatever the org likes.
        { name: "cost-center", valuesEditableBy: "org_and_repo_actors" },
      ]),
    ).not.toThrow();
  });
});

describe("the owner team of an existing repo", () => {
  it("is the property, cross-checked with the answers file", () => {
    expect(decideOwnerTeam("acme/x", { property: "pricing", answers: "pricing" }, "platform")).toBe(
      "pricing",
    );
    expect(decideOwnerTeam("acme/x", { property: "pricing" }, "platform")).toBe("pricing");
    expect(decideOwnerTeam("acme/x", { answers: "pricing" }, "platform")).toBe("pricing");
  });

  it.each([
    ["records that disagree", { property: "pricing", answers: "forecasting" }, /two different owner teams/],
    ["an unreadable answers file", { property: "pricing", answers: "unreadable" as const }, /cannot be read/],
    ["no record at all", {}, /records no owner team/],
  ])("is unclear with %s, and the request is refused", (_what, records, message) => {
    expect(() => decideOwnerTeam("acme/x", records, "platform")).toThrow(message);
  });
});

describe("resuming an existing kit repo", () => {
  it("is allowed for its owner team with only the kit's grants", () => {
    expect(plan("forecasting", owned())().mode).toBe("resume");
  });

  it("is refused for another team, naming the owner and what to do, before any step exists", () => {
    const run = plan("pricing", owned());
    expect(run).toThrow(/belongs to team "forecasting".*"pricing".*ask a member of "forecasting".*platform/s);
  });

  it("is refused when the property and the answers file name different teams", () => {
    expect(plan("pricing", owned({ owner: { property: "forecasting", answers: "pricing" } }))).toThrow(
      /two different owner teams/,
    );
  });

  it("is refused when someone else holds a direct grant or a team was added, listing each grant", () => {
    const run = plan(
      "forecasting",
      owned({
        grants: {
          collaborators: [
            { login: "mlops-bot", permission: "admin" },
            { login: "eve", permission: "admin" },
          ],
          teams: [
            { slug: "forecasting", permission: "maintain" },
            { slug: "pricing", permission: "push" },
          ],
          invitations: [{ login: "mallory", permission: "admin" }],
          deployKeys: [{ title: "ci", readOnly: false }],
        },
      }),
    );
    expect(run).toThrow(
      /collaborator eve \(admin\)[\s\S]*team pricing \(push\)[\s\S]*invitation of mallory \(admin\), pending[\s\S]*deploy key "ci" \(read and write\)/,
    );
  });

  it("treats every direct collaborator as unexpected when the kit is a GitHub App (no login)", () => {
    const grants = {
      collaborators: [{ login: "mlops-bot", permission: "admin" }],
      teams: [],
      invitations: [],
      deployKeys: [],
    };
    expect(unexpectedGrants(grants, plannedTeamGrants(config, "forecasting"), undefined)).toEqual([
      "collaborator mlops-bot (admin)",
    ]);
    expect(unexpectedGrants(grants, plannedTeamGrants(config, "forecasting"), "MLOPS-BOT")).toEqual([]);
  });
});
