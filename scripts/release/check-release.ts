/**
 * `npx tsx scripts/release/check-release.ts [--github-output FILE]`: checks a kit version is ready to tag
 * (see release-checks.ts) and prints the release plan; with --github-output, writes `version`, `tag`,
 * `major-tag` and the notes file path for the release workflow. Exits 1 with every problem listed.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KIT_VERSION } from "../../src/kit-version";
import { fillGeneratedSections, generatedSections, listDocPages } from "../docs/generated-docs";
import { checkRelease } from "./release-checks";

const root = path.resolve(import.meta.dirname, "../..");
const sections = generatedSections(root);
const staleDocs = listDocPages(root)
  .filter((page) => {
    const text = readFileSync(page, "utf8");
    return fillGeneratedSections(text, sections, page) !== text;
  })
  .map((page) => path.relative(root, page));
const result = checkRelease({
  packageVersion: JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version,
  kitVersion: KIT_VERSION,
  changelog: readFileSync(path.join(root, "CHANGELOG.md"), "utf8"),
  existingTags: execFileSync("git", ["-C", root, "tag", "--list", "v*"], { encoding: "utf8" }).split("\n"),
  staleDocs,
});
if (!result.plan) {
  console.error(`not ready to release:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
const { plan } = result;
console.log(`ready to release ${plan.tag} (moving ${plan.majorTag}):\n\n${plan.notes}`);
const outputIndex = process.argv.indexOf("--github-output");
if (outputIndex > 0) {
  const notesFile = path.join(root, ".release-notes.md");
  writeFileSync(notesFile, `${plan.notes}\n`);
  appendFileSync(
    process.argv[outputIndex + 1]!,
    `version=${plan.version}\ntag=${plan.tag}\nmajor-tag=${plan.majorTag}\nnotes-file=${notesFile}\n`,
  );
}
