/**
 * The only place the enforce-protection action reads its inputs and the runner's environment; returns
 * one typed settings object.
 */
import path from "node:path";
import * as core from "@actions/core";
import { KitError } from "../errors";
import type { EnforceSettings } from "./enforce-settings";

export function readEnforceProtectionInputs(env: NodeJS.ProcessEnv = process.env): EnforceSettings {
  const input = (name: string) => core.getInput(name).trim();
  const token = core.getInput("token", { required: true }).trim();
  // Mask first, before anything can log it.
  core.setSecret(token);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const configInput = input("config");
  const cacheInput = input("etag-cache");
  const concurrency = input("concurrency");
  const failOnDrift = input("fail-on-drift");
  const retryBase = Number(env.MLOPS_KIT_RETRY_BASE_MS ?? "");
  return {
    ...(input("org") ? { org: input("org") } : {}),
    apply: core.getBooleanInput("apply"),
    ...(configInput ? { configPath: path.resolve(workspace, configInput) } : {}),
    token,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    ...(concurrency ? { concurrency: boundedInteger(concurrency, "concurrency", 1, 32) } : {}),
    ...(failOnDrift ? { failOnDrift: core.getBooleanInput("fail-on-drift") } : {}),
    ...(cacheInput ? { etagCacheFile: path.resolve(workspace, cacheInput) } : {}),
    reportFile:
      input("report-file") || path.join(env.RUNNER_TEMP ?? workspace, "mlops-kit-enforce-report.json"),
    spaceWrites: core.getBooleanInput("space-writes"),
    retries: boundedInteger(input("api-retries") || "3", "api-retries", 0, 10),
    retryBaseMs: Number.isFinite(retryBase) && retryBase > 0 ? retryBase : 1000,
  };
}

function boundedInteger(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new KitError(
      "input-invalid",
      `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  return value;
}
