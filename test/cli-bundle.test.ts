/**
 * The bundles in dist/ (run `npm run build` first): the CLI's entry loads commander and little else,
 * and each command one bundle of its own work (dist/cli/lazy/); the actions stay one file each; what
 * the build precompiles (config and manifest validators, the shipped templates) behaves exactly as the
 * source.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sourceHash, templateSources } from "../scripts/precompiled-templates";
import { parseKitConfig } from "../src/config/config-parser";
import { kitPaths } from "../src/kit-paths";

const repoRoot = path.resolve(import.meta.dirname, "..");
const dist = path.join(repoRoot, "dist");
const CLI = path.join(dist, "cli", "index.js");
const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-cli-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Files a module loads before it runs: itself and its static imports, transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  // Static imports of the bundle's own files, minified (`import{a}from"./x.js"`) or not.
  for (const match of text.matchAll(
    /(?:^|[;}])\s*(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?"(\.\.?\/[^"]+)"/gm,
  )) {
    staticClosure(path.resolve(path.dirname(file), match[1]!), seen);
  }
  return seen;
}

/** Text that only a library's (or module's) own code contains: found in a bundle, that code is in it. */
const MARKERS = {
  yaml: "YAMLParseError",
  handlebars: "Handlebars",
  handlebarsCompiler: "Parse error on line",
  octokit: "octokit",
  ajvCompiler: "ajv implementation error",
  sourceMap: "SourceMapGenerator",
  simulator: "http-backend",
} as const;

function markersIn(files: Iterable<string>): string[] {
  const text = [...files].map((f) => readFileSync(f, "utf8")).join("\n");
  return Object.entries(MARKERS)
    .filter(([, marker]) => text.includes(marker))
    .map(([name]) => name);
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: scratch });
}

describe("the CLI bundle", () => {
  it("starts with commander and its own wiring only", () => {
    const closure = staticClosure(CLI);
    expect([...closure].map((f) => path.relative(dist, f)).sort()).toEqual(["cli/errors.js", "cli/index.js"]);
    // None of the libraries a command's work needs; the markers are real: each is in some lazy bundle.
    expect(markersIn(closure)).toEqual([]);
    const lazyDir = path.join(dist, "cli", "lazy");
    expect(markersIn(readdirSync(lazyDir).map((f) => path.join(lazyDir, f))).sort()).toEqual(
      ["ajvCompiler", "handlebars", "handlebarsCompiler", "octokit", "simulator", "yaml"].sort(),
    );
    const bytes = [...closure].reduce((sum, f) => sum + readFileSync(f).length, 0);
    expect(bytes).toBeLessThan(200_000);
  });

  it("keeps the package.json bin executable", () => {
    expect(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).bin["mlops-kit"]).toBe(
      "dist/cli/index.js",
    );
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("imports each command's work from its own bundle, every one of which exists", () => {
    const lazy = [...readFileSync(CLI, "utf8").matchAll(/import\("\.\/(lazy\/[\w-]+\.js)"\)/g)].map(
      (m) => m[1]!,
    );
    expect(lazy).toEqual(
      expect.arrayContaining([
        "lazy/project-local-create.js",
        "lazy/enforcement-run-enforce.js",
        "lazy/simulator-index.js",
      ]),
    );
    for (const file of lazy) expect(existsSync(path.join(dist, "cli", file)), file).toBe(true);
  });

  it("answers --help for the program and every command", () => {
    const help = cli(["--help"]);
    expect(help.status).toBe(0);
    const commands = ["create", "demo", "enforce", "deploy", "run", "rollback", "deployments", "sim"];
    for (const command of commands) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
      const own = cli([command, "--help"]);
      expect(own.status, command).toBe(0);
      expect(own.stdout, command).toContain(`Usage: mlops-kit ${command}`);
    }
  });

  it("loads no schema compiler for create: the validators are precompiled", () => {
    const createBundle = path.join(dist, "cli", "lazy", "project-local-create.js");
    const closure = staticClosure(createBundle);
    expect([...closure].map((f) => path.relative(dist, f)).sort()).toEqual([
      "cli/errors.js",
      "cli/lazy/project-local-create.js",
    ]);
    // yaml and Handlebars (the compiler too, for templates edited after the build), but neither ajv's
    // compiler nor the source-map library Handlebars would pull in.
    expect(markersIn(closure)).toEqual(["yaml", "handlebars", "handlebarsCompiler"]);
    const text = [...closure].map((f) => readFileSync(f, "utf8")).join("\n");
    // Every Handlebars source of the shipped templates is in the bundle, precompiled.
    for (const source of templateSources(kitPaths.templatesDir())) expect(text).toContain(sourceHash(source));
  });

  it("reports config problems exactly as the source does (precompiled validator = ajv's)", () => {
    const badConfig = readFileSync(kitPaths.exampleConfig(), "utf8")
      .replace(/^org: .*$/m, "org: Not_A_Slug")
      .replace(/^( {2}defaultVisibility:) .*$/m, "$1 secret")
      .concat("\nunknownKey: 1\n");
    const file = path.join(scratch, "bad.yml");
    writeFileSync(file, badConfig);
    let expected = "";
    try {
      parseKitConfig(badConfig, { fileName: file, availableTemplates: ["batch-job", "online-service"] });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected.split("\n").length).toBeGreaterThan(2);
    const result = cli([
      "create",
      "--name",
      "acme-forecast-demand",
      "--team",
      "forecasting",
      "--out",
      "x",
      "--config",
      file,
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`error: ${expected}`);
    expect(existsSync(path.join(scratch, "x"))).toBe(false);
  });
});

describe("the action bundles", () => {
  const actions = readdirSync(path.join(repoRoot, "actions")).filter((name) =>
    existsSync(path.join(repoRoot, "actions", name, "main.ts")),
  );

  it.each(actions)("%s is one file that imports nothing of its own", (name) => {
    expect(readdirSync(path.join(dist, name))).toEqual(["index.js"]);
    expect(staticClosure(path.join(dist, name, "index.js")).size).toBe(1);
    expect(readFileSync(path.join(dist, name, "index.js"), "utf8")).not.toMatch(/import\(\s*"\.\.?\//);
  });
});
