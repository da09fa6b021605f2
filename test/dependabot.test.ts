/**
 * Dependabot configuration of the kit and of every generated repo: the shape GitHub accepts
 * (version 2, known ecosystems, a schedule, groups), weekly updates of the ecosystems each needs, and
 * in generated repos an ignore rule that keeps Dependabot off the kit's own reusable workflows,
 * pointing at whatever repository the org's config names.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kitPaths } from "../src/kit-paths";
import { renderProject } from "../src/project/project-renderer";
import { resolveProjectSpec } from "../src/project/project-spec";
import { listTemplateNames, readTemplate } from "../src/templates/template-catalog";
import { exampleConfig } from "./fixtures/example-config";

interface Update {
  "package-ecosystem": string;
  directory?: string;
  schedule?: { interval?: string };
  groups?: Record<string, { patterns?: string[]; "dependency-type"?: string }>;
  ignore?: { "dependency-name": string; "update-types"?: string[] }[];
}
interface DependabotFile {
  version: number;
  updates: Update[];
}

const ECOSYSTEMS = new Set(["github-actions", "npm", "pip"]);
const UPDATE_KEYS = new Set(["package-ecosystem", "directory", "schedule", "groups", "ignore"]);

/** The checks GitHub's schema makes that matter here; returns the updates by ecosystem. */
function checkShape(file: DependabotFile): Map<string, Update> {
  expect(Object.keys(file).sort()).toEqual(["updates", "version"]);
  expect(file.version).toBe(2);
  const byEcosystem = new Map<string, Update>();
  for (const update of file.updates) {
    for (const key of Object.keys(update)) expect(UPDATE_KEYS, key).toContain(key);
    expect(ECOSYSTEMS).toContain(update["package-ecosystem"]);
    expect(update.directory).toBe("/");
    expect(update.schedule?.interval).toBe("weekly");
    expect(Object.keys(update.groups ?? {}).length, "grouped").toBeGreaterThan(0);
    for (const group of Object.values(update.groups ?? {})) expect(group.patterns).toEqual(["*"]);
    expect(byEcosystem.has(update["package-ecosystem"]), "one entry per ecosystem").toBe(false);
    byEcosystem.set(update["package-ecosystem"], update);
  }
  return byEcosystem;
}

/** Dependabot's `dependency-name` match: exact, `*` standing for any run of characters. */
function ignored(dependency: string, update: Update): boolean {
  return (update.ignore ?? []).some((rule) => {
    const pattern = rule["dependency-name"].split("*").map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"));
    return new RegExp(`^${pattern.join(".*")}$`).test(dependency) && !rule["update-types"];
  });
}

describe("the kit's dependabot.yml", () => {
  const file = parse(
    readFileSync(path.resolve(import.meta.dirname, "../.github/dependabot.yml"), "utf8"),
  ) as DependabotFile;

  it("updates the pinned actions and the npm packages weekly, grouped", () => {
    const updates = checkShape(file);
    expect([...updates.keys()].sort()).toEqual(["github-actions", "npm"]);
    expect(updates.get("github-actions")!.ignore).toBeUndefined();
  });

  it("leaves only the majors tied to the supported Node versions to a person", () => {
    const npm = checkShape(file).get("npm")!;
    for (const rule of npm.ignore ?? []) {
      expect(["vitest", "@types/node"]).toContain(rule["dependency-name"]);
      expect(rule["update-types"]).toEqual(["version-update:semver-major"]);
    }
  });
});

describe("a generated repo's dependabot.yml", () => {
  const config = exampleConfig();
  config.kit.repository = "platform-org/ml-kit";
  const rendered = listTemplateNames(kitPaths.templatesDir()).map((template) => {
    const source = readTemplate(kitPaths.templatesDir(), template);
    const spec = resolveProjectSpec(
      config,
      { name: "acme-forecast-demand", team: "forecasting", template },
      source.manifest,
    );
    const tree = renderProject(
      { ...config, templates: { ...config.templates, offered: [template] } },
      spec,
      source,
    );
    return [template, tree] as const;
  });

  it.each(rendered)("%s: updates its actions and Python packages weekly, grouped", (_, tree) => {
    const file = tree.get(".github/dependabot.yml");
    expect(file, "the template renders .github/dependabot.yml").toBeDefined();
    const updates = checkShape(parse(file!.content) as DependabotFile);
    expect([...updates.keys()].sort()).toEqual(["github-actions", "pip"]);
  });

  it.each(rendered)("%s: ignores the configured kit's reusable workflows, and only those", (_, tree) => {
    const actions = checkShape(parse(tree.get(".github/dependabot.yml")!.content) as DependabotFile).get(
      "github-actions",
    )!;
    expect(actions.ignore?.map((rule) => rule["dependency-name"])).toEqual([
      "platform-org/ml-kit",
      "platform-org/ml-kit/*",
    ]);
    // Every kit call in the repo's workflows, by the name Dependabot gives it (its full path), is ignored.
    const kitCalls = [...tree.values()]
      .filter((f) => f.path.startsWith(".github/workflows/"))
      .flatMap((f) => [...f.content.matchAll(/uses:\s*([^@\s]+)@/g)].map((m) => m[1]!))
      .filter((uses) => uses.startsWith("platform-org/ml-kit/"));
    expect(kitCalls.length).toBeGreaterThan(0);
    for (const uses of kitCalls) expect(ignored(uses, actions), uses).toBe(true);
    expect(ignored("actions/checkout", actions)).toBe(false);
    expect(ignored("platform-org/ml-kit-fork/.github/workflows/x.yml", actions)).toBe(false);
  });
});
