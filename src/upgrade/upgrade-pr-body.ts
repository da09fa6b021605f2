/**
 * The upgrade pull request's title and body (pure): what the kit release changes (the changelog
 * entries between the repo's version and the target), every file the update changes, the conflicts
 * and notes with what the owners must do, and how to review. Paths and notes are escaped for Markdown
 * where they are written; changelog entries are the kit's own Markdown and pass through. A hidden
 * marker records the versions, so later runs recognise the kit's pull request.
 */
import { templateHelpers } from "../templates/template-helpers";
import { releaseTag } from "./kit-versions";
import type { UpdatePlan } from "./update-planner";

const md = (text: string): string => String(templateHelpers.md!(text));
const code = (text: string): string => `\`${text.replace(/`/g, "'").replace(/\r?\n/g, " ")}\``;

export const UPGRADE_MARKER = "<!-- mlops-kit-upgrade";

export function upgradeTitle(plan: UpdatePlan): string {
  const conflicted = plan.conflicts.length > 0 ? " (conflicts to resolve)" : "";
  return `Upgrade mlops-kit to ${releaseTag(plan.versions.to)}${conflicted}`;
}

export interface UpgradeBodyInput {
  plan: UpdatePlan;
  /** Changelog entries after the repo's version up to the target, newest first. */
  changelog: readonly { version: string; notes: string }[];
  /** Link to the kit's releases, for the full notes. */
  releasesUrl: string;
}

export function upgradeBody(input: UpgradeBodyInput): string {
  const { plan } = input;
  const { from, to } = plan.versions;
  const lines = [
    `This pull request moves this repo from mlops-kit **${from}** to **${to}**: the template was rendered at both versions with this repo's answers (\`.mlops-kit/answers.yml\`) and merged into your files. Your edits are kept; the kit's changes are applied.`,
    "",
  ];
  if (plan.conflicts.length > 0) {
    lines.push(
      `### ⚠️ ${plan.conflicts.length} conflict(s) to resolve before merging`,
      "",
      "Where you and the kit changed the same lines, the file holds both versions between `<<<<<<< ours`, `=======` and `>>>>>>> template` markers. Check out this branch, keep the right lines, delete the markers, commit and push: from then on the kit leaves this branch to you.",
      "",
    );
    for (const c of plan.conflicts) lines.push(`- ${code(c.path)}: ${md(c.detail)}`);
    lines.push("");
  }
  lines.push(`### What changed in the kit`, "");
  if (input.changelog.length === 0) lines.push(`See the [release notes](${input.releasesUrl}).`, "");
  for (const entry of input.changelog) lines.push(`#### ${releaseTag(entry.version)}`, "", entry.notes, "");
  // A move is one row (at its new path), not a delete and a write.
  const shown = plan.changes.filter((c) => !(c.kind === "delete" && c.reason === "renamed"));
  lines.push(`### Files changed (${shown.length})`, "", "| file | change |", "| --- | --- |");
  const renamedTo = new Map(plan.renames.map((r) => [r.to, r.from]));
  for (const change of shown) {
    const what = renamedTo.has(change.path)
      ? `moved from ${code(renamedTo.get(change.path)!)}`
      : change.kind === "delete"
        ? "removed (the kit no longer ships it)"
        : change.reason;
    lines.push(`| ${code(change.path).replace(/\|/g, "\\|")} | ${what} |`);
  }
  lines.push("");
  if (plan.notes.length > 0) {
    lines.push("### Notes", "");
    for (const note of plan.notes) lines.push(`- ${md(note.message)}`);
    lines.push("");
  }
  lines.push(
    "### How to review",
    "",
    "- CI runs on this branch like on any pull request; merge when it is green and the diff looks right.",
    "- Not now? Close this pull request: the kit will not propose this version again (a later version gets a new one).",
    "- The kit regenerates this branch on each run until someone else pushes to it.",
    "",
    `${UPGRADE_MARKER} ${JSON.stringify({ from, to })} -->`,
  );
  return lines.join("\n");
}
