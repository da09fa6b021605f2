/**
 * The assessment as a terminal table and as a Markdown job summary. Repo names, details and evidence
 * come from repos (people wrote them): in Markdown they go inside code spans (`mdCode`), never as
 * Markdown; the kit's own words go through `mdText`.
 */
import { mdCode, mdText } from "../text/markdown";
import type { Outcome, RepoAssessment } from "./assessment-model";
import { type AssessmentReport, sectionTitle } from "./assessment-report";

const MARK: Record<Outcome, string> = { pass: "✓", fail: "✗", inconclusive: "?", attested: "◆" };

/** One repo in full (criterion per line), or the fleet as one line per repo. */
export function renderTerminal(report: AssessmentReport): string {
  const lines: string[] = [];
  if (report.repos.length === 1) {
    const repo = report.repos[0]!;
    lines.push(
      oneLine(
        `${repo.repo}${repo.team ? ` (team ${repo.team}, ${repo.template ?? "?"})` : ""}: ${repo.mature ? "mature" : "not mature"} (sections 1–4)`,
      ),
    );
    for (const r of repo.results) {
      lines.push(
        `  ${MARK[r.outcome]} ${r.section} ${r.id.padEnd(24)} ${r.outcome.padEnd(12)} ${oneLine(r.detail)}`,
      );
      if (r.fix) lines.push(`      fix: ${r.fix}`);
    }
    for (const w of repo.warnings) lines.push(`  warning: ${oneLine(w)}`);
  } else {
    const width = Math.max(4, ...report.repos.map((r) => r.repo.length));
    lines.push(
      `${"repo".padEnd(width)}  ${report.sections.map((s) => `s${s.id}`.padStart(5)).join(" ")}  mature`,
    );
    for (const repo of report.repos)
      lines.push(
        `${oneLine(repo.repo).padEnd(width)}  ${repo.sections.map((s) => `${s.passed}/${s.total}`.padStart(5)).join(" ")}  ${repo.mature ? "yes" : "no"}`,
      );
  }
  lines.push(summaryLine(report));
  for (const e of report.errors) lines.push(`error: ${oneLine(e.repo)}: ${oneLine(e.error)}`);
  return lines.join("\n");
}

function summaryLine(report: AssessmentReport): string {
  const o = report.summary.outcomes;
  return `${report.summary.mature}/${report.summary.repos} repo(s) mature; results: ${o.pass} pass, ${o.fail} fail, ${o.inconclusive} inconclusive, ${o.attested} attested`;
}

/** Control characters out, one line: terminal output must not be steered by repo text. */
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ");

export function renderMarkdown(report: AssessmentReport): string {
  const out: string[] = [`## MLOps maturity assessment: ${mdCode(report.scope.name)}`, ""];
  out.push(mdText(summaryLine(report)), "");
  out.push("| section | repos complete |", "| --- | --- |");
  for (const s of report.summary.sections)
    out.push(`| ${s.section}. ${mdText(sectionTitle(s.section))} | ${s.complete}/${report.summary.repos} |`);
  out.push("");
  for (const repo of report.repos.slice(0, 50)) out.push(...repoMarkdown(repo), "");
  if (report.repos.length > 50)
    out.push(`… and ${report.repos.length - 50} more repos: see the JSON report and the dashboard.`, "");
  for (const e of report.errors) out.push(`- not assessed: ${mdCode(e.repo)}: ${mdCode(e.error)}`);
  return `${out.join("\n").trimEnd()}\n`;
}

function repoMarkdown(repo: RepoAssessment): string[] {
  const open = repo.results.filter((r) => r.outcome !== "pass" && r.outcome !== "attested");
  const lines = [
    `### ${mdCode(repo.repo)}: ${repo.mature ? "mature" : "not mature"}`,
    "",
    "| criterion | section | result | detail | fix |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const r of repo.results)
    lines.push(
      `| ${mdCode(r.id, { inTable: true })} | ${r.section} | ${MARK[r.outcome]} ${r.outcome} | ${mdCode(r.detail, { inTable: true })} | ${r.fix ? mdText(r.fix).replace(/\|/g, "\\|") : ""} |`,
    );
  if (open.length) lines.push("", `${open.length} criteria to act on.`);
  return lines;
}
