/**
 * esbuild plugin: in the bundles, `src/schema/compiled-validator.ts` becomes ajv's standalone code of
 * every schema the kit validates its own files with (config, template manifests), generated here with
 * the same options the source compiles them with. The bundles then never run ajv's compiler.
 *
 * The schemas are found by importing the modules that declare them (PRECOMPILED_MODULES): each
 * registers its schema through `compiledValidator()`. A bundle asking for a name missing here fails
 * at once with a message naming this file, and the end-to-end tests run the bundles.
 */
import path from "node:path";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { Plugin } from "esbuild";
import { type RegisteredSchema, registeredSchemas } from "../src/schema/compiled-validator";

/** Modules whose schemas the bundles need precompiled. */
export const PRECOMPILED_MODULES = ["../src/config/config-parser", "../src/templates/template-manifest"];

const NAMESPACE = "kit-precompiled-validator";

export async function loadRegisteredSchemas(): Promise<RegisteredSchema[]> {
  for (const module of PRECOMPILED_MODULES) await import(module);
  return registeredSchemas();
}

/** ajv's standalone ES module for one schema: `export const validate` (pure). */
export function standaloneValidator(entry: RegisteredSchema): string {
  const ajv = new Ajv({ ...entry.options, code: { source: true, esm: true } });
  return standaloneCode(ajv, ajv.compile(entry.schema));
}

/** The bundles' `compiled-validator` module: a lookup of the precompiled validators (pure). */
export function replacementModule(names: readonly string[]): string {
  const imports = names.map(
    (name, i) => `import { validate as v${i} } from ${JSON.stringify(`${NAMESPACE}:${name}`)};`,
  );
  const table = names.map((name, i) => `  ${JSON.stringify(name)}: v${i},`);
  return [
    ...imports,
    "const validators = {",
    ...table,
    "};",
    "export function compiledValidator(name) {",
    "  const validate = validators[name];",
    "  if (!validate) throw new Error(`no precompiled validator ${name}: add its module to scripts/precompiled-validators.ts`);",
    "  return validate;",
    "}",
    "export function registeredSchemas() { return []; }",
    "",
  ].join("\n");
}

export function precompiledValidatorsPlugin(repoRoot: string, schemas: RegisteredSchema[]): Plugin {
  const target = path.join(repoRoot, "src", "schema", "compiled-validator.ts");
  const byName = new Map(schemas.map((s) => [s.name, s]));
  return {
    name: "kit-precompiled-validators",
    setup(build) {
      build.onLoad({ filter: /compiled-validator\.ts$/ }, (args) =>
        args.path === target
          ? {
              contents: replacementModule([...byName.keys()]),
              loader: "js",
              resolveDir: path.dirname(target),
            }
          : undefined,
      );
      build.onResolve({ filter: new RegExp(`^${NAMESPACE}:`) }, (args) => ({
        path: args.path.slice(NAMESPACE.length + 1),
        namespace: NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const entry = byName.get(args.path);
        if (!entry) return { errors: [{ text: `no registered schema named ${args.path}` }] };
        // resolveDir: the generated code require()s ajv's small runtime helpers from node_modules.
        return { contents: standaloneValidator(entry), loader: "js", resolveDir: repoRoot };
      });
    },
  };
}
