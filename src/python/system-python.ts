/**
 * The Python that builds and tests generated projects: `/usr/bin/python3` by default (Debian's, with
 * build, pytest and setuptools installed from apt; PyPI is not reachable here), or `MLOPS_KIT_PYTHON`.
 */
import { spawn } from "node:child_process";
import { KitError } from "../errors";
import { installHint, packageProviding, packagesFor, systemPackages } from "../system-packages";

export function systemPython(): string {
  return process.env.MLOPS_KIT_PYTHON || "/usr/bin/python3";
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing its output (no shell: arguments are never interpreted). */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 300_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", (error) =>
      reject(
        new KitError(
          "command-failed",
          `cannot run ${command}: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
        ),
      ),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function runPythonChecked(
  args: string[],
  cwd: string,
  what: string,
  env?: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  const result = await runCommand(systemPython(), args, { cwd, ...(env ? { env } : {}) });
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    const tail = output.split("\n").slice(-15).join("\n");
    const hint = installHint(output);
    throw new KitError(
      "python-failed",
      `${what} failed (exit ${result.code}):\n${tail}${hint ? `\n${hint}` : ""}`,
    );
  }
  return result;
}

/**
 * Fails early, naming the Debian packages to install, when the system Python lacks a module the demo
 * needs (the modules and their packages come from scripts/system-packages.txt). Modules are looked up,
 * not imported: importing pip before setuptools trips setuptools' distutils check.
 */
export async function checkPythonToolchain(): Promise<void> {
  const modules = systemPackages()
    .filter((p) => p.neededBy.includes("demo") && p.provides?.startsWith("python:"))
    .map((p) => p.provides!.slice("python:".length));
  const probe = await runCommand(
    systemPython(),
    [
      "-c",
      "import importlib.util, sys; missing = [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]; print(' '.join(missing)); sys.exit(1 if missing else 0)",
      ...modules,
    ],
    { cwd: process.cwd() },
  ).catch(() => undefined);
  if (probe?.code === 0) return;
  const missing = probe ? probe.stdout.trim().split(/\s+/).filter(Boolean) : [];
  const packages = probe
    ? [...new Set(missing.map((m) => packageProviding(`python:${m}`) ?? m))]
    : packagesFor("demo");
  const what = probe
    ? `${systemPython()} lacks ${missing.join(", ") || "a module the demo needs"}`
    : `${systemPython()} cannot be run`;
  throw new KitError(
    "python-missing",
    `${what}, needed to build and test generated projects. Install: sudo apt-get install -y ${packages.join(" ")}`,
  );
}

/** Runs the project's pytest suite; returns pytest's summary line (e.g. "9 passed in 0.03s"). */
export async function runPytest(projectDir: string): Promise<string> {
  // The project's own addopts may already say -q; reset them so the summary line is always printed.
  const result = await runPythonChecked(
    ["-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider"],
    projectDir,
    "pytest",
  );
  const lines = result.stdout.trim().split("\n");
  return lines.findLast((line) => /\d+ passed/.test(line)) ?? lines.pop() ?? "";
}

/** Builds the project's wheel offline; returns the wheel's path. */
export async function buildWheel(projectDir: string, outDir: string): Promise<string> {
  const result = await runPythonChecked(
    ["-m", "build", "--no-isolation", "--wheel", "--outdir", outDir],
    projectDir,
    "building the wheel",
  );
  const match = /Successfully built (\S+\.whl)/.exec(result.stdout + result.stderr);
  if (!match) throw new KitError("python-failed", "the build did not report a wheel");
  return `${outDir}/${match[1]}`;
}
