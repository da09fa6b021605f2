/**
 * Bundles every action (`actions/<name>/main.ts` -> `dist/<name>/index.js`) and the CLI
 * (`src/cli/bin.ts` -> `dist/cli/index.js`) with esbuild.
 *
 * JavaScript actions run from committed files, so `dist/` is committed; `--check` rebuilds into a
 * temporary folder and fails when it differs from the committed `dist/` (the check-dist guard).
 *
 * Target is Node 20 so the same bundle runs on this machine and on GitHub's node24 runtime.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";

const repoRoot = path.resolve(import.meta.dirname, "..");
const distDir = path.join(repoRoot, "dist");

interface BundleEntry {
  name: string;
  entryPoint: string;
}

export function listBundleEntries(root: string): BundleEntry[] {
  const actionsDir = path.join(root, "actions");
  const actionEntries = (existsSync(actionsDir) ? readdirSync(actionsDir) : [])
    .filter((name) => existsSync(path.join(actionsDir, name, "main.ts")))
    .sort()
    .map((name) => ({ name, entryPoint: path.join(actionsDir, name, "main.ts") }));
  return [...actionEntries, { name: "cli", entryPoint: path.join(root, "src", "cli", "bin.ts") }];
}

async function bundleAll(outRoot: string): Promise<void> {
  for (const entry of listBundleEntries(repoRoot)) {
    await build({
      absWorkingDir: repoRoot,
      entryPoints: [entry.entryPoint],
      outfile: path.join(outRoot, entry.name, "index.js"),
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      // Some dependencies still call require(); give the ESM bundle one.
      banner: {
        js: [
          entry.name === "cli" ? "#!/usr/bin/env node" : "",
          "import { createRequire as __kitCreateRequire } from 'node:module';",
          "const require = __kitCreateRequire(import.meta.url);",
        ]
          .filter(Boolean)
          .join("\n"),
      },
      legalComments: "eof",
      logLevel: "warning",
    });
    // The CLI bundle is package.json's `bin`: make it directly executable.
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

await main();
