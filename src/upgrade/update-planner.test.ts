import { describe, expect, it } from "vitest";
import { parseSavedAnswers } from "./saved-answers";
import { checkUpdateDirection, targetRef } from "./update-planner";

const plain = `# Written by mlops-kit
template: batch-job
kitVersion: 0.1.0
kitRepository: acme/mlops-kit
kitRef: v0.1.0
project:
  name: acme-forecast-demand
  description: Daily demand
  team: forecasting
  visibility: private
  requester: bob
costTags:
  cost-center: CC-1234
variables:
  horizon: 7
  schedulePaused: true
`;

describe("saved answers", () => {
  it("reads plain and quoted YAML scalars alike", () => {
    const quoted = plain
      .replace("kitVersion: 0.1.0", 'kitVersion: "0.1.0"')
      .replace("name: acme-forecast-demand", 'name: "acme-forecast-demand"')
      .replace("cost-center: CC-1234", "\"cost-center\": 'CC-1234'");
    expect(parseSavedAnswers(quoted, "answers.yml")).toEqual(parseSavedAnswers(plain, "answers.yml"));
    expect(parseSavedAnswers(plain, "answers.yml")).toMatchObject({
      kitVersion: "0.1.0",
      project: { name: "acme-forecast-demand", team: "forecasting" },
      costTags: { "cost-center": "CC-1234" },
      variables: { horizon: 7, schedulePaused: true },
    });
  });

  it("refuses a file mlops-kit did not write", () => {
    expect(() => parseSavedAnswers("hello: world\n", "answers.yml")).toThrow(
      /lacks template, kitVersion, project.name/,
    );
    expect(() => parseSavedAnswers("a: [", "answers.yml")).toThrow(/not valid YAML/);
  });
});

describe("update direction and ref", () => {
  it("refuses a downgrade and reports an update to the same version as nothing to do", () => {
    expect(checkUpdateDirection({ from: "0.1.0", to: "0.2.0" })).toBe(true);
    expect(checkUpdateDirection({ from: "0.2.0", to: "0.2.0" })).toBe(false);
    expect(() => checkUpdateDirection({ from: "0.10.0", to: "0.9.0" })).toThrow(/downgrade/);
  });

  it("keeps a SHA pin a SHA pin (the release's commit) and otherwise pins the release tag", () => {
    const sha = "a".repeat(40);
    const commitOf = (v: string) => (v === "0.2.0" ? "b".repeat(40) : undefined);
    expect(targetRef("v0.1.0", "0.2.0", commitOf)).toBe("v0.2.0");
    expect(targetRef(sha, "0.2.0", commitOf)).toBe("b".repeat(40));
    expect(() => targetRef(sha, "0.3.0", commitOf)).toThrow(/no commit known/);
  });
});
