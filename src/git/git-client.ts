/**
 * Git through simple-git. The kit's commits use a fixed identity and ignore the machine's hooks and
 * signing settings, so a create behaves the same on a laptop, a CI runner and a test.
 */
import { type SimpleGit, simpleGit } from "simple-git";
import { type CommitIdentity, KIT_COMMIT_IDENTITY } from "./commit-identity";

export { type CommitIdentity, KIT_COMMIT_IDENTITY };

/** The only GIT_* variables the kit sets: no prompts, no system config, the auth header as config. */
export const GIT_AUTH_ENVIRONMENT = [
  "GIT_TERMINAL_PROMPT",
  "GIT_CONFIG_NOSYSTEM",
  "GIT_CONFIG_COUNT",
  "GIT_CONFIG_KEY_0",
  "GIT_CONFIG_VALUE_0",
] as const;

export function gitIn(
  dir: string,
  identity: CommitIdentity = KIT_COMMIT_IDENTITY,
  extraConfig: string[] = [],
): SimpleGit {
  return simpleGit({
    baseDir: dir,
    // The only "unsafe" setting we pass is a constant hooksPath that disables hooks: the kit's commits
    // must not run hooks configured on the machine.
    // The push passes its auth header through GIT_CONFIG_* variables, which simple-git gates too.
    unsafe: { allowUnsafeHooksPath: true, allowUnsafeConfigEnvCount: true },
    // simple-git rejects GIT_* variables it was not told about: name the push's own, nothing else.
    allowEnvironment: GIT_AUTH_ENVIRONMENT,
    config: [
      `user.name=${identity.name}`,
      `user.email=${identity.email}`,
      "commit.gpgsign=false",
      "core.hooksPath=/dev/null",
      "core.autocrlf=false",
      ...extraConfig,
    ],
  });
}

/** `git init` on `branch` and one commit of everything in `dir`; returns the commit SHA. */
export async function initWithSingleCommit(
  dir: string,
  branch: string,
  message: string,
  identity: CommitIdentity = KIT_COMMIT_IDENTITY,
  env?: Record<string, string>,
): Promise<string> {
  const git = env ? gitIn(dir, identity).env(env) : gitIn(dir, identity);
  await git.init(["--initial-branch", branch]);
  await git.add(["--all", "."]);
  await git.commit(message);
  return (await git.revparse(["HEAD"])).trim();
}
