/**
 * The kit's CHANGELOG.md read as data (pure): one `## [X.Y.Z] - date` heading per release. The release
 * check needs a version's entry; upgrade pull requests quote the entries a repo's update brings.
 */
import { compareVersions } from "./kit-versions";

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

/** The entries strictly after `from` up to and including `to` (what an upgrade brings), newest first. */
export function changelogBetween(
  changelog: string,
  from: string,
  to: string,
): { version: string; notes: string }[] {
  const out: { version: string; notes: string }[] = [];
  for (const match of changelog.matchAll(/^## \[?v?(\d+\.\d+\.\d+)\]?/gm)) {
    const version = match[1]!;
    if (compareVersions(version, from) > 0 && compareVersions(version, to) <= 0) {
      out.push({ version, notes: changelogEntry(changelog, version) ?? "" });
    }
  }
  return out;
}
