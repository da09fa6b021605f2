/**
 * Bundles every action (`actions/<name>/main.ts` -> `dist/<name>/index.js`, one file each) and the CLI
 * (`src/cli/bin.ts` -> `dist/cli/index.js` plus a bundle per command's work in `dist/cli/lazy/`,
 * scripts/cli-bundles.ts) with esbuild.
 *
 * JavaScript actions run from committed files, so `dist/` is committed; `--check` rebuilds into a
 * temporary folder and fails when it differs from the committed `dist/` (the check-dist guard).
 *
 * Target is Node 20 so the same bundle runs on this machine and on GitHub's node24 runtime.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { buildCliBundles } from "./cli-bundles";
import { precompiledTemplatesPlugin } from "./precompiled-templates";
import { loadRegisteredSchemas, precompiledValidatorsPlugin } from "./precompiled-validators";

const repoRoot = path.resolve(import.meta.dirname, "..");
const distDir = path.join(repoRoot, "dist");

interface BundleEntry {
  name: string;
  entryPoint: string;
  /**
   * The CLI is built as an entry plus one bundle per command's work (scripts/cli-bundles.ts), so
   * `mlops-kit --help` loads commander alone and each command only what it runs; an action stays one
   * file, as the Actions runner loads `dist/<name>/index.js` and nothing else.
   */
  perCommand: boolean;
}

export function listBundleEntries(root: string): BundleEntry[] {
  const actionsDir = path.join(root, "actions");
  const actionEntries = (existsSync(actionsDir) ? readdirSync(actionsDir) : [])
    .filter((name) => existsSync(path.join(actionsDir, name, "main.ts")))
    .sort()
    .map((name) => ({ name, entryPoint: path.join(actionsDir, name, "main.ts"), perCommand: false }));
  return [
    ...actionEntries,
    { name: "cli", entryPoint: path.join(root, "src", "cli", "bin.ts"), perCommand: true },
  ];
}

/** esbuild options of one self-contained ES module bundle. */
export function bundleOptions(entryPoint: string, outfile: string, plugins: Plugin[] = []): BuildOptions {
  return {
    absWorkingDir: repoRoot,
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // Some dependencies still call require(); give every ESM output file one.
    banner: {
      js: [
        "import { createRequire as __kitCreateRequire } from 'node:module';",
        "const require = __kitCreateRequire(import.meta.url);",
      ].join("\n"),
    },
    legalComments: "eof",
    logLevel: "warning",
    plugins,
  };
}

/**
 * Handlebars' compiler require()s `source-map` only to emit source maps with precompiled templates,
 * which the kit never asks for; without it Handlebars uses its own plain-string code builder. Leaving
 * it out keeps ten modules out of every bundle that renders templates.
 */
export const withoutSourceMap: Plugin = {
  name: "kit-without-source-map",
  setup(build) {
    build.onResolve({ filter: /^source-map$/ }, (args) =>
      args.importer.includes(`${path.sep}handlebars${path.sep}`)
        ? { path: "source-map", namespace: "kit-empty-module" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "kit-empty-module" }, () => ({
      contents: "module.exports = {};",
      loader: "js",
    }));
  },
};

async function bundleAll(outRoot: string): Promise<void> {
  const plugins = [
    precompiledValidatorsPlugin(repoRoot, await loadRegisteredSchemas()),
    precompiledTemplatesPlugin(repoRoot),
    withoutSourceMap,
  ];
  for (const entry of listBundleEntries(repoRoot)) {
    const outDir = path.join(outRoot, entry.name);
    if (entry.perCommand) {
      // Whitespace and syntax minified (names kept, for readable stack traces): V8 reads a third less
      // source on every start. The actions stay readable; their start-up is not a person's wait.
      await buildCliBundles(path.join(repoRoot, "src"), entry.entryPoint, outDir, plugins, (...args) => ({
        ...bundleOptions(...args),
        minifyWhitespace: true,
        minifySyntax: true,
      }));
    } else {
      await build(bundleOptions(entry.entryPoint, path.join(outDir, "index.js"), plugins));
    }
    // The CLI bundle is package.json's `bin` (its `#!` line comes from src/cli/bin.ts): make it executable.
    if (entry.name === "cli") chmodSync(path.join(outRoot, entry.name, "index.js"), 0o755);
  }
}

function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = path.join(prefix, name);
    return statSync(full).isDirectory() ? listFiles(full, rel) : [rel];
  });
}

/** Files that differ between two trees (missing on either side counts as different). */
export function diffTrees(expectedDir: string, actualDir: string): string[] {
  const names = new Set([...listFiles(expectedDir), ...listFiles(actualDir)]);
  return [...names].sort().filter((rel) => {
    const a = path.join(expectedDir, rel);
    const b = path.join(actualDir, rel);
    return !existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b));
  });
}

async function main(): Promise<void> {
  if (!process.argv.includes("--check")) {
    rmSync(distDir, { recursive: true, force: true });
    await bundleAll(distDir);
    console.log(`built ${listBundleEntries(repoRoot).length} bundles into dist/`);
    return;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-dist-"));
  try {
    await bundleAll(scratch);
    const differing = diffTrees(scratch, distDir);
    if (differing.length > 0) {
      console.error(`dist/ is out of date with the source (${differing.join(", ")}). Run: npm run build`);
      process.exitCode = 1;
    } else {
      console.log("dist/ matches the source");
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// Run only as a script (`npm run build`), so tests can import the bundle options.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
