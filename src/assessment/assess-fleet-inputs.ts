/**
 * The only place the assess-fleet action reads its inputs and the runner's environment; returns one
 * typed settings object.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { KitError } from "../errors";
import type { AssessGitHubSettings } from "./run-assess";

export interface AssessFleetSettings extends Omit<AssessGitHubSettings, "org"> {
  /** Empty: the kit config's org. */
  org: string;
  outputDir: string;
  historyFiles: string[];
}

export function readAssessFleetInputs(env: NodeJS.ProcessEnv = process.env): AssessFleetSettings {
  const input = (name: string) => core.getInput(name).trim();
  const token = core.getInput("token", { required: true }).trim();
  core.setSecret(token); // mask first, before anything can log it
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const concurrency = input("concurrency");
  if (concurrency && (!/^\d+$/.test(concurrency) || Number(concurrency) < 1 || Number(concurrency) > 32))
    throw new KitError(
      "input-invalid",
      `concurrency must be a whole number from 1 to 32, got ${JSON.stringify(concurrency)}`,
    );
  const retryBase = Number(env.MLOPS_KIT_RETRY_BASE_MS ?? "");
  return {
    org: input("org"),
    ...(input("repo") ? { repo: input("repo") } : {}),
    token,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    ...(input("config") ? { configPath: path.resolve(workspace, input("config")) } : {}),
    ...(input("etag-cache") ? { etagCacheFile: path.resolve(workspace, input("etag-cache")) } : {}),
    ...(concurrency ? { concurrency: Number(concurrency) } : {}),
    ...(Number.isFinite(retryBase) && retryBase > 0 ? { retryBaseMs: retryBase } : {}),
    outputDir: path.resolve(
      workspace,
      input("output-dir") || path.join(env.RUNNER_TEMP ?? workspace, "mlops-kit-assessment"),
    ),
    historyFiles: input("history")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((f) => path.resolve(workspace, f))
      .filter((f) => existsSync(f)),
  };
}
