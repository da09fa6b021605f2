import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import type { KitError } from "../errors";
import type { TemplateManifest } from "../templates/template-manifest";
import { resolveProjectSpec } from "./project-spec";

const manifest: TemplateManifest = {
  name: "batch-job",
  description: "x",
  kind: "batch",
  executable: [],
  variables: [{ name: "horizon", description: "days", type: "integer", default: 7, minimum: 1 }],
};

function problems(request: Parameters<typeof resolveProjectSpec>[1]): string[] {
  try {
    resolveProjectSpec(exampleConfig(), request, manifest);
  } catch (error) {
    return [...(error as KitError).details];
  }
  throw new Error("expected the request to be rejected");
}

describe("resolveProjectSpec", () => {
  it("resolves names, cost tags, topics and answers", () => {
    const spec = resolveProjectSpec(
      exampleConfig(),
      {
        name: "acme-forecast-demand",
        team: "forecasting",
        costCenter: "CC-1234",
        requester: "alice",
        variables: { horizon: "14" },
      },
      manifest,
    );
    expect(spec).toEqual({
      name: "acme-forecast-demand",
      packageName: "acme_forecast_demand",
      description: "",
      team: "forecasting",
      template: "batch-job",
      visibility: "private",
      requester: "alice",
      nameParts: { brand: "acme", domain: "forecast", useCase: "demand" },
      costTags: [
        { key: "cost-center", value: "CC-1234", customProperty: "cost-center", topic: false },
        { key: "team", value: "forecasting", customProperty: "team", topic: true },
        { key: "project", value: "acme-forecast-demand", topic: false },
        { key: "brand", value: "acme", topic: true },
        { key: "template", value: "batch-job", customProperty: "template", topic: false },
      ],
      topics: ["mlops-kit", "machine-learning", "team-forecasting", "brand-acme"],
      answers: { horizon: 14 },
    });
  });

  it("uses a tag's configured value when the request leaves it empty", () => {
    const spec = resolveProjectSpec(
      exampleConfig(),
      { name: "acme-forecast-demand", team: "forecasting" },
      manifest,
    );
    expect(spec.costTags[0]).toMatchObject({ key: "cost-center", value: "CC-0000" });
  });

  it("collects every problem of a request at once", () => {
    expect(
      problems({
        name: "acme-forecast-admin",
        team: "finance",
        template: "streaming-job",
        visibility: "public",
        costCenter: "12345",
        description: "x".repeat(351),
        variables: { horizon: "0" },
      }),
    ).toEqual([
      expect.stringContaining("reserved word"),
      expect.stringContaining('team "finance" may not own ML projects'),
      expect.stringContaining('template "streaming-job" is not offered'),
      expect.stringContaining('visibility "public" is not allowed'),
      expect.stringContaining("the description is 351 characters long"),
      expect.stringContaining("horizon (days) must be at least 1"),
      expect.stringContaining('cost tag cost-center "12345" must match CC-[0-9]{4}'),
    ]);
  });

  it("refuses control characters in the description, naming each by code point and position", () => {
    expect(problems({ name: "acme-forecast-demand", team: "forecasting", description: "a\u202eb" })).toEqual([
      expect.stringContaining("description: right-to-left override (U+202E) at position 2 is not allowed"),
    ]);
  });

  it.each([
    ["\u3164", "invisible character U+3164"],
    ["\u2028", "line separator (U+2028)"],
    ["\ufffe", "noncharacter U+FFFE"],
    ["\ufe0f", "invisible character U+FE0F"],
    ["\u{e0041}", "format (invisible) character U+E0041"],
    ["\u0085", "control character U+0085"],
  ])("refuses %j in a description and a cost center", (char, described) => {
    const found = problems({
      name: "acme-forecast-demand",
      team: "forecasting",
      description: `ok ${char}`,
      costCenter: `CC-1${char}`,
    });
    expect(found).toEqual([
      expect.stringContaining(`description: ${described} at position 4`),
      expect.stringContaining(`cost tag cost-center: ${described} at position 5`),
    ]);
  });

  it("refuses ${ in free text, which databricks.yml would resolve", () => {
    expect(
      problems({ name: "acme-forecast-demand", team: "forecasting", description: "costs ${var.x}" }),
    ).toEqual([expect.stringContaining('must not contain "${"')]);
  });

  it("fails a required tag with no value and no default", () => {
    const config = exampleConfig();
    config.costTags[0]!.value = undefined;
    expect(() =>
      resolveProjectSpec(config, { name: "acme-forecast-demand", team: "forecasting" }, manifest),
    ).toThrow(/cost tag cost-center needs a value/);
  });

  it("turns tag topics into valid GitHub topics", () => {
    const config = exampleConfig();
    config.costTags.push({ key: "owner", from: "requester", required: true, topic: true });
    const spec = resolveProjectSpec(
      config,
      { name: "acme-forecast-demand", team: "forecasting", requester: "Alice_Smith" },
      manifest,
    );
    expect(spec.topics).toContain("owner-alice-smith");
    for (const topic of spec.topics) expect(topic).toMatch(/^[a-z0-9][a-z0-9-]{0,49}$/);
  });

  it("keeps a service's name within Databricks' 30-character app names, and only a service's", () => {
    const service: TemplateManifest = { ...manifest, name: "online-service", kind: "service", variables: [] };
    const long = "acme-forecast-demand-sensing"; // 28: fine
    const longer = "acme-forecast-weeklydemand-sensing"; // 34: an app name GitHub accepts but Databricks does not
    expect(resolveProjectSpec(exampleConfig(), { name: long, team: "forecasting" }, service).name).toBe(long);
    expect(() => resolveProjectSpec(exampleConfig(), { name: longer, team: "forecasting" }, service)).toThrow(
      expect.objectContaining({ details: [expect.stringMatching(/at most 30 characters/)] }),
    );
    expect(resolveProjectSpec(exampleConfig(), { name: longer, team: "forecasting" }, manifest).name).toBe(
      longer,
    );
  });
});
