/**
 * An update plan in words (pure): the lines `mlops-kit update` prints, grouped the way an owner reviews
 * them: conflicts first (they need a person), then what changed, then notes.
 */
import type { UpdatePlan } from "./update-planner";

export function describeUpdate(plan: UpdatePlan): string[] {
  const { from, to } = plan.versions;
  const lines = [
    `kit ${from} -> ${to}: ${plan.changes.length} file change(s), ${plan.conflicts.length} conflict(s)`,
  ];
  if (plan.conflicts.length > 0) {
    lines.push("Conflicts (resolve before committing):");
    for (const c of plan.conflicts) lines.push(`  ${c.path}: ${c.detail}`);
  }
  const renamed = new Set(plan.renames.map((r) => r.to));
  for (const change of plan.changes) {
    if (change.kind === "delete" && change.reason === "renamed") continue;
    const verb =
      change.kind === "delete"
        ? "removed"
        : renamed.has(change.path)
          ? `renamed from ${plan.renames.find((r) => r.to === change.path)!.from}`
          : change.reason;
    lines.push(`  ${verb.padEnd(8)} ${change.path}`);
  }
  for (const note of plan.notes) lines.push(`note: ${note.message}`);
  return lines;
}
