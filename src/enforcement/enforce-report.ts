/**
 * The enforcement report (pure): one entry per governed repo, never fewer, with its final status
 * (compliant, drifted, repaired, unreadable), the drift found (expected vs actual per field) and what
 * remains; counts; the org ruleset; the repairs. Rendered as JSON (the audit record) and as a Markdown
 * job summary (counts, worst offenders, repaired, unreadable).
 */

import type { RepairResult } from "./enforce-applier";
import type { EnforceMechanism, OrgRulesetAudit, RepoAudit, SourceSummary } from "./enforce-audit";
import type { EnforceAudit } from "./enforce-auditor";
import { describeRepair, type EnforcePlan, reposOf } from "./enforce-planner";
import type { FieldDrift } from "./protection-drift";
import type { ScoreVerdict } from "./protection-score-audit";
import { type FleetScores, fleetScoresOf, renderScoreSection, withRepoScores } from "./score-report";

export type RepoStatus = "compliant" | "drifted" | "repaired" | "unreadable";

export interface RepoReport {
  repo: string;
  defaultBranch: string;
  governedBy: string[];
  status: RepoStatus;
  /** Drift the audit found. */
  drift: FieldDrift[];
  /** Drift left after the repair was re-read (apply mode; equals `drift` in audit mode). */
  remainingDrift: FieldDrift[];
  reason?: string;
  /** OpenSSF Scorecard Branch-Protection score of the sources in force after this run (re-read after a repair). */
  score?: ScoreVerdict;
  /** What could protect the default branch (classic protection, rulesets), in force or not and why, as last read. */
  sources?: SourceSummary[];
  /** Sources not read because what was read already met the policy. */
  unread?: RepoAudit["unread"];
  /** Drifted or repaired repos: which source supplies each rule the branch meets (as last read). */
  suppliedBy?: RepoAudit["suppliedBy"];
  /** Drifted or repaired repos: each drifted rule with the sources in force and their too-weak values (first read). */
  lacking?: RepoAudit["lacking"];
}

export interface EnforceApiUse {
  calls: number;
  /** Calls that spent primary rate-limit budget (everything but 304 Not Modified and dropped connections). */
  budget: number;
  notModified: number;
  failed: number;
}

export interface EnforceReport {
  kitVersion: string;
  org: string;
  mode: "audit" | "apply";
  /** False when drift remains or a repo could not be checked (see `failOnDrift` for the exit status). */
  ok: boolean;
  mechanism?: EnforceMechanism;
  mechanismNote?: string;
  /** How far the audit could see (e.g. org rulesets unreadable: drift may be over-reported). */
  notes?: string[];
  counts: {
    governed: number;
    compliant: number;
    drifted: number;
    repaired: number;
    unreadable: number;
    archivedSkipped: number;
    excluded: number;
    notGoverned: number;
  };
  orgRuleset?: { status: RepoStatus; drift: FieldDrift[]; remainingDrift: FieldDrift[]; reason?: string };
  /** OpenSSF Scorecard Branch-Protection scores of the fleet (score-report.ts). */
  scorecard?: FleetScores;
  repos: RepoReport[];
  /** The plan: what apply does (or did). */
  repairs: { description: string; status: "planned" | "done" | "failed"; outcome?: string; error?: string }[];
  skipped: { archived: string[]; excluded: string[] };
  api?: EnforceApiUse;
  durationMs: number;
  error?: string;
}

export interface ReportInputs {
  kitVersion: string;
  org: string;
  mode: "audit" | "apply";
  audit: EnforceAudit;
  plan: EnforcePlan;
  applied?: RepairResult[];
  /** Apply mode: the re-read of the repaired repos (and the org ruleset). */
  confirmed?: { repos: RepoAudit[]; orgRuleset?: OrgRulesetAudit };
  api?: EnforceApiUse;
  durationMs: number;
}

export function buildEnforceReport(inputs: ReportInputs): EnforceReport {
  const { audit, confirmed } = inputs;
  const reconfirmed = new Map((confirmed?.repos ?? []).map((a) => [a.repo, a]));
  const repos = audit.repos.map((first): RepoReport => {
    const after = reconfirmed.get(first.repo);
    const last = after ?? first;
    const base = {
      repo: first.repo,
      defaultBranch: first.defaultBranch,
      governedBy: first.governedBy,
      drift: first.drift,
      ...(last.sources ? { sources: last.sources } : {}),
      ...(last.unread ? { unread: last.unread } : {}),
      // Where the rules come from matters for what is not plainly compliant; for the rest it would only
      // make a 10,000-repo report heavy.
      ...(first.status === "drifted"
        ? {
            ...(last.suppliedBy ? { suppliedBy: last.suppliedBy } : {}),
            ...(first.lacking ? { lacking: first.lacking } : {}),
          }
        : {}),
    };
    if (first.status === "unreadable")
      return { ...base, status: "unreadable", remainingDrift: [], reason: first.reason ?? "unknown" };
    if (!after || first.status === "compliant")
      return { ...base, status: first.status, remainingDrift: first.drift };
    if (after.status === "unreadable")
      return { ...base, status: "unreadable", remainingDrift: [], reason: `after repair: ${after.reason}` };
    return {
      ...base,
      status: after.status === "compliant" ? "repaired" : "drifted",
      remainingDrift: after.drift,
    };
  });
  const scoredRepos = withRepoScores(repos, audit, confirmed);
  const scorecard = fleetScoresOf(scoredRepos, audit, confirmed);
  const orgRuleset = audit.orgRuleset ? reportOrgRuleset(audit.orgRuleset, confirmed?.orgRuleset) : undefined;
  const count = (status: RepoStatus) => repos.filter((r) => r.status === status).length;
  const counts = {
    governed: repos.length,
    compliant: count("compliant"),
    drifted: count("drifted"),
    repaired: count("repaired"),
    unreadable: count("unreadable"),
    archivedSkipped: audit.scope.skipped.archived.length,
    excluded: audit.scope.skipped.excluded.length,
    notGoverned: audit.scope.notGoverned,
  };
  const orgOk = !orgRuleset || orgRuleset.status === "compliant" || orgRuleset.status === "repaired";
  return {
    kitVersion: inputs.kitVersion,
    org: inputs.org,
    mode: inputs.mode,
    ok: counts.drifted === 0 && counts.unreadable === 0 && orgOk,
    mechanism: audit.mechanism,
    mechanismNote: audit.mechanismNote,
    ...(audit.notes && audit.notes.length > 0 ? { notes: audit.notes } : {}),
    counts,
    ...(orgRuleset ? { orgRuleset } : {}),
    ...(scorecard ? { scorecard } : {}),
    repos: scoredRepos,
    repairs: inputs.applied
      ? inputs.applied.map((r) => ({
          description: r.description,
          status: r.status,
          ...(r.outcome ? { outcome: r.outcome } : {}),
          ...(r.error ? { error: r.error } : {}),
        }))
      : inputs.plan.repairs.map((r) => ({ description: describeRepair(r), status: "planned" as const })),
    skipped: audit.scope.skipped,
    ...(inputs.api ? { api: inputs.api } : {}),
    durationMs: inputs.durationMs,
  };
}

function reportOrgRuleset(
  first: OrgRulesetAudit,
  after: OrgRulesetAudit | undefined,
): NonNullable<EnforceReport["orgRuleset"]> {
  if (first.status === "unreadable")
    return { status: "unreadable", drift: [], remainingDrift: [], reason: first.reason ?? "unknown" };
  if (!after || first.status === "compliant")
    return { status: first.status, drift: first.drift, remainingDrift: first.drift };
  if (after.status === "unreadable")
    return {
      status: "unreadable",
      drift: first.drift,
      remainingDrift: [],
      reason: after.reason ?? "unknown",
    };
  return {
    status: after.status === "compliant" ? "repaired" : "drifted",
    drift: first.drift,
    remainingDrift: after.drift,
  };
}

/** Repos a plan touches: the ones to re-read after applying it. */
export function reposToConfirm(plan: EnforcePlan): Set<string> {
  return new Set(plan.repairs.flatMap(reposOf));
}

const MAX_LISTED = 25;

export function renderEnforceMarkdown(report: EnforceReport): string {
  const { counts } = report;
  const icon = report.error
    ? "❌"
    : report.ok
      ? "✅"
      : counts.drifted > 0 || counts.unreadable > 0
        ? "⚠️"
        : "❌";
  const lines: string[] = [`## ${icon} Branch protection in ${report.org}: ${headline(report)}`, ""];
  if (report.error) lines.push("```text", report.error, "```", "");
  if (report.mechanismNote) lines.push(`**Mechanism:** ${report.mechanismNote}`, "");
  for (const note of report.notes ?? []) lines.push(`> ${note}`, "");
  lines.push(
    "| governed | compliant | drifted | repaired | unreadable | archived (skipped) | excluded |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${counts.governed} | ${counts.compliant} | ${counts.drifted} | ${counts.repaired} | ${counts.unreadable} | ${counts.archivedSkipped} | ${counts.excluded} |`,
    "",
  );
  if (report.orgRuleset) {
    const org = report.orgRuleset;
    lines.push(`**Org ruleset:** ${org.status}${org.reason ? ` (${org.reason})` : ""}`);
    for (const d of org.drift) lines.push(`- ${formatDrift(d)}`);
    lines.push("");
  }
  lines.push(...renderScoreSection(report.scorecard, report.repos, escapeCell));
  const drifted = report.repos
    .filter((r) => r.status === "drifted")
    .sort((a, b) => b.remainingDrift.length - a.remainingDrift.length || a.repo.localeCompare(b.repo));
  if (drifted.length > 0) {
    lines.push(
      `### Worst offenders${drifted.length > MAX_LISTED ? ` (${MAX_LISTED} of ${drifted.length})` : ""}`,
      "",
      "| repo | score | drifted fields | expected → actual |",
      "| --- | ---: | ---: | --- |",
    );
    for (const r of drifted.slice(0, MAX_LISTED)) {
      const score = r.score ? `${r.score.score}/10` : "–";
      lines.push(
        `| ${escapeCell(r.repo)} | ${score} | ${r.remainingDrift.length} | ${escapeCell(summariseDrift(r.remainingDrift))} |`,
      );
    }
    lines.push("");
  }
  const explained = drifted.flatMap((r) =>
    explainSources(r).map((line) => `- ${escapeCell(r.repo)}: ${line}`),
  );
  if (explained.length > 0) {
    lines.push("### Why the rules are missing", "", ...explained.slice(0, MAX_LISTED));
    if (explained.length > MAX_LISTED)
      lines.push(`- … and ${explained.length - MAX_LISTED} more (JSON report)`);
    lines.push("");
  }
  const repaired = report.repos.filter((r) => r.status === "repaired");
  if (repaired.length > 0) {
    lines.push(`### Repaired (${repaired.length})`, "");
    for (const r of repaired.slice(0, MAX_LISTED))
      lines.push(`- ${r.repo}: ${r.drift.map((d) => d.field).join(", ")}`);
    if (repaired.length > MAX_LISTED)
      lines.push(`- … and ${repaired.length - MAX_LISTED} more (JSON report)`);
    lines.push("");
  }
  const unreadable = report.repos.filter((r) => r.status === "unreadable");
  if (unreadable.length > 0) {
    lines.push(`### Unreadable (${unreadable.length}): protection unknown`, "");
    for (const r of unreadable.slice(0, MAX_LISTED)) lines.push(`- ${r.repo}: ${r.reason}`);
    if (unreadable.length > MAX_LISTED)
      lines.push(`- … and ${unreadable.length - MAX_LISTED} more (JSON report)`);
    lines.push("");
  }
  const failed = report.repairs.filter((r) => r.status === "failed");
  if (report.mode === "audit" && report.repairs.length > 0) {
    lines.push(
      `### Plan: ${report.repairs.length} repair(s), not applied (audit mode; run with apply to repair)`,
      "",
    );
    for (const r of report.repairs.slice(0, MAX_LISTED)) lines.push(`- ${r.description}`);
    if (report.repairs.length > MAX_LISTED) lines.push(`- … and ${report.repairs.length - MAX_LISTED} more`);
    lines.push("");
  } else if (failed.length > 0) {
    lines.push(`### Failed repairs (${failed.length})`, "");
    for (const r of failed.slice(0, MAX_LISTED)) lines.push(`- ${r.description}: ${r.error}`);
    lines.push("");
  }
  if (report.api) {
    lines.push(
      `<sub>${report.api.calls} API calls (${report.api.budget} counted against the rate limit, ${report.api.notModified} not modified), ${(report.durationMs / 1000).toFixed(1)} s, mlops-kit ${report.kitVersion}</sub>`,
      "",
    );
  }
  return lines.join("\n");
}

/** Sources that would protect the branch but are not in force, and who may bypass those that are. */
function explainSources(repo: RepoReport): string[] {
  const lines = (repo.sources ?? [])
    .filter((s) => !s.inForce)
    .map((s) => `${s.source} is not in force: ${s.notInForce}`);
  for (const field of ["enforceAdmins", "bypassActors"] as const) {
    for (const entry of repo.lacking?.[field] ?? [])
      lines.push(`${entry.source} may be bypassed by ${(entry.value as string[]).join(", ")}`);
  }
  return lines;
}

function headline(report: EnforceReport): string {
  if (report.error) return "enforcement failed";
  const { counts } = report;
  const parts = [`${counts.compliant} of ${counts.governed} repos compliant`];
  if (counts.repaired > 0) parts.push(`${counts.repaired} repaired`);
  if (counts.drifted > 0) parts.push(`${counts.drifted} drifted`);
  if (counts.unreadable > 0) parts.push(`${counts.unreadable} unreadable`);
  return parts.join(", ");
}

export function formatDrift(d: FieldDrift): string {
  return `${d.field}: expected ${show(d.expected)}, actual ${d.actual === null ? "not set" : show(d.actual)}`;
}

function summariseDrift(drift: readonly FieldDrift[]): string {
  if (drift.length > 1 && drift.every((d) => d.actual === null || d.field === "scorecardScore"))
    return "no protection at all";
  return drift
    .map((d) => `${d.field} ${show(d.expected)} → ${d.actual === null ? "not set" : show(d.actual)}`)
    .join("; ");
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** How many repo names a failure message lists before "… and N more". */
const MAX_NAMED = 10;

export interface EnforceVerdict {
  /** 0 clean (or only drift with failing on drift off); 1 otherwise. */
  exitCode: 0 | 1;
  /** Why the run fails, naming the repos; undefined when it passes. */
  message?: string;
}

/**
 * The exit status of a run (pure). Drift fails the run only when `failOnDrift` is on; what the run
 * could not establish or do (an unreadable repo or org ruleset, a failed repair, a failed run) always
 * fails it, because "protection unknown" must never read as "protected".
 */
export function enforceVerdict(report: EnforceReport, failOnDrift: boolean): EnforceVerdict {
  if (report.error) return { exitCode: 1, message: `enforcement failed: ${report.error}` };
  const named = (names: string[]) =>
    `${names.slice(0, MAX_NAMED).join(", ")}${names.length > MAX_NAMED ? `, … and ${names.length - MAX_NAMED} more` : ""}`;
  const reposWith = (status: RepoStatus) =>
    report.repos.filter((r) => r.status === status).map((r) => r.repo);
  const problems: string[] = [];
  const unreadable = reposWith("unreadable");
  if (unreadable.length > 0)
    problems.push(`${unreadable.length} repo(s) unreadable (protection unknown): ${named(unreadable)}`);
  if (report.orgRuleset?.status === "unreadable")
    problems.push(`the org ruleset is unreadable (${report.orgRuleset.reason ?? "unknown"})`);
  const failed = report.repairs.filter((r) => r.status === "failed");
  if (failed.length > 0)
    problems.push(`${failed.length} repair(s) failed: ${named(failed.map((r) => r.description))}`);
  if (failOnDrift) {
    const drifted = reposWith("drifted");
    if (drifted.length > 0) problems.push(`${drifted.length} repo(s) drifted: ${named(drifted)}`);
    if (report.orgRuleset?.status === "drifted") problems.push("the org ruleset drifted");
  }
  if (problems.length === 0) return { exitCode: 0 };
  return { exitCode: 1, message: `branch protection in ${report.org}: ${problems.join("; ")}` };
}
