/**
 * What a create-project run tells its users (pure): the JSON report of every step, the Markdown job
 * summary and the plain-text plan for the log. None of them ever holds a secret value: secret steps
 * carry names only, and error texts are scrubbed before they get here. In the summary, a person's text
 * (and anything that may quote it, such as an error) is only ever inside a code span or fence it
 * cannot close; the kit's own text is Markdown-escaped (src/text/markdown.ts).
 */
import type { KitConfig } from "../config/kit-config";
import type { ProjectSpec } from "../project/project-spec";
import { mdCode, mdFence, mdText, mdUrl } from "../text/markdown";
import type { CreatePlan, PlanStep } from "./create-plan";
import type { StepResult } from "./plan-applier";
import { type ProtectionScoreReport, renderProtectionScoreSection } from "./protection-score-summary";

export interface ApiUsage {
  calls: number;
  mutating: number;
  failed: number;
  roundTrips: number;
}

export interface CreateReport {
  kitVersion: string;
  ok: boolean;
  dryRun: boolean;
  repository?: { fullName: string; url: string; mode: CreatePlan["mode"] };
  requesters: string[];
  /** Planned steps (dry run) or their results. */
  steps: StepResult[] | PlannedStep[];
  notes: string[];
  error?: string;
  api?: ApiUsage;
  /** OpenSSF Scorecard Branch-Protection score of the protection the plan applies. */
  protectionScore?: ProtectionScoreReport;
  durationMs: number;
}

export interface PlannedStep {
  id: string;
  area: string;
  description: string;
  dependsOn: string[];
  /** The REST call, or the git push, in one line (never a secret value). */
  request: string;
}

export function describeStepRequest(step: PlanStep, plan: CreatePlan): string {
  switch (step.kind) {
    case "create-repository":
    case "request":
      return fillRoute(step.route, step.params);
    case "push-initial-commit":
      return `git push ${plan.cloneUrl} HEAD:refs/heads/${step.branch} (${step.tree.size} files)`;
    case "set-secret":
      return step.scope.type === "repository"
        ? `PUT /repos/${plan.org}/${plan.repo}/actions/secrets/${step.name} (value from $${step.fromEnv}, sealed)`
        : `PUT /repos/${plan.org}/${plan.repo}/environments/${step.scope.environment}/secrets/${step.name} (value from $${step.fromEnv}, sealed)`;
    case "upsert-ruleset":
      return step.existingRulesetId !== undefined
        ? `PUT /repos/${plan.org}/${plan.repo}/rulesets/${step.existingRulesetId}`
        : `POST /repos/${plan.org}/${plan.repo}/rulesets`;
  }
}

function fillRoute(route: string, params: Record<string, unknown>): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function plannedSteps(plan: CreatePlan): PlannedStep[] {
  return plan.steps.map((step) => ({
    id: step.id,
    area: step.area,
    description: step.description,
    dependsOn: step.dependsOn,
    request: describeStepRequest(step, plan),
  }));
}

/** The plan as plain text for the log. */
export function renderPlanText(plan: CreatePlan): string {
  const lines = [
    `Plan for ${plan.org}/${plan.repo} (${plan.mode === "create" ? "new repository" : "resume an unfinished create"}):`,
  ];
  plan.steps.forEach((step, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. [${step.area}] ${step.description}`);
    lines.push(
      `      ${describeStepRequest(step, plan)}${step.dependsOn.length ? `  (after ${step.dependsOn.join(", ")})` : ""}`,
    );
  });
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  return lines.join("\n");
}

/** The kit's own words in a table cell or note: every markup character escaped, `|` included. */
const cell = (text: string) => mdText(text);
/** A person's value (or text that may quote one) in a table cell. */
const code = (text: string) => mdCode(text, { inTable: true });
const STATUS_ICON: Record<string, string> = { done: "✅", failed: "❌", "not-run": "⏸️" };

export interface SummaryContext {
  config: KitConfig;
  spec?: ProjectSpec;
  plan?: CreatePlan;
}

export function renderSummaryMarkdown(report: CreateReport, context: SummaryContext): string {
  const { config, spec, plan } = context;
  const repoLink = report.repository
    ? `[${mdText(report.repository.fullName)}](${mdUrl(report.repository.url)})`
    : spec
      ? mdCode(`${config.org}/${spec.name}`)
      : "the project";
  const lines: string[] = [];
  if (report.dryRun) lines.push(`## 📝 Plan for ${repoLink} (dry run: nothing was changed)`);
  else if (report.ok) lines.push(`## ✅ ${repoLink} is ready`);
  else lines.push(`## ❌ Creating ${repoLink} failed`);
  lines.push("");
  if (report.error) {
    lines.push(mdFence(report.error), "");
    if (plan && !report.dryRun)
      lines.push(
        "Steps that finished are kept. Fix the cause and **re-run the workflow**: it resumes where it stopped.",
        "",
      );
  }
  if (spec) {
    const tags = spec.costTags.map((t) => code(`${t.key}=${t.value}`)).join(" ");
    const envs = config.environments
      .map((e) => {
        const reviewers = e.reviewers.map((r) =>
          r === "team" ? spec.team : r === "platform" ? config.teams.platform : r,
        );
        return reviewers.length ? `${e.name} (reviewers: ${reviewers.join(", ")})` : e.name;
      })
      .join(", ");
    const secretNames = [
      ...config.secrets.repository.map((s) => s.name),
      ...Object.entries(config.secrets.environments).flatMap(([env, specs]) =>
        specs.map((s) => `${env}/${s.name}`),
      ),
    ];
    const bp = config.branchProtection;
    lines.push(
      "| | |",
      "| --- | --- |",
      `| Template | ${code(spec.template)} |`,
      `| Team | ${code(spec.team)} (${cell(config.teams.projectPermission)}), ${cell(config.teams.platform)} (${cell(config.teams.platformPermission)}) |`,
      `| Requested by | ${report.requesters.map(code).join(", ") || "—"} |`,
      `| Environments | ${cell(envs)} |`,
      `| Secrets | ${secretNames.map(code).join(" ") || "—"} |`,
      `| Cost tags | ${tags || "—"} |`,
      `| Topics | ${spec.topics.map(code).join(" ")} |`,
      `| Protection | ${code(config.repository.defaultBranch)} via ${bp.mechanism}: ${bp.requiredApprovingReviewCount} approval(s)${bp.requireCodeOwnerReviews ? ", code owners" : ""}, checks ${bp.requiredStatusChecks.map(code).join(" ") || "none"}${bp.allowForcePushes ? "" : ", no force push"}${bp.allowDeletions ? "" : ", no deletion"} |`,
      "",
    );
  }
  // Only what was (or, in a dry run, would be) applied: a failed create may have no protection yet.
  if (report.protectionScore && report.ok)
    lines.push(...renderProtectionScoreSection(report.protectionScore));
  if (report.steps.length > 0) {
    lines.push("### Steps", "", "| # | step | status | time |", "| --- | --- | --- | --- |");
    report.steps.forEach((step, i) => {
      const status =
        "status" in step ? `${STATUS_ICON[step.status] ?? ""} ${step.outcome ?? step.status}` : "planned";
      const time = "ms" in step ? `${step.ms} ms` : "";
      lines.push(`| ${i + 1} | ${cell(step.description)} | ${cell(status)} | ${time} |`);
    });
    lines.push("");
  }
  if (report.notes.length > 0) lines.push(...report.notes.map((n) => `> ${cell(n)}`), "");
  if (report.ok && !report.dryRun && report.repository && spec) {
    lines.push(
      "### Next steps",
      "",
      `1. ${mdCode(`git clone ${report.repository.url}.git`)} and read its README.`,
      `2. Open a pull request: CI runs lint, tests and builds the wheel; ${mdCode(spec.team)} reviews.`,
      `3. Merge to ${mdCode(config.repository.defaultBranch)}: the project deploys to **${mdText(config.environments[0]?.name ?? "dev")}**. Publish a release to deploy to production after approval.`,
      "",
    );
  }
  if (report.api) {
    lines.push(
      `<sub>mlops-kit ${report.kitVersion} · ${report.api.calls} API calls (${report.api.mutating} mutating, ${report.api.roundTrips} sequential round trips) · ${(report.durationMs / 1000).toFixed(1)} s</sub>`,
    );
  }
  return `${lines.join("\n")}\n`;
}
