/**
 * The fleet dashboard: one self-contained HTML file (no external asset, no network; charts as inline
 * SVG), readable without JavaScript. A small inline script adds sorting and filtering of the repo
 * table. Every value from a repo is escaped with `escapeHtml` where it is written.
 */
import { escapeHtml as h, htmlId } from "../text/html";
import type { CriterionResult, Evidence, RepoAssessment } from "./assessment-model";
import { type AssessmentReport, sectionTitle } from "./assessment-report";
import { CRITERIA } from "./criteria";
import { DASHBOARD_CSS, DASHBOARD_SCRIPT } from "./dashboard-style";

export function renderDashboard(report: AssessmentReport, history: readonly AssessmentReport[] = []): string {
  const { summary } = report;
  const title = `MLOps maturity: ${report.scope.name}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${h(title)}</title><style>${DASHBOARD_CSS}</style></head>
<body><header><h1>${h(title)}</h1><p>Generated ${h(report.generatedAt)} by mlops-kit ${h(report.kitVersion)}. Mature: every criterion of sections 1–4 passes or is attested. Criteria are reported one by one; there is no single score.</p></header>
<main>
<section aria-labelledby="overview"><h2 id="overview">Overview</h2>
<div class="cards">${card(summary.repos, "repos assessed")}${card(summary.mature, "mature")}${card(summary.outcomes.fail, "failing results")}${card(summary.outcomes.inconclusive, "inconclusive results")}${card(summary.outcomes.attested, "attested results")}</div>
${sectionChart(report)}
${history.length > 0 ? trendChart([...history, report]) : ""}
</section>
${repoTable(report)}
${criteriaTable(report)}
<section aria-labelledby="per-repo"><h2 id="per-repo">Every repo</h2>
${report.repos.map(repoSection).join("\n")}
</section>
${report.errors.length ? `<section aria-labelledby="errors"><h2 id="errors">Not assessed</h2><ul>${report.errors.map((e) => `<li><code>${h(e.repo)}</code>: ${h(e.error)}</li>`).join("")}</ul></section>` : ""}
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body></html>
`;
}

/** The kit's own text (criteria data): escaped, then its `code` spans shown as code. */
const kitText = (text: string) => h(text).replace(/`([^`]+)`/g, "<code>$1</code>");

const card = (value: number, label: string) =>
  `<div class="card"><strong>${value}</strong><span>${h(label)}</span></div>`;

function sectionChart(report: AssessmentReport): string {
  const total = Math.max(1, report.summary.repos);
  const rowH = 30;
  const width = 720;
  const barX = 280;
  const barW = width - barX - 90;
  const bars = report.summary.sections.map((s, i) => {
    const y = i * rowH + 6;
    const w = Math.round((s.complete / total) * barW);
    return `<text x="0" y="${y + 15}">${s.section}. ${h(sectionTitle(s.section))}</text><rect x="${barX}" y="${y}" width="${barW}" height="20" rx="3" fill="#eaeef2"/><rect x="${barX}" y="${y}" width="${w}" height="20" rx="3" fill="${s.section <= 4 ? "#1a7f37" : "#6639ba"}"/><text x="${barX + barW + 8}" y="${y + 15}">${s.complete}/${report.summary.repos}</text>`;
  });
  const height = report.summary.sections.length * rowH + 8;
  return `<figure><svg role="img" aria-labelledby="sections-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title id="sections-title">Repos complete per section</title>${bars.join("")}</svg><figcaption>Repos whose every criterion of the section passes or is attested (sections 1–4 in green decide maturity).</figcaption></figure>`;
}

function trendChart(reports: readonly AssessmentReport[]): string {
  const points = [...reports].sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
  const width = 720;
  const height = 160;
  const max = Math.max(1, ...points.map((r) => r.summary.repos));
  const x = (i: number) => 40 + (points.length === 1 ? 0 : (i * (width - 80)) / (points.length - 1));
  const y = (v: number) => height - 30 - (v / max) * (height - 50);
  const line = (pick: (r: AssessmentReport) => number, color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((r, i) => `${x(i)},${y(pick(r))}`).join(" ")}"/>`;
  const labels = points.map(
    (r, i) =>
      `<text x="${x(i)}" y="${height - 8}" text-anchor="middle">${h(r.generatedAt.slice(0, 10))}</text>`,
  );
  const rows = points
    .map(
      (r) =>
        `<tr><td>${h(r.generatedAt.slice(0, 10))}</td><td class="num">${r.summary.repos}</td><td class="num">${r.summary.mature}</td>${r.summary.sections.map((s) => `<td class="num">${s.complete}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<h3>Trend</h3><figure><svg role="img" aria-labelledby="trend-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title id="trend-title">Mature repos (green) and repos assessed (grey) per report</title>${line((r) => r.summary.repos, "#8c959f")}${line((r) => r.summary.mature, "#1a7f37")}${labels.join("")}</svg></figure>
<table><caption>Trend per report</caption><thead><tr><th scope="col">date</th><th scope="col">repos</th><th scope="col">mature</th>${points[0]!.summary.sections.map((s) => `<th scope="col">s${s.section}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>`;
}

function repoTable(report: AssessmentReport): string {
  const teams = [...new Set(report.repos.map((r) => r.team ?? ""))].filter(Boolean).sort();
  const templates = [...new Set(report.repos.map((r) => r.template ?? ""))].filter(Boolean).sort();
  const options = (values: string[]) =>
    values.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join("");
  // Compact cells (1,000 repos must stay a small file): the class says complete (f), partly (p) or
  // none (n); the script reads team, template and ratios from the cells themselves.
  const rows = report.repos.map((r) => {
    const sections = r.sections
      .map((s) => `<td class=${s.complete ? "f" : s.passed === 0 ? "n" : "p"}>${s.passed}/${s.total}</td>`)
      .join("");
    return `<tr><th scope="row"><a href="#${htmlId("repo", r.repo)}">${h(r.repo)}</a></th><td>${h(r.team ?? "")}</td><td>${h(r.template ?? "")}</td><td>${h(r.kitVersion ?? "")}</td>${sections}<td class=${r.mature ? "yes>yes" : "no>no"}</td></tr>`;
  });
  return `<section aria-labelledby="repos-title"><h2 id="repos-title">Repos by team and template</h2>
<form id="filters" class="filters" hidden><label>Team<select name="team"><option value="">all</option>${options(teams)}</select></label><label>Template<select name="template"><option value="">all</option>${options(templates)}</select></label><label>Mature<select name="mature"><option value="">all</option><option value="yes">yes</option><option value="no">no</option></select></label><label>Repo name<input name="q" type="search"></label><p id="shown" role="status" aria-live="polite"></p></form>
<table id="repos"><caption>Criteria satisfied (pass or attested) per section; choose a column to sort.</caption><thead><tr><th scope="col">repo</th><th scope="col">team</th><th scope="col">template</th><th scope="col">kit</th>${report.sections.map((s) => `<th scope="col" title="${h(s.title)}">s${s.id}</th>`).join("")}<th scope="col">mature</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table></section>`;
}

function criteriaTable(report: AssessmentReport): string {
  const rows = report.criteria.map(
    (c) =>
      `<tr id="${htmlId("criterion", c.id)}"><th scope="row"><code>${h(c.id)}</code></th><td>${c.section}</td><td>${h(c.title)}</td><td>${c.measured ? "measured" : "attested by owners"}</td><td>${kitText(c.fix)}</td></tr>`,
  );
  return `<section aria-labelledby="criteria-title"><h2 id="criteria-title">Criteria</h2><p id="attest">Criteria marked "attested by owners" are answered in <code>.mlops-kit/attestations.yml</code> of each repo (<code>version: 1</code>, then under <code>attestations:</code> the criterion with <code>answer</code>, <code>by</code> and <code>date</code>).</p><table><caption>What each criterion checks and how to fix it</caption><thead><tr><th scope="col">criterion</th><th scope="col">section</th><th scope="col">what</th><th scope="col">how</th><th scope="col">fix</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function evidenceText(e: Evidence): string {
  const where = e.path ? `${e.path}${e.line ? `:${e.line}` : ""}` : (e.field ?? "");
  return `<code>${h(where)}</code>${e.job ? ` job <code>${h(e.job)}</code>` : ""} ${h(e.note)}`;
}

/** A criterion to act on (or attested): result, detail, evidence; its fix is in the criteria table. */
function resultRow(r: CriterionResult): string {
  const evidence = r.evidence.slice(0, 2).map(evidenceText).join("<br>");
  return `<tr><th scope="row">${h(r.id)}</th><td class=${r.outcome}>${r.outcome}</td><td>${h(r.detail)}</td><td>${evidence}</td><td>${r.fix ? `<a href="#${htmlId("criterion", r.id)}">fix</a>` : ""}</td></tr>`;
}

/**
 * One repo: a row with detail, evidence and a link to the fix for each criterion to act on (failing,
 * inconclusive) or attested; the passing ones and the ones awaiting an attestation as lists. Every
 * criterion appears exactly once, and 1,000 repos stay a file a browser opens at once (the JSON
 * report holds every piece of evidence).
 */
function repoSection(r: RepoAssessment): string {
  const unattested = (x: CriterionResult) =>
    x.outcome === "inconclusive" && x.evidence.length === 0 && !measured.has(x.id);
  const rows = r.results.filter((x) => x.outcome !== "pass" && !unattested(x));
  const passed = r.results.filter((x) => x.outcome === "pass");
  const waiting = r.results.filter(unattested);
  const open = r.results.filter((x) => x.outcome === "fail" || x.outcome === "inconclusive").length;
  const list = (items: CriterionResult[]) =>
    ` <span class=ids>${items.map((x) => h(x.id)).join(", ")}</span></p>`;
  const table = rows.length
    ? `<table><thead><tr><th scope=col>criterion<th scope=col>result<th scope=col>detail<th scope=col>evidence<th scope=col>fix</thead><tbody>${rows.map(resultRow).join("")}</tbody></table>`
    : "";
  return `<details class=repo id="${htmlId("repo", r.repo)}"><summary><h3>${h(r.repo)}</h3> <span class=${r.mature ? "yes>mature" : "no>not mature"}</span> <span class=muted>${open} open</span></summary>
${table}${passed.length ? `<p><span class=pass>Pass (${passed.length}):</span>${list(passed)}` : ""}${waiting.length ? `<p><span class=inconclusive>Not attested yet (${waiting.length}, <a href="#attest">how</a>):</span>${list(waiting)}` : ""}${r.warnings.map((w) => `<p class=fail>${h(w)}</p>`).join("")}</details>`;
}

const measured = new Set(CRITERIA.filter((c) => c.measure).map((c) => c.id));
