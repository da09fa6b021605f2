/**
 * The simulator's pre-receive step. git receive-pack runs a small Node hook (written once into the
 * simulator's data folder) that describes each ref update of the push (old and new sha, whether it is
 * a force push, which paths the pushed commits touch) and asks the simulator, over HTTP, whether to
 * accept it; the simulator decides with push-rules.ts, and the hook prints the refusal as git's
 * `remote:` lines and fails, so the push is refused atomically, as on GitHub.
 */
import { randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SimRepo, SimUser } from "./sim-state";

/** One ref update of a push, as the hook reports it. */
export interface RefUpdate {
  ref: string;
  oldSha: string;
  newSha: string;
  /** The new commit does not descend from the old one. */
  forced: boolean;
  /** Paths touched by the commits the push adds to this ref. */
  paths: string[];
}

export interface PendingPush {
  repo: SimRepo;
  user: SimUser | undefined;
}

/** The route the hook calls back: `/_sim/pre-receive/{id}`. */
export const HOOK_ROUTE = /^\/_sim\/pre-receive\/([0-9a-f-]+)$/;

const HOOK_SCRIPT = String.raw`
const { execFileSync } = require("node:child_process");
const input = require("node:fs").readFileSync(0, "utf8");
const zero = /^0+$/;
const git = (args) => execFileSync("git", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const updates = [];
for (const line of input.split("\n")) {
  if (!line.trim()) continue;
  const [oldSha, newSha, ref] = line.trim().split(" ");
  let forced = false;
  let paths = [];
  if (!zero.test(newSha)) {
    if (!zero.test(oldSha)) {
      try { git(["merge-base", "--is-ancestor", oldSha, newSha]); } catch { forced = true; }
    }
    const range = zero.test(oldSha) ? [newSha, "--not", "--all"] : [oldSha + ".." + newSha];
    paths = git(["log", "--format=", "--name-only", "--no-renames", ...range]).split("\n").filter(Boolean);
  }
  updates.push({ ref, oldSha, newSha, forced, paths: [...new Set(paths)] });
}
fetch(process.env.MLOPS_SIM_HOOK_URL, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ updates }),
})
  .then((response) => response.json())
  .then((answer) => {
    for (const message of answer.messages || []) process.stderr.write(message + "\n");
    process.exit(answer.ok ? 0 : 1);
  })
  .catch((error) => {
    process.stderr.write("error: the simulator's pre-receive check failed: " + error.message + "\n");
    process.exit(1);
  });
`;

export class PushHooks {
  readonly hooksDir: string;
  private readonly pending = new Map<string, PendingPush>();

  constructor(dataDir: string) {
    this.hooksDir = path.join(dataDir, "hooks");
    mkdirSync(this.hooksDir, { recursive: true });
    const file = path.join(this.hooksDir, "pre-receive");
    writeFileSync(file, `#!${process.execPath}\n${HOOK_SCRIPT}`);
    chmodSync(file, 0o755);
  }

  /** Registers a push about to run; the id goes into the hook's callback URL. */
  begin(push: PendingPush): string {
    const id = randomUUID();
    this.pending.set(id, push);
    return id;
  }

  end(id: string): void {
    this.pending.delete(id);
  }

  get(id: string): PendingPush | undefined {
    return this.pending.get(id);
  }

  /** Git config (as `GIT_CONFIG_*` pairs) and env that make receive-pack call back `apiUrl`. */
  environment(id: string, apiUrl: string): { config: [string, string][]; env: Record<string, string> } {
    return {
      config: [["core.hooksPath", this.hooksDir]],
      env: { MLOPS_SIM_HOOK_URL: `${apiUrl}/_sim/pre-receive/${id}` },
    };
  }
}
