/**
 * Criteria of sections 1 and 4 that files show: README and ownership, release notes, cost tags,
 * and the monitor job with its alert.
 */
import { bundleOf } from "./bundle-facts";
import { type Check, type Criterion, fileEvidence, outcomeOf } from "./criterion";
import { lineOf } from "./repo-facts";

export const projectReadme: Criterion = {
  id: "project-readme",
  section: 1,
  title: "The project is documented in its README",
  questions: ["1.1 Project documentation exists (purpose, how to run, how to deploy)"],
  measuredBy: "README.md exists with at least one heading and 10 lines of text.",
  fix: "Write README.md: what the model does, how to run, test and deploy it.",
  kitSatisfies: true,
  measure: (facts) => {
    const path = ["README.md", "README"].find((p) => facts.files.has(p));
    const text = path ? (facts.files.get(path) ?? "") : "";
    const lines = text.split(/\r?\n/).filter((l) => l.trim()).length;
    const heading = lineOf(text, /^#\s/);
    return outcomeOf([
      path && heading && lines >= 10
        ? {
            ok: true,
            detail: `${path}: ${lines} lines`,
            evidence: [fileEvidence(path, "project documentation", heading)],
          }
        : { ok: false, detail: path ? `${path} is too thin (${lines} lines)` : "no README.md" },
    ]);
  },
};

const CODEOWNERS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

export const ownership: Criterion = {
  id: "code-owners",
  section: 4,
  title: "An owning team is named for support",
  questions: ["4.1 The team that supports the model in production is known"],
  measuredBy: "CODEOWNERS (.github/, root or docs/) assigns an owner to every file (`*`).",
  fix: "Add `* @org/team` to .github/CODEOWNERS.",
  kitSatisfies: true,
  measure: (facts) => {
    const path = CODEOWNERS.find((p) => facts.files.has(p));
    const line = lineOf(facts.files.get(path ?? ""), /^\*\s+@\S+/);
    return outcomeOf([
      path && line
        ? {
            ok: true,
            detail: `${path} names the owners`,
            evidence: [fileEvidence(path, "owner of every file", line)],
          }
        : { ok: false, detail: path ? `${path} has no \`*\` owner` : "no CODEOWNERS" },
    ]);
  },
};

export const releaseNotes: Criterion = {
  id: "release-notes",
  section: 1,
  title: "Releases have notes",
  questions: ["1.2 Changes between model versions are documented (release notes)"],
  measuredBy:
    "CHANGELOG.md (or RELEASE_NOTES.md) is committed, or .github/release.yml configures generated notes.",
  fix: "Add CHANGELOG.md, or .github/release.yml so GitHub generates release notes.",
  kitSatisfies: false,
  measure: (facts) => {
    const path = [
      "CHANGELOG.md",
      "CHANGELOG",
      "RELEASE_NOTES.md",
      ".github/release.yml",
      ".github/release.yaml",
    ].find((p) => facts.files.has(p));
    return outcomeOf([
      path
        ? { ok: true, detail: `${path} present`, evidence: [fileEvidence(path, "release notes", 1)] }
        : { ok: false, detail: "no CHANGELOG.md or .github/release.yml" },
    ]);
  },
};

export const costTags: Criterion = {
  id: "cost-tags",
  section: 4,
  title: "Cost tags are present and valid on every job",
  questions: ["4.2 The cost of the ML system is known and attributed"],
  measuredBy:
    "Every job of databricks.yml carries each required cost tag of the kit config, with a value its pattern or list allows.",
  fix: "Set the cost tags of the kit config (e.g. cost-center=CC-1234) on every job in databricks.yml.",
  kitSatisfies: true,
  measure: (facts, context) => {
    const bundle = bundleOf(facts);
    if (!bundle || bundle.jobs.length === 0)
      return outcomeOf([{ ok: false, detail: "no job in databricks.yml to tag" }]);
    const checks: Check[] = [];
    for (const job of bundle.jobs) {
      for (const tag of context.costTags) {
        const value = job.tags[tag.key];
        const line = lineOf(
          bundle.text,
          new RegExp(`^\\s+"?${tag.key.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}"?:`),
        );
        const evidence = [fileEvidence(bundle.path, `${job.key} tag ${tag.key}`, line)];
        if (value === undefined || value === "") {
          if (tag.required)
            checks.push({ ok: false, detail: `job ${job.key} has no ${tag.key} tag`, evidence });
          continue;
        }
        const fits =
          (!tag.pattern || new RegExp(`^(?:${tag.pattern})$`).test(value)) &&
          (!tag.allowed || tag.allowed.includes(value));
        if (!fits)
          checks.push({
            ok: false,
            detail: `job ${job.key}: ${tag.key}=${JSON.stringify(value)} is not valid`,
            evidence,
          });
      }
    }
    if (checks.length === 0)
      checks.push({
        ok: true,
        detail: `${bundle.jobs.length} job(s) carry valid ${context.costTags.map((t) => t.key).join(", ")}`,
        evidence: [fileEvidence(bundle.path, "cost tags", lineOf(bundle.text, /^\s+tags:/))],
      });
    return outcomeOf(checks);
  },
};

export const monitoring: Criterion = {
  id: "monitoring-alert",
  section: 4,
  title: "A monitoring job runs and alerts the team",
  questions: ["4.3 Data drift and model performance are monitored", "4.4 Alerts reach the owning team"],
  measuredBy:
    "databricks.yml defines a monitor job (a task or entry point named monitor) with failure notifications (email or webhook).",
  fix: "Keep the template's monitor job and add the team's alert destinations (teams.alerts in the kit config), then update the project.",
  kitSatisfies: true,
  measure: (facts) => {
    const bundle = bundleOf(facts);
    const monitor =
      bundle?.jobs.find((j) => /monitor/i.test(j.key)) ??
      bundle?.jobs.find((j) => j.taskNames.some((n) => /monitor/i.test(n)));
    if (!bundle || !monitor) return outcomeOf([{ ok: false, detail: "no monitor job in databricks.yml" }]);
    const line = lineOf(bundle.text, new RegExp(`^\\s{4}${monitor.key}:`));
    const after = bundle.text
      .split(/\r?\n/)
      .slice(line ?? 0)
      .join("\n");
    const notifications = lineOf(after, /_notifications:/);
    const alertLine = notifications === undefined ? undefined : (line ?? 0) + notifications;
    return outcomeOf([
      {
        ok: true,
        detail: `monitor job ${monitor.key}`,
        evidence: [fileEvidence(bundle.path, "monitor job", line)],
      },
      monitor.alertTargets > 0
        ? {
            ok: true,
            detail: `${monitor.alertTargets} alert destination(s)`,
            evidence: [fileEvidence(bundle.path, "failure notifications", alertLine)],
          }
        : { ok: false, detail: `monitor job ${monitor.key} alerts nobody on failure` },
    ]);
  },
};
