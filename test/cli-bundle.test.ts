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
  for (const match of text.matchAll(
    /^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)";?$|^import\s*"(\.[^"]+)";?$/gms,
  )) {
    staticClosure(path.resolve(path.dirname(file), match[1] ?? match[2]!), seen);
  }
  return seen;
}

/** The `// node_modules/<package>` and `// src/...` origins esbuild notes in a bundle. */
function origins(files: Iterable<string>): string[] {
  return [...files].flatMap((file) =>
    [
      ...readFileSync(file, "utf8").matchAll(/^\/\/ ((?:node_modules\/(?:@[^/]+\/)?[^/]+)|src\/[^\n]+)/gm),
    ].map((m) => m[1]!),
  );
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: scratch });
}

describe("the CLI bundle", () => {
  it("starts with commander and its own wiring only", () => {
    const closure = staticClosure(CLI);
    expect([...closure].map((f) => path.relative(dist, f)).sort()).toEqual(["cli/errors.js", "cli/index.js"]);
    const loaded = new Set(
      origins(closure).map((o) => (o.startsWith("src/") ? o : o.split("/").slice(1).join("/"))),
    );
    expect([...loaded].filter((o) => !o.startsWith("src/"))).toEqual(["commander"]);
    for (const heavy of ["src/simulator", "src/templates", "src/enforcement", "src/config", "src/demo"])
      expect(
        [...loaded].filter((o) => o.startsWith(heavy)),
        heavy,
      ).toEqual([]);
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
    const loaded = origins(closure);
    expect(loaded.filter((o) => o.startsWith("node_modules/ajv")).sort()).toEqual(["node_modules/ajv"]);
    const text = [...closure].map((f) => readFileSync(f, "utf8")).join("\n");
    expect(text).not.toMatch(/node_modules\/ajv\/dist\/compile\//);
    expect(text).not.toMatch(/node_modules\/source-map\//);
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
