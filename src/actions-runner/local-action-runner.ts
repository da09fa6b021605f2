/**
 * Runs a JavaScript action from its `action.yml` the way the GitHub Actions runner does: `node <runs.main>`
 * in a fresh process with `INPUT_<NAME>` for every input (defaults included), the `GITHUB_*` context
 * variables, and `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` files that are read back afterwards.
 * The demo and the end-to-end tests use it, so what they exercise is the committed `dist/` bundle.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { KitError } from "../errors";
import { redactSecrets } from "../text/redact";

export interface LocalActionRun {
  /** Folder holding `action.yml`. */
  actionDir: string;
  /** Values of the action's inputs by their `action.yml` names; unset ones take the declared default. */
  inputs: Record<string, string>;
  /** Runner and workflow environment: `GITHUB_*`, secrets mapped through `env:`. Nothing else is inherited but PATH and HOME. */
  env: Record<string, string>;
  /** `GITHUB_WORKSPACE` (default: a new temporary folder). */
  workspace?: string;
  /** Each line the action prints, as it prints it (add-mask commands are consumed, as the runner does). */
  onLine?: (line: string) => void;
}

export interface LocalActionResult {
  exitCode: number;
  outputs: Record<string, string>;
  /** Markdown written to the job summary. */
  summary: string;
  /** Everything the action printed, unmasked but without `::add-mask::` commands. */
  log: string;
  /** Values the action asked the runner to mask. */
  masked: string[];
}

interface ActionManifest {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs?: { using?: string; main?: string };
}

/** `INPUT_` + the name upper-cased with spaces as underscores (hyphens stay), as the runner names them. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** Parses a `GITHUB_OUTPUT` file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!);
      if (i >= lines.length)
        throw new KitError("output-file-invalid", `output ${name} has no closing delimiter`);
      values[name!] = body.join("\n");
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

export async function runLocalAction(run: LocalActionRun): Promise<LocalActionResult> {
  const manifestFile = path.join(run.actionDir, "action.yml");
  const manifest = parse(readFileSync(manifestFile, "utf8")) as ActionManifest;
  if (!manifest.runs?.main || !manifest.runs.using?.startsWith("node")) {
    throw new KitError("action-not-javascript", `${manifestFile} is not a JavaScript action`);
  }
  const main = path.resolve(run.actionDir, manifest.runs.main);
  if (!existsSync(main)) throw new KitError("action-not-built", `${main} is missing: run npm run build`);

  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-runner-"));
  try {
    const outputFile = path.join(scratch, "output");
    const summaryFile = path.join(scratch, "summary");
    writeFileSync(outputFile, "");
    writeFileSync(summaryFile, "");
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
      inputs[inputVariable(name)] = run.inputs[name] ?? spec.default ?? "";
    }
    for (const name of Object.keys(run.inputs)) {
      if (!(name in (manifest.inputs ?? {})))
        throw new KitError("input-unknown", `the action has no input ${name}`);
    }
    const workspace = run.workspace ?? path.join(scratch, "workspace");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? scratch,
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: path.join(scratch, "runner-temp"),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...run.env,
      ...inputs,
    };
    const { exitCode, log, masked } = await runNode(main, env, run.onLine);
    return {
      exitCode,
      outputs: parseCommandFile(readFileSync(outputFile, "utf8")),
      summary: readFileSync(summaryFile, "utf8"),
      log,
      masked,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runNode(main: string, env: Record<string, string>, onLine?: (line: string) => void) {
  return new Promise<{ exitCode: number; log: string; masked: string[] }>((resolve, reject) => {
    const child = spawn(process.execPath, [main], { env, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    const masked: string[] = [];
    const take = (stream: NodeJS.ReadableStream) => {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        pending += chunk;
        const parts = pending.split("\n");
        pending = parts.pop() ?? "";
        for (const line of parts) accept(line);
      });
      stream.on("end", () => {
        if (pending) accept(pending);
      });
    };
    const accept = (line: string) => {
      const mask = /^::add-mask::(.*)$/.exec(line);
      if (mask) {
        masked.push(mask[1]!);
        return;
      }
      lines.push(line);
      onLine?.(redactSecrets(line, masked));
    };
    take(child.stdout);
    take(child.stderr);
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code ?? 1, log: lines.join("\n"), masked }));
  });
}
