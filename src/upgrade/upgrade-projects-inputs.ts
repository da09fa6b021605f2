/**
 * The only place the upgrade-projects action reads its inputs and the runner's environment; returns
 * one typed settings object. The kit checkout (the workspace, with its tags) is where old template
 * versions and the changelog come from.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as core from "@actions/core";
import { KitError } from "../errors";
import { normalizeVersion } from "./kit-versions";
import type { UpgradeSettings } from "./run-upgrade-projects";

export interface UpgradeActionSettings extends UpgradeSettings {
  kitDir: string;
  reportFile: string;
}

export function readUpgradeProjectsInputs(env: NodeJS.ProcessEnv = process.env): UpgradeActionSettings {
  const input = (name: string) => core.getInput(name).trim();
  const token = core.getInput("token", { required: true }).trim();
  // Mask first, before anything can log it.
  core.setSecret(token);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const to = input("to");
  const config = input("config");
  const cache = input("etag-cache");
  const retryBase = Number(env.MLOPS_KIT_RETRY_BASE_MS ?? "");
  return {
    token,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    ...(input("org") ? { org: input("org") } : {}),
    ...(to ? { to: normalizeVersion(to, "to") } : {}),
    repoFilter: checkedFilter(input("repos") || "*"),
    ...(config ? { configPath: path.resolve(workspace, config) } : {}),
    maxWrites: boundedInteger(input("max-writes") || "60", "max-writes", 1, 500),
    timeBudgetMs:
      boundedInteger(input("time-budget-minutes") || "50", "time-budget-minutes", 1, 350) * 60_000,
    ...(cache ? { etagCacheFile: path.resolve(workspace, cache) } : {}),
    changelog: readFileSync(path.join(workspace, "CHANGELOG.md"), "utf8"),
    kitDir: workspace,
    reportFile:
      input("report-file") || path.join(env.RUNNER_TEMP ?? workspace, "mlops-kit-upgrade-report.json"),
    spaceWrites: true,
    retries: 3,
    retryBaseMs: Number.isFinite(retryBase) && retryBase > 0 ? retryBase : 1000,
  };
}

function checkedFilter(glob: string): string {
  if (!/^[A-Za-z0-9._*-]{1,100}$/.test(glob)) {
    throw new KitError(
      "input-invalid",
      `repos must be a repo name or a glob of letters, digits, . _ - and *, got ${JSON.stringify(glob)}`,
    );
  }
  return glob;
}

function boundedInteger(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new KitError(
      "input-invalid",
      `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
