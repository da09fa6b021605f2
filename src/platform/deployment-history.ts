/** The local platform's deployment history (pure): records, lookups by commit, ids. */
import { KitError } from "../errors";
import type { DeploymentRecord } from "./compute-platform";

/** Sortable, unique id: UTC timestamp, sequence, short SHA. */
export function deploymentId(now: Date, sequence: number, gitSha: string): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${String(sequence).padStart(4, "0")}-${gitSha.slice(0, 7)}`;
}

/** The newest deployment (not rollback) of a commit given by full SHA or unique prefix (at least 7 characters). */
export function findDeploymentOfCommit(history: readonly DeploymentRecord[], ref: string): DeploymentRecord {
  const wanted = ref.toLowerCase();
  if (!/^[0-9a-f]{7,40}$/.test(wanted)) {
    throw new KitError(
      "rollback-ref-invalid",
      `"${ref}" is not a commit SHA (7 to 40 hex characters); resolve tags with git first`,
    );
  }
  const deployed = history.filter((d) => d.kind === "deploy" && d.gitSha.startsWith(wanted));
  const shas = new Set(deployed.map((d) => d.gitSha));
  if (shas.size > 1)
    throw new KitError(
      "rollback-ref-ambiguous",
      `${ref} matches several deployed commits: ${[...shas].join(", ")}`,
    );
  const match = deployed.at(-1);
  if (!match) {
    const known = [...new Set(history.map((d) => d.gitSha.slice(0, 12)))].join(", ") || "none";
    throw new KitError(
      "rollback-ref-unknown",
      `commit ${ref} was never deployed here (deployed commits: ${known})`,
    );
  }
  return match;
}

export function newestFirst(history: readonly DeploymentRecord[]): DeploymentRecord[] {
  return [...history].reverse();
}
