/**
 * The CLI's bundles: `dist/cli/index.js` (commander and the command definitions, what `--help` needs)
 * and one self-contained bundle per module a command `await import()`s to do its work
 * (`dist/cli/lazy/<module>.js`, e.g. `project-local-create.js`), so a command loads two files and
 * only its own code. Shared chunks would load the same code in about ten files, each one more trip
 * through Node's asynchronous module loader.
 *
 * Bundles keep their own copy of what they import, except `src/errors.ts` (`dist/cli/errors.js`):
 * the entry recognises a `KitError` thrown by a command's bundle by its class, so there is one class.
 */
import path from "node:path";
import { type BuildOptions, build, type Plugin } from "esbuild";

export type SingleBundleOptions = (entryPoint: string, outfile: string, plugins: Plugin[]) => BuildOptions;

/** Bundle name of a lazily imported module: its path under src/, `/` as `-`, no extension. */
export function lazyBundleName(srcDir: string, modulePath: string): string {
  return path.relative(srcDir, modulePath).replace(/\.ts$/, "").split(path.sep).join("-");
}

function resolveSource(resolveDir: string, request: string): string {
  const base = path.resolve(resolveDir, request);
  return base.endsWith(".ts") ? base : `${base}.ts`;
}

/** Makes `src/errors.ts` an import of the shared `errors.js`, at `relative` from the bundle. */
function sharedErrors(errorsFile: string, relative: string): Plugin {
  return {
    name: "kit-shared-errors",
    setup(b) {
      b.onResolve({ filter: /(^|\/)errors$/ }, (args) =>
        resolveSource(args.resolveDir, args.path) === errorsFile
          ? { path: relative, external: true }
          : undefined,
      );
    },
  };
}

/** Turns the commands' `await import("../../<module>")` into imports of `./lazy/<module>.js`. */
function lazyCommandModules(srcDir: string, found: Map<string, string>): Plugin {
  const commandsDir = path.join(srcDir, "cli", "commands");
  return {
    name: "kit-lazy-command-modules",
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind !== "dynamic-import" || !args.importer.startsWith(commandsDir)) return undefined;
        const source = resolveSource(args.resolveDir, args.path);
        const name = lazyBundleName(srcDir, source);
        found.set(source, name);
        return { path: `./lazy/${name}.js`, external: true };
      });
    },
  };
}

export async function buildCliBundles(
  srcDir: string,
  entryPoint: string,
  outDir: string,
  plugins: Plugin[],
  options: SingleBundleOptions,
): Promise<void> {
  const errorsFile = path.join(srcDir, "errors.ts");
  const lazy = new Map<string, string>();
  await build(
    options(entryPoint, path.join(outDir, "index.js"), [
      ...plugins,
      sharedErrors(errorsFile, "./errors.js"),
      lazyCommandModules(srcDir, lazy),
    ]),
  );
  for (const [source, name] of [...lazy].sort()) {
    await build(
      options(source, path.join(outDir, "lazy", `${name}.js`), [
        ...plugins,
        sharedErrors(errorsFile, "../errors.js"),
      ]),
    );
  }
  await build(options(errorsFile, path.join(outDir, "errors.js"), plugins));
}
