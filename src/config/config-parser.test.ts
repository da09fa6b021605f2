import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KitError } from "../errors";
import { KIT_VERSION } from "../kit-version";
import { parseKitConfig } from "./config-parser";

const exampleText = readFileSync(new URL("../../mlops-kit.config.yml", import.meta.url), "utf8");
const parse = (text: string) =>
  parseKitConfig(text, { fileName: "kit.yml", availableTemplates: ["batch-job", "online-service"] });

function problemsOf(text: string): string[] {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(KitError);
    return [...(error as KitError).details];
  }
  throw new Error("expected the config to be rejected");
}

const minimal = `org: acme
kit: { repository: acme/mlops-kit }
naming:
  parts:
    - { name: brand, allowed: [acme] }
    - { name: useCase, pattern: "[a-z]+" }
teams: { allowed: [forecasting], platform: platform }
platform: { type: local }
`;

describe("parseKitConfig", () => {
  it("loads the example config shipped with the kit", () => {
    const config = parse(exampleText);
    expect(config.org).toBe("acme");
    expect(config.naming.parts.map((p) => p.name)).toEqual(["brand", "domain", "useCase"]);
    expect(config.kit.ref).toBe(`v${KIT_VERSION}`);
    expect(config.environments.map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  it("fills every default of a minimal config", () => {
    const config = parse(minimal);
    expect(config.naming.separator).toBe("-");
    expect(config.templates).toEqual({ default: "batch-job", offered: ["batch-job"] });
    expect(config.repository.ownership).toEqual({
      customProperty: "managed-by",
      value: "mlops-kit",
      topic: "mlops-kit",
    });
    expect(config.environments).toEqual([
      {
        name: "dev",
        reviewers: [],
        waitTimerMinutes: 0,
        preventSelfReview: true,
        deploymentBranches: "protected",
      },
      {
        name: "prod",
        reviewers: ["team"],
        waitTimerMinutes: 0,
        preventSelfReview: true,
        deploymentBranches: "protected",
      },
    ]);
    expect(config.branchProtection.requiredStatusChecks).toEqual(["ci / build-test"]);
    expect(config.enforcement.concurrency).toBe(8);
  });

  it("points at the line and key of each schema problem, with a hint for typos", () => {
    const text = minimal
      .replace("{ name: brand, allowed: [acme] }", "{ name: brand, alowed: [acme] }")
      .replace(
        "platform: { type: local }",
        "platfrom: { type: local }\nrepository: { defaultVisibility: secret }",
      );
    expect(problemsOf(text)).toEqual([
      'kit.yml:5:22 naming.parts[0].alowed: unknown key "alowed" (did you mean "allowed"?)',
      'kit.yml:8:1 platfrom: unknown key "platfrom" (did you mean "platform"?)',
      "kit.yml:9:34 repository.defaultVisibility: must be one of: private, internal, public",
    ]);
  });

  it("reports missing required keys at their parent", () => {
    expect(problemsOf("org: acme\n")).toEqual([
      'kit.yml:1:1 (top level): missing required key "kit"',
      'kit.yml:1:1 (top level): missing required key "naming"',
      'kit.yml:1:1 (top level): missing required key "teams"',
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const [problem] = problemsOf("org: acme\nkit: [unclosed\n");
    expect(problem).toMatch(/^kit\.yml:\d+:\d+ /);
  });

  it("refuses secret values in the file: secrets name an environment variable", () => {
    const text = `${minimal}secrets:\n  repository:\n    - { name: TOKEN, value: hunter2 }\n`;
    const problems = problemsOf(text);
    expect(problems.some((p) => p.includes('unknown key "value"'))).toBe(true);
    expect(problems.some((p) => p.includes('missing required key "fromEnv"'))).toBe(true);
  });

  it("refuses secret names GitHub reserves", () => {
    const text = `${minimal}secrets:\n  repository:\n    - { name: GITHUB_TOKEN, fromEnv: X }\n`;
    expect(problemsOf(text)).toEqual([
      expect.stringContaining("secrets.repository[0].name: is not allowed here"),
    ]);
  });

  it("checks references between sections", () => {
    const text = `${minimal}templates: { default: online, offered: [batch-job, ghost] }
secrets:
  environments:
    staging: [{ name: TOKEN, fromEnv: TOKEN }]
costTags:
  - { key: bu, from: "naming:businessUnit" }
  - { key: cc, from: fixed }
  - { key: cc2, from: cost-center, pattern: "CC-[0-9]+", value: "nope" }
environments:
  - { name: dev, reviewers: ["Bad Team"] }
`;
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/templates\.default: "online" is not in templates\.offered/),
      expect.stringMatching(/templates\.offered\[1\]: no template "ghost"/),
      expect.stringMatching(/secrets\.environments\.staging: environment "staging" is not declared/),
      expect.stringMatching(/costTags\[0\]\.from: naming has no part "businessUnit"/),
      expect.stringMatching(/costTags\[1\]: from: fixed needs a value/),
      expect.stringMatching(/costTags\[2\]\.value: "nope" does not match/),
      expect.stringMatching(/environments\[0\]\.reviewers\[0\]: "Bad Team" is not/),
    ]);
  });

  it("refuses regular expressions that do not compile", () => {
    const text = minimal.replace('pattern: "[a-z]+"', 'pattern: "[a-z"');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/naming\.parts\[1\]\.pattern: is not a valid regular expression/),
    ]);
  });

  it("checks the convention's example against the convention", () => {
    const text = minimal.replace("naming:\n", "naming:\n  example: globex-x\n");
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/naming\.example: does not follow the convention/),
    ]);
  });

  it("requires a Databricks workspace for every environment when the platform is databricks", () => {
    const text = minimal.replace(
      "platform: { type: local }",
      "platform: { type: databricks, databricks: { hosts: { dev: https://x.cloud.databricks.com } } }",
    );
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/platform\.databricks\.hosts: no workspace URL for environment "prod"/),
    ]);
  });
});

describe("teams.alerts", () => {
  it("reads each team's destinations, filling empty lists", () => {
    const config = parse(exampleText);
    expect(config.teams.alerts.forecasting).toEqual({
      emails: ["forecasting-oncall@acme.example"],
      webhookDestinations: [],
    });
    expect(config.teams.alerts["data-science"]?.webhookDestinations).toHaveLength(1);
    expect(parse(minimal).teams.alerts).toEqual({});
  });

  it("refuses unknown teams, malformed addresses and destination ids, and too many destinations", () => {
    const withAlerts = (alerts: string) =>
      minimal.replace(
        "teams: { allowed: [forecasting], platform: platform }",
        `teams: { allowed: [forecasting], platform: platform, alerts: ${alerts} }`,
      );
    expect(parse(withAlerts("{ platform: { emails: [ops@acme.example] } }")).teams.alerts.platform).toEqual({
      emails: ["ops@acme.example"],
      webhookDestinations: [],
    });
    expect(problemsOf(withAlerts("{ pricing: { emails: [a@acme.example] } }")).join("\n")).toContain(
      'teams.alerts.pricing: "pricing" is neither an allowed team nor the platform team',
    );
    expect(problemsOf(withAlerts('{ forecasting: { emails: ["x\\"@y.z"] } }')).join("\n")).toContain(
      "teams.alerts.forecasting.emails[0]: must match",
    );
    expect(
      problemsOf(withAlerts("{ forecasting: { webhookDestinations: [https://hooks.example] } }")),
    ).toHaveLength(1);
    const four = Array.from({ length: 4 }, (_, i) => `"6f0c2a9e-3b1d-4c57-9a8e-2d4b7e1f0a3${i}"`).join(", ");
    expect(
      problemsOf(withAlerts(`{ forecasting: { webhookDestinations: [${four}] } }`)).join("\n"),
    ).toContain("teams.alerts.forecasting.webhookDestinations");
    expect(problemsOf(withAlerts("{ forecasting: { slack: [x] } }")).join("\n")).toContain(
      'unknown key "slack"',
    );
  });
});
