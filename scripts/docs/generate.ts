/** `npm run docs`: rewrites the generated sections of README.md and docs/*.md from their sources. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fillGeneratedSections, generatedSections, listDocPages } from "./generated-docs";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const sections = generatedSections(repoRoot);
for (const page of listDocPages(repoRoot)) {
  const before = readFileSync(page, "utf8");
  const after = fillGeneratedSections(before, sections, page);
  if (after !== before) {
    writeFileSync(page, after);
    console.log(`updated ${path.relative(repoRoot, page)}`);
  }
}
