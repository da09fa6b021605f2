/** The fleet upgrade's job summary (pure): counts, then one row per repo that needs a reader's attention. */
import type { UpgradeReport } from "./run-upgrade-projects";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function countOutcomes(report: UpgradeReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of report.repos) counts[r.action] = (counts[r.action] ?? 0) + 1;
  return counts;
}

export function renderUpgradeMarkdown(report: UpgradeReport): string {
  const counts = countOutcomes(report);
  const n = (k: string) => counts[k] ?? 0;
  const icon = report.error || n("failed") > 0 ? "❌" : report.stopped ? "⏸️" : "✅";
  const lines = [
    `## ${icon} Kit upgrade to v${report.to} in ${report.org}`,
    "",
    "| opened | refreshed | unchanged | current | left alone | failed | not reached | archived |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${n("opened")} | ${n("refreshed")} | ${n("unchanged")} | ${n("current")} | ${n("leave-alone")} | ${n("failed")} | ${n("not-reached")} | ${n("archived")} |`,
    "",
    `${report.writes} write(s), ${report.calls} API call(s).`,
  ];
  if (report.error) lines.push("", "```text", report.error, "```");
  if (report.stopped)
    lines.push(
      "",
      `**Stopped early:** ${cell(report.stopped)}. The next run resumes with the repos not reached.`,
    );
  const notable = report.repos.filter(
    (r) => !["current", "unchanged", "archived", "not-reached"].includes(r.action),
  );
  if (notable.length > 0) {
    lines.push(
      "",
      "| repo | outcome | pull request | conflicts | why |",
      "| --- | --- | ---: | ---: | --- |",
    );
    for (const r of notable) {
      lines.push(
        `| ${cell(r.repo)} | ${r.action} | ${r.pull ? `#${r.pull}` : ""} | ${r.conflicts ?? ""} | ${cell(r.reason ?? "")} |`,
      );
    }
  }
  return lines.join("\n");
}
