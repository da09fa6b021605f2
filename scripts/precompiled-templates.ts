/**
 * esbuild plugin: in the bundles, `src/templates/precompiled-templates.ts` becomes a table of the
 * kit's templates (every file and templated path under templates/<name>/files) precompiled by
 * Handlebars with the renderer's own compile options, keyed by the SHA-256 of each Handlebars source.
 * The renderer looks a source up before compiling it, so a create runs no Handlebars compiler for
 * the templates the kit ships, and an edited template (a different hash) is compiled as before.
 */

import { createHash } from "node:crypto";
import path from "node:path";
import type { Plugin } from "esbuild";
import Handlebars from "handlebars";
import { listTemplateNames, readTemplate } from "../src/templates/template-catalog";
import { compileOptions, handlebarsSource } from "../src/templates/template-renderer";

export const sourceHash = (source: string) => createHash("sha256").update(source).digest("hex");

/** Every Handlebars source of the kit's templates (texts without `{{` are never compiled). */
export function templateSources(templatesDir: string): string[] {
  const texts = listTemplateNames(templatesDir).flatMap((name) =>
    readTemplate(templatesDir, name).files.flatMap((file) => [file.path, file.content]),
  );
  return [...new Set(texts.filter((text) => text.includes("{{")).map(handlebarsSource))].sort();
}

/** The replacement module (pure): precompiled specs by source hash, and the same lookup function. */
export function precompiledTemplatesModule(sources: readonly string[]): string {
  const entries = sources.flatMap((source) => {
    try {
      return [`  [${JSON.stringify(sourceHash(source))}, ${Handlebars.precompile(source, compileOptions)}],`];
    } catch {
      return []; // A template Handlebars cannot parse is left to the renderer, which reports it.
    }
  });
  return [
    'import { createHash } from "node:crypto";',
    "const specs = new Map([",
    ...entries,
    "]);",
    "export function precompiledTemplate(source) {",
    '  return specs.get(createHash("sha256").update(source).digest("hex"));',
    "}",
    "",
  ].join("\n");
}

export function precompiledTemplatesPlugin(repoRoot: string): Plugin {
  const target = path.join(repoRoot, "src", "templates", "precompiled-templates.ts");
  return {
    name: "kit-precompiled-templates",
    setup(build) {
      build.onLoad({ filter: /precompiled-templates\.ts$/ }, (args) =>
        args.path === target
          ? {
              contents: precompiledTemplatesModule(templateSources(path.join(repoRoot, "templates"))),
              loader: "js",
              resolveDir: path.dirname(target),
            }
          : undefined,
      );
    },
  };
}
