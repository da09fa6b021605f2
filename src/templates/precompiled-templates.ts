/**
 * Handlebars templates compiled at build time. From source (tests, tsx) there are none and every
 * template is compiled when it is rendered. In the bundles the build replaces this module with the
 * precompiled form of every file and path of the kit's templates (scripts/precompiled-templates.ts),
 * looked up by the SHA-256 of the exact Handlebars source: a template edited after the build is not
 * found and is compiled at run time, so stale code never runs. Compiling was most of a create's time.
 */
export function precompiledTemplate(_handlebarsSource: string): TemplateSpecification | undefined {
  return undefined;
}
