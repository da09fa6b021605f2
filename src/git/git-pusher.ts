/**
 * Pushes a rendered file tree as the first commit of a new repository over HTTPS.
 *
 * - The token travels in an `http.extraheader` passed through git's environment (GIT_CONFIG_*), never in
 *   the remote URL, the command line or a log line.
 * - Idempotent: when the branch already exists on the remote (a previous run pushed it), nothing is pushed.
 * - GitHub may answer git on a repository created a moment ago with 404 "Repository not found"
 *   (replication lag): those answers are retried with backoff.
 */

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KitError } from "../errors";
import { gitPermissionHint } from "../github/app-permissions";
import { writeRenderedTree } from "../templates/file-tree-writer";
import type { RenderedTree } from "../templates/template-renderer";
import { redactSecrets } from "../text/redact";
import { gitIn, initWithSingleCommit } from "./git-client";

export interface PushInitialCommitOptions {
  /** `https://github.com/org/repo.git` (no credentials in it). */
  remoteUrl: string;
  token: string;
  branch: string;
  tree: RenderedTree;
  message: string;
  /** Backoff before each retry of a "Repository not found" answer, in ms. */
  notFoundRetryDelaysMs?: number[];
  /** Called before each retry (for the log). */
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

export interface PushResult {
  /** `pushed` now, or `already-present` from an earlier run. */
  outcome: "pushed" | "already-present";
  commit: string;
  attempts: number;
}

export const DEFAULT_NOT_FOUND_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

export async function pushInitialCommit(options: PushInitialCommitOptions): Promise<PushResult> {
  if (/\/\/[^/]*@/.test(options.remoteUrl)) {
    throw new KitError("git-url-has-credentials", "the remote URL must not contain credentials");
  }
  const delays = options.notFoundRetryDelaysMs ?? DEFAULT_NOT_FOUND_RETRY_DELAYS_MS;
  const workDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-push-"));
  let localCommit: Promise<string> | undefined;
  try {
    const home = path.join(workDir, "home");
    mkdirSync(home);
    const git = gitIn(workDir, undefined).env(gitPushEnvironment(options.token, home));
    // The local commit needs nothing from the remote: build it while the first ls-remote is on the wire.
    const repoDir = path.join(workDir, "repo");
    localCommit = (async () => {
      writeRenderedTree(options.tree, repoDir);
      // The same confined environment as the push: no runner secrets, no user config.
      return initWithSingleCommit(
        repoDir,
        options.branch,
        options.message,
        undefined,
        gitPushEnvironment(options.token, home),
      );
    })();
    localCommit.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const existing = (await git.listRemote([options.remoteUrl, `refs/heads/${options.branch}`])).trim();
        if (existing)
          return { outcome: "already-present", commit: existing.split(/\s/)[0]!, attempts: attempt };
        const commit = await localCommit!;
        await gitIn(repoDir)
          .env(gitPushEnvironment(options.token, home))
          .push(options.remoteUrl, `HEAD:refs/heads/${options.branch}`);
        return { outcome: "pushed", commit, attempts: attempt };
      } catch (error) {
        const message = redact((error as Error).message, options.token);
        const delay = delays[attempt - 1];
        if (isRepositoryNotFound(message) && delay !== undefined) {
          options.onRetry?.(attempt, delay, "repository not found yet (GitHub replication lag)");
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        const hint = gitPermissionHint(message);
        throw new KitError(
          "git-push-failed",
          `pushing the initial commit failed after ${attempt} attempt(s): ${message.trim()}${hint ? `\n${hint}` : ""}`,
        );
      }
    }
  } finally {
    // Let git finish with the folder (an early "already present" return) before removing it.
    await localCommit?.catch(() => {});
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * What git may see of this process's environment: the program path, locale, proxy and CA settings. Not
 * the rest: the runner's environment holds the provisioned secret values, and variables such as GIT_*,
 * EDITOR or PAGER can make git run programs or read other config.
 */
const INHERITED_ENV =
  /^(PATH|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|SYSTEMROOT|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy|SSL_CERT_(FILE|DIR)|CURL_CA_BUNDLE)$/;

/**
 * Git's environment for the push: the allow-listed variables, a HOME (and XDG_CONFIG_HOME) of its own
 * so that no user or runner `~/.gitconfig` (credential helpers, `insteadOf` rewrites) applies, and the
 * token as an `http.extraheader` in GIT_CONFIG_* variables: never in argv, a URL or a file.
 */
export function gitPushEnvironment(
  token: string,
  home: string,
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(source))
    if (value !== undefined && INHERITED_ENV.test(key)) env[key] = value;
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.extraheader",
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}

function isRepositoryNotFound(message: string): boolean {
  return /repository not found|returned error: 404|not found/i.test(message);
}

function redact(text: string, token: string): string {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return redactSecrets(text, [token, basic]);
}
