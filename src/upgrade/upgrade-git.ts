/**
 * Git for the fleet upgrade (adapter): a shallow clone of a repo's default branch to merge into, and
 * the upgrade branch pushed from it, regenerated (force-pushed) rather than rebased. The token travels
 * as an `http.extraheader` in git's confined environment (see git-pusher.ts), never in a URL or a log.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KitError } from "../errors";
import { gitIn, KIT_COMMIT_IDENTITY } from "../git/git-client";
import { gitPushEnvironment } from "../git/git-pusher";
import { gitMissingPermission, gitPermissionHint } from "../github/app-permissions";
import { redactSecrets } from "../text/redact";

/** KitError code of a push refused because the App's token lacks a permission (the whole run would fail). */
export const GIT_MISSING_PERMISSION = "git-missing-permission";

export interface UpgradeCheckout {
  dir: string;
  /**
   * Commits everything as the kit and force-pushes it to `branch`, unless the result's tree is
   * `unlessTree` (the branch already holds exactly this): then nothing is written and it returns false.
   */
  commitAndPush(branch: string, message: string, unlessTree?: string): Promise<boolean>;
  dispose(): void;
}

export interface UpgradeGit {
  checkout(remoteUrl: string, defaultBranch: string): Promise<UpgradeCheckout>;
}

export function createUpgradeGit(token: string): UpgradeGit {
  const fail = (what: string, error: unknown): never => {
    const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
    const message = redactSecrets((error as Error).message, [token, basic]).trim();
    // A refusal for a missing App permission (workflow files need Workflows: write) names it.
    const hint = gitPermissionHint(message);
    throw new KitError(
      gitMissingPermission(message) ? GIT_MISSING_PERMISSION : "git-failed",
      `${what}: ${message}${hint ? `\n${hint}` : ""}`,
    );
  };
  return {
    async checkout(remoteUrl, defaultBranch) {
      const work = mkdtempSync(path.join(tmpdir(), "mlops-kit-upgrade-"));
      const home = path.join(work, "home");
      mkdirSync(home);
      const env = gitPushEnvironment(token, home);
      const dir = path.join(work, "repo");
      try {
        await gitIn(work).env(env).clone(remoteUrl, dir, ["--depth", "1", "--branch", defaultBranch]);
      } catch (error) {
        rmSync(work, { recursive: true, force: true });
        fail(`cloning ${remoteUrl}`, error);
      }
      const git = gitIn(dir).env(env);
      return {
        dir,
        async commitAndPush(branch, message, unlessTree) {
          try {
            await git.add(["--all", "."]);
            if ((await git.raw(["write-tree"])).trim() === unlessTree) return false;
            await git.commit(message, undefined, {
              "--author": `${KIT_COMMIT_IDENTITY.name} <${KIT_COMMIT_IDENTITY.email}>`,
            });
            await git.push(remoteUrl, `+HEAD:refs/heads/${branch}`);
            return true;
          } catch (error) {
            return fail(`pushing ${branch}`, error);
          }
        },
        dispose: () => rmSync(work, { recursive: true, force: true }),
      };
    },
  };
}
