/**
 * Renders a template into an in-memory file tree (pure: the source is already in memory and nothing is
 * written). Paths are templated too, so every rendered path is checked: whatever the answers contain,
 * no file can land outside the target folder or inside `.git/`.
 *
 * Handlebars runs strict (a missing variable is an error), without HTML escaping (helpers quote per
 * format instead), with prototype access off (its default, never relaxed) and with no partials, so a
 * template cannot reach the file system or the JavaScript runtime. GitHub Actions expressions
 * (`${{ ... }}`) are left as written, so workflow files need no escaping.
 */
import Handlebars from "handlebars";
import { KitError } from "../errors";
import { quoteForDisplay } from "../text/display";
import { precompiledTemplate } from "./precompiled-templates";
import { templateHelpers } from "./template-helpers";
import type { TemplateManifest } from "./template-manifest";

export interface TemplateSourceFile {
  /** Path relative to the template's `files/` folder, possibly with `{{ }}` placeholders. */
  path: string;
  content: string;
}

export interface TemplateSource {
  manifest: TemplateManifest;
  files: TemplateSourceFile[];
}

export interface RenderedFile {
  path: string;
  content: string;
  /** 0o644, or 0o755 for the manifest's `executable` paths. */
  mode: number;
  /** The template file it was rendered from (`files/`-relative, placeholders unrendered): updates follow renames by it. */
  source?: string;
}

/** Rendered files by path, in path order. */
export type RenderedTree = Map<string, RenderedFile>;

const handlebars = Handlebars.create();
handlebars.registerHelper(templateHelpers);
/** Handlebars' compile options; the build precompiles the kit's templates with exactly these. */
export const compileOptions = {
  strict: true,
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(templateHelpers).map((name) => [name, true as const])),
};

export function renderTemplate(source: TemplateSource, context: object): RenderedTree {
  const rendered: RenderedFile[] = [];
  for (const file of source.files) {
    const path = safeRelativePath(renderText(file.path, context, `path ${file.path}`), file.path);
    const content = renderText(file.content, context, file.path);
    const mode = source.manifest.executable.some((glob) => globToRegExp(glob).test(path)) ? 0o755 : 0o644;
    rendered.push({ path, content, mode, source: file.path });
  }
  rendered.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const tree: RenderedTree = new Map();
  for (const file of rendered) {
    if (tree.has(file.path)) {
      throw new KitError("template-render-failed", `two template files render to the same path ${file.path}`);
    }
    for (const other of tree.keys()) {
      if (file.path.startsWith(`${other}/`)) {
        throw new KitError("template-render-failed", `${file.path} would be inside the file ${other}`);
      }
    }
    tree.set(file.path, file);
  }
  return tree;
}

function renderText(text: string, context: object, where: string): string {
  // Without `{{` there is nothing for Handlebars to do (its escape `\{{` contains one too): most paths
  // and some files are plain text, and compiling them was most of a create's rendering time.
  if (!text.includes("{{")) return text;
  const source = handlebarsSource(text);
  try {
    const precompiled = precompiledTemplate(source);
    const template = precompiled
      ? handlebars.template(precompiled)
      : handlebars.compile(source, compileOptions);
    return template(context);
  } catch (error) {
    throw new KitError("template-render-failed", `cannot render ${where}: ${(error as Error).message}`);
  }
}

/** The Handlebars source of a template text: `${{` is GitHub Actions syntax, escaped to print verbatim. */
export function handlebarsSource(text: string): string {
  return text.replace(/\$\{\{/g, "$\\{{");
}

/**
 * A rendered path, normalised, that stays inside the target folder: relative, `/`-separated, no `.`
 * or `..` segment, no empty segment, no `.git` segment, no control characters or backslashes.
 */
export function safeRelativePath(rendered: string, templatePath = rendered): string {
  const refuse = (why: string): never => {
    throw new KitError(
      "template-unsafe-path",
      `template file ${templatePath} renders to ${quoteForDisplay(rendered)}, which ${why}; nothing was written`,
    );
  };
  if (rendered.length === 0) refuse("is empty");
  if (/[\p{Cc}\p{Cf}\\:*?"<>|]/u.test(rendered)) refuse("contains a character not allowed in a path");
  if (rendered.startsWith("/")) refuse("is absolute");
  const segments = rendered.split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..")
      refuse("leaves the target folder or has an empty segment");
    if (segment.toLowerCase() === ".git") refuse("is inside .git");
    if (segment.length > 255) refuse("has a segment longer than 255 characters");
    if (segment.trim() !== segment) refuse("has a segment that starts or ends with a space");
  }
  return segments.join("/");
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${body}$`);
}
