/**
 * What must hold before a kit version is tagged (pure): the version is X.Y.Z and the same in
 * package.json and src/kit-version.ts, CHANGELOG.md has its entry, its tag does not exist yet, and the
 * generated docs sections are in sync. (`dist/` is checked by `npm run check-dist` in the same job.)
 */
import { changelogEntry } from "../../src/upgrade/changelog";
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
