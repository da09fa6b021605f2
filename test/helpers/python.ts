/**
 * Runs the system Python (Debian's, which has build, pytest and setuptools), never a pyenv shim.
 * A run that fails because a module or command is missing throws with the Debian package to install
 * (from scripts/system-packages.txt), instead of leaving a test to fail on an exit status.
 */
import { spawnSync } from "node:child_process";
import { installHint } from "../../src/system-packages";

export const SYSTEM_PYTHON = "/usr/bin/python3";

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runPython(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ProcessResult {
  const result = spawnSync(SYSTEM_PYTHON, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...env },
    timeout: 120_000,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new Error(installHint(`spawn python3 ${code}`) ?? `cannot run ${SYSTEM_PYTHON}: ${code}`);
  }
  failOnMissingTool(result.status, `${result.stdout}\n${result.stderr}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Throws the install hint when a failed run's output says a module or command is missing. */
export function failOnMissingTool(status: number | null, output: string): void {
  if (status === 0) return;
  const hint = installHint(output);
  if (hint) throw new Error(`${hint}\n--- output ---\n${output.trim().split("\n").slice(-10).join("\n")}`);
}
