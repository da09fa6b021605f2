/**
 * Every template's databricks.yml, rendered with the example config: valid per the Databricks bundle
 * schema, declares the variables the deploy workflows pass, and tags what it deploys with every cost tag
 * and the traceability values. A new template is checked as soon as its folder exists.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kitPaths } from "../src/kit-paths";
import { renderProject } from "../src/project/project-renderer";
import { resolveProjectSpec } from "../src/project/project-spec";
import { listTemplateNames, readTemplate } from "../src/templates/template-catalog";
import { exampleConfig } from "./fixtures/example-config";
import { bundleSchemaAvailable, validateBundle } from "./helpers/databricks-schema";

const config = exampleConfig();
const TRACEABILITY = { "git-sha": "git_sha", "kit-version": "kit_version", repository: "repository" };

const bundles = listTemplateNames(kitPaths.templatesDir()).map((name) => {
  const source = readTemplate(kitPaths.templatesDir(), name);
  const spec = resolveProjectSpec(
    config,
    { name: "acme-ops-nightly", team: "pricing", template: name, costCenter: "CC-7777" },
    source.manifest,
  );
  const tree = renderProject(
    { ...config, templates: { ...config.templates, offered: [name] } },
    spec,
    source,
  );
  const file = tree.get("databricks.yml");
  if (!file) throw new Error(`template ${name} renders no databricks.yml`);
  return [name, file.content, spec.costTags] as const;
});

/** The tags on what a bundle deploys: a job's tags, or the bundle-wide preset tags (apps). */
function deployedTags(bundle: {
  presets?: { tags?: Record<string, string> };
  resources: { jobs?: Record<string, { tags?: Record<string, string> }> };
}): Record<string, string> {
  const job = Object.values(bundle.resources.jobs ?? {})[0];
  return { ...(bundle.presets?.tags ?? {}), ...(job?.tags ?? {}) };
}

describe.each(bundles)("the %s bundle", (_, text, costTags) => {
  it.skipIf(!bundleSchemaAvailable())("is valid per the Databricks bundle schema", () => {
    expect(validateBundle(text)).toEqual([]);
  });

  it("declares the variables the deploy workflows pass", () => {
    expect(Object.keys(parse(text).variables)).toEqual(
      expect.arrayContaining(["git_sha", "kit_version", "run_url", "repository"]),
    );
  });

  it("tags what it deploys with every cost tag and the traceability values", () => {
    const tags = deployedTags(parse(text));
    expect(costTags.length).toBe(config.costTags.length);
    for (const tag of costTags) expect(tags[tag.key], tag.key).toBe(tag.value);
    expect(tags["cost-center"]).toBe("CC-7777");
    for (const [key, variable] of Object.entries(TRACEABILITY))
      expect(tags[key], key).toBe(`\${var.${variable}}`);
  });
});
