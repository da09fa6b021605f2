/**
 * Reads templates from disk into memory (the adapter before the pure renderer). A template folder is
 * `template.yml` + `files/`. Symbolic links and special files are refused, so a template can never
 * pull in a file from outside its own folder.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { KitError } from "../errors";
import { quoteForDisplay } from "../text/display";
import { closestMatch } from "../text/edit-distance";
import { parseTemplateManifest } from "./template-manifest";
import type { TemplateSource, TemplateSourceFile } from "./template-renderer";

export function listTemplateNames(templatesDir: string): string[] {
  if (!existsSync(templatesDir)) return [];
  return readdirSync(templatesDir)
    .filter((name) => existsSync(path.join(templatesDir, name, "template.yml")))
    .sort();
}

export function readTemplate(templatesDir: string, name: string): TemplateSource {
  const available = listTemplateNames(templatesDir);
  if (!available.includes(name)) {
    const hint = closestMatch(name, available);
    throw new KitError(
      "template-unknown",
      `no template named ${quoteForDisplay(name)}${hint ? ` (did you mean "${hint}"?)` : ""}; available: ${available.join(", ")}`,
    );
  }
  const root = path.join(templatesDir, name);
  const manifestFile = path.join(root, "template.yml");
  const manifest = parseTemplateManifest(readFileSync(manifestFile, "utf8"), manifestFile);
  if (manifest.name !== name) {
    throw new KitError(
      "template-invalid",
      `${manifestFile} names the template "${manifest.name}", but its folder is "${name}"`,
    );
  }
  return { manifest, files: readFilesBelow(path.join(root, "files"), "") };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function readFilesBelow(dir: string, prefix: string): TemplateSourceFile[] {
  const files: TemplateSourceFile[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) {
      throw new KitError(
        "template-invalid",
        `template file ${full} is a symbolic link; templates may only contain regular files`,
      );
    }
    if (stat.isDirectory()) files.push(...readFilesBelow(full, rel));
    else if (stat.isFile()) {
      let content: string;
      try {
        content = utf8.decode(readFileSync(full));
      } catch {
        throw new KitError("template-invalid", `template file ${full} is not UTF-8 text`);
      }
      files.push({ path: rel, content });
    } else throw new KitError("template-invalid", `template file ${full} is not a regular file`);
  }
  return files;
}
