/**
 * Pull requests and labels of simulated repos, kept beside the repo (a WeakMap, so `SimRepo` itself
 * stays as it was and a reset drops them with the repo). Issues and pull requests share one number
 * sequence per repo, as on GitHub.
 */
import type { SimRepo, SimUser } from "./sim-state";

export interface SimLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface SimPull {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  head: string;
  /** Head sha when the pull request was closed or merged (a deleted branch keeps its last head). */
  headShaAtClose?: string;
  base: string;
  user: SimUser;
  labels: SimLabel[];
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface RepoPulls {
  nextNumber: number;
  pulls: Map<number, SimPull>;
  /** By lower-cased name (GitHub label names are case-insensitive). */
  labels: Map<string, SimLabel>;
}

const byRepo = new WeakMap<SimRepo, RepoPulls>();

export function repoPulls(repo: SimRepo): RepoPulls {
  let pulls = byRepo.get(repo);
  if (!pulls) {
    pulls = { nextNumber: 1, pulls: new Map(), labels: new Map() };
    byRepo.set(repo, pulls);
  }
  return pulls;
}
