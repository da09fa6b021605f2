/**
 * What the fleet upgrade does for one repo (pure), with Renovate's conventions: one branch per target
 * version, named for it; regenerate the branch instead of rebasing; leave a branch alone once a person
 * pushed to it; never reopen a pull request the owners closed unmerged; close the kit's own pull
 * requests for older versions once a newer one is open. The run's adapters gather the facts and
 * execute the decision; this module never calls GitHub.
 */
import { compareVersions, releaseTag } from "./kit-versions";

export const UPGRADE_BRANCH_PREFIX = "mlops-kit/upgrade-";
export const UPGRADE_LABEL = "mlops-kit-upgrade";

export const upgradeBranch = (version: string): string => `${UPGRADE_BRANCH_PREFIX}${releaseTag(version)}`;

/** The version an upgrade branch is for, or undefined for any other branch. */
export function versionOfUpgradeBranch(branch: string): string | undefined {
  const match = /^mlops-kit\/upgrade-v(\d+\.\d+\.\d+)$/.exec(branch);
  return match?.[1];
}

export interface UpgradePullFact {
  number: number;
  headBranch: string;
  state: "open" | "closed";
  merged: boolean;
}

export interface RepoUpgradeFacts {
  archived: boolean;
  /** The kit version in the default branch's `.mlops-kit/answers.yml` (undefined: none, not a kit repo). */
  recordedVersion: string | undefined;
  /** The upgrade branch for the target version, if it exists. */
  branch?: {
    /** Whether every commit on it past the default branch was made by the kit. */
    onlyKitCommits: boolean;
  };
  /** The kit's upgrade pull requests of this repo (any state, any version). */
  pulls: readonly UpgradePullFact[];
}

export type UpgradeDecision =
  | { action: "current" | "not-a-kit-repo" | "archived"; reason: string }
  | { action: "leave-alone"; reason: string; pull?: number }
  | { action: "open"; branch: string; regenerate: true; supersede: number[] }
  | { action: "refresh"; branch: string; pull: number; regenerate: true; supersede: number[] };

export function decideUpgrade(facts: RepoUpgradeFacts, target: string): UpgradeDecision {
  if (facts.archived) return { action: "archived", reason: "archived repos are read-only" };
  if (!facts.recordedVersion) {
    return { action: "not-a-kit-repo", reason: "no .mlops-kit/answers.yml on the default branch" };
  }
  if (compareVersions(facts.recordedVersion, target) >= 0) {
    return { action: "current", reason: `already at ${facts.recordedVersion}` };
  }
  const branch = upgradeBranch(target);
  const forTarget = facts.pulls.filter((p) => p.headBranch === branch);
  const closed = forTarget.find((p) => p.state === "closed" && !p.merged);
  if (closed && !forTarget.some((p) => p.state === "open")) {
    return {
      action: "leave-alone",
      reason: `the owners closed #${closed.number} unmerged; ${releaseTag(target)} is not proposed again`,
      pull: closed.number,
    };
  }
  const open = forTarget.find((p) => p.state === "open");
  if (facts.branch && !facts.branch.onlyKitCommits) {
    return {
      action: "leave-alone",
      reason: `someone pushed to ${branch}; the kit no longer touches it`,
      ...(open ? { pull: open.number } : {}),
    };
  }
  const supersede = facts.pulls
    .filter((p) => p.state === "open" && p.headBranch !== branch)
    .filter((p) => {
      const version = versionOfUpgradeBranch(p.headBranch);
      return version !== undefined && compareVersions(version, target) < 0;
    })
    .map((p) => p.number);
  return open
    ? { action: "refresh", branch, pull: open.number, regenerate: true, supersede }
    : { action: "open", branch, regenerate: true, supersede };
}
