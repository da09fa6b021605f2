/**
 * Where the kit's own files are (templates, example config), whether the code runs from `src/` (tests),
 * from a bundle in `dist/<name>/index.js`, or from a checkout of the kit in a GitHub Actions runner.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

export function kitRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "mlops-kit") {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the mlops-kit folder (package.json named mlops-kit)");
    dir = parent;
  }
}

export const kitPaths = {
  templatesDir: () => path.join(kitRoot(), "templates"),
  exampleConfig: () => path.join(kitRoot(), "mlops-kit.config.yml"),
  /** The Debian packages the demo, tests and benchmarks need (src/system-packages.ts). */
  systemPackages: () => path.join(kitRoot(), "scripts", "system-packages.txt"),
};
