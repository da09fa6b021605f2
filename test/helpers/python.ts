/** Runs the system Python (Debian's, which has build, pytest and setuptools), never a pyenv shim. */
import { spawnSync } from "node:child_process";

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
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
