/**
 * What the fleet upgrade reads and writes on GitHub, one method per call (adapter over the kit's Octokit
 * client, which adds throttling, retries and conditional GETs). Every write is counted by the caller's
 * budget; reads of a repo that is already current are one conditional GET (a 304 on repeat runs).
 */
import type { KitOctokitClient } from "../github/github-client";
import { ANSWERS_FILE } from "../project/project-renderer";
import { UPGRADE_BRANCH_PREFIX, UPGRADE_LABEL, type UpgradePullFact } from "./upgrade-pr-planner";

export interface UpgradeGitHub {
  /** The default branch's answers file, or undefined when the repo has none. */
  readAnswers(repo: string): Promise<string | undefined>;
  /** The kit's upgrade pull requests (any state). */
  listUpgradePulls(
    repo: string,
  ): Promise<(UpgradePullFact & { title: string; body: string; labelled: boolean })[]>;
  /** The branch's last commit (author email, tree), or undefined when the branch does not exist. */
  branchHead(repo: string, branch: string): Promise<{ authorEmail: string; tree: string } | undefined>;
  createPull(
    repo: string,
    pull: { title: string; body: string; head: string; base: string },
  ): Promise<number>;
  updatePull(
    repo: string,
    number: number,
    pull: { title?: string; body?: string; state?: "closed" },
  ): Promise<void>;
  labelPull(repo: string, number: number): Promise<void>;
}

const status = (error: unknown): number | undefined => (error as { status?: number }).status;

export function createUpgradeGitHub(octokit: KitOctokitClient, org: string): UpgradeGitHub {
  return {
    async readAnswers(repo) {
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          owner: org,
          repo,
          path: ANSWERS_FILE,
        });
        const file = data as { type?: string; content?: string; encoding?: string };
        if (file.type !== "file" || typeof file.content !== "string") return undefined;
        return Buffer.from(file.content, "base64").toString("utf8");
      } catch (error) {
        if (status(error) === 404) return undefined;
        throw error;
      }
    },
    async listUpgradePulls(repo) {
      const pulls = await octokit.paginate("GET /repos/{owner}/{repo}/pulls", {
        owner: org,
        repo,
        state: "all",
        per_page: 100,
      });
      return pulls
        .filter((p) => p.head.ref.startsWith(UPGRADE_BRANCH_PREFIX))
        .map((p) => ({
          number: p.number,
          headBranch: p.head.ref,
          state: p.state === "open" ? ("open" as const) : ("closed" as const),
          merged: p.merged_at !== null,
          title: p.title,
          body: p.body ?? "",
          labelled: p.labels.some((l) => l.name === UPGRADE_LABEL),
        }));
    },
    async branchHead(repo, branch) {
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/branches/{branch}", {
          owner: org,
          repo,
          branch,
        });
        return { authorEmail: data.commit.commit.author?.email ?? "", tree: data.commit.commit.tree.sha };
      } catch (error) {
        if (status(error) === 404) return undefined;
        throw error;
      }
    },
    async createPull(repo, pull) {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/pulls", {
        owner: org,
        repo,
        ...pull,
      });
      return data.number;
    },
    async updatePull(repo, number, pull) {
      await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
        owner: org,
        repo,
        pull_number: number,
        ...pull,
      });
    },
    async labelPull(repo, number) {
      await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
        owner: org,
        repo,
        issue_number: number,
        labels: [UPGRADE_LABEL],
      });
    },
  };
}
