/**
 * What must hold before a kit version is tagged (pure): the version is X.Y.Z and the same in
 * package.json and src/kit-version.ts, CHANGELOG.md has its entry, its tag does not exist yet, and the
 * generated docs sections are in sync. (`dist/` is checked by `npm run check-dist` in the same job.)
 */
import { majorTag, normalizeVersion, releaseTag } from "../../src/upgrade/kit-versions";

export interface ReleaseFacts {
  packageVersion: string;
  kitVersion: string;
  changelog: string;
  existingTags: readonly string[];
  /** Doc pages whose generated sections differ from their sources. */
  staleDocs: readonly string[];
}

export interface ReleasePlan {
  version: string;
  tag: string;
  majorTag: string;
  notes: string;
}

/** The changelog entry of a version: the text under `## [X.Y.Z]` (or `## X.Y.Z`) up to the next `## `. */
export function changelogEntry(changelog: string, version: string): string | undefined {
  const lines = changelog.split("\n");
  const heading = new RegExp(`^## \\[?v?${version.replace(/\./g, "\\.")}\\]?(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
}

export function checkRelease(facts: ReleaseFacts): { plan?: ReleasePlan; problems: string[] } {
  const problems: string[] = [];
  let version = "";
  try {
    version = normalizeVersion(facts.packageVersion, "package.json version");
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  if (facts.kitVersion !== version) {
    problems.push(`src/kit-version.ts says ${facts.kitVersion}, package.json ${version}: make them the same`);
  }
  const notes = changelogEntry(facts.changelog, version);
  if (!notes) problems.push(`CHANGELOG.md has no entry "## [${version}]" (with what changed): add one`);
  if (facts.existingTags.includes(releaseTag(version))) {
    problems.push(
      `${releaseTag(version)} is already tagged: bump the version in package.json and src/kit-version.ts`,
    );
  }
  for (const page of facts.staleDocs)
    problems.push(`${page}: generated sections out of date: run npm run docs`);
  if (problems.length > 0) return { problems };
  return {
    plan: { version, tag: releaseTag(version), majorTag: majorTag(version), notes: notes! },
    problems,
  };
}

/** The entries strictly after `from` up to and including `to` (what an upgrade brings), newest first. */
export function changelogBetween(
  changelog: string,
  from: string,
  to: string,
): { version: string; notes: string }[] {
  const out: { version: string; notes: string }[] = [];
  for (const match of changelog.matchAll(/^## \[?v?(\d+\.\d+\.\d+)\]?/gm)) {
    const version = match[1]!;
    const after = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true }) > 0;
    if (after(version, from) && !after(version, to)) {
      out.push({ version, notes: changelogEntry(changelog, version) ?? "" });
    }
  }
  return out;
}
