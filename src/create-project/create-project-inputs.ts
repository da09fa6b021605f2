/**
 * The only place the create-project action reads its inputs and the runner's environment; returns one
 * typed settings object. Everything else receives settings, never reads `INPUT_*` itself.
 */
import path from "node:path";
import * as core from "@actions/core";
import { parse } from "yaml";
import { KitError } from "../errors";
import type { TemplateAnswer } from "../templates/template-manifest";
import { quoteForDisplay } from "../text/display";
import type { CreateProjectSettings } from "./create-project-settings";
import { urlCredentials } from "./runner-environment";

export function readCreateProjectInputs(env: NodeJS.ProcessEnv = process.env): CreateProjectSettings {
  const input = (name: string) => core.getInput(name).trim();
  const token = core.getInput("token", { required: true }).trim();
  // Mask first, before anything can log it: the token, and credentials someone put in a runner URL.
  core.setSecret(token);
  for (const name of ["GITHUB_API_URL", "GITHUB_SERVER_URL"]) {
    for (const value of urlCredentials(env[name] ?? "")) core.setSecret(value);
  }
  const configInput = input("config");
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const reportFile =
    input("report-file") || path.join(env.RUNNER_TEMP ?? workspace, "mlops-kit-create-report.json");
  const retryBase = Number(env.MLOPS_KIT_RETRY_BASE_MS ?? "");
  const pushDelays = (env.MLOPS_KIT_PUSH_RETRY_DELAYS_MS ?? "").trim();
  return {
    request: {
      name: core.getInput("name", { required: true }).trim(),
      team: core.getInput("team", { required: true }).trim(),
      template: input("template"),
      description: core.getInput("description").trim(),
      costCenter: input("cost-center"),
      visibility: input("visibility"),
      variables: parseVariables(core.getInput("variables")),
    },
    actor: env.GITHUB_ACTOR ?? "",
    triggeringActor: env.GITHUB_TRIGGERING_ACTOR ?? "",
    dryRun: core.getBooleanInput("dry-run"),
    ...(configInput ? { configPath: path.resolve(workspace, configInput) } : {}),
    token,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    spaceWrites: core.getBooleanInput("space-writes"),
    retries: positiveInteger(input("api-retries") || "3", "api-retries"),
    retryBaseMs: Number.isFinite(retryBase) && retryBase > 0 ? retryBase : 1000,
    ...(pushDelays
      ? {
          pushRetryDelaysMs: pushDelays
            .split(",")
            .map((d) => positiveInteger(d.trim(), "MLOPS_KIT_PUSH_RETRY_DELAYS_MS")),
        }
      : {}),
    reportFile,
    secretSource: env,
  };
}

/** `variables` is a YAML (or JSON) map of template answers. */
export function parseVariables(text: string): Record<string, TemplateAnswer> {
  if (!text.trim()) return {};
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new KitError(
      "input-invalid",
      `the variables input is not YAML or JSON: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new KitError("input-invalid", "the variables input must be a map of name: value");
  }
  const answers: Record<string, TemplateAnswer> = Object.create(null);
  for (const [key, value] of Object.entries(data)) {
    // Variable names are identifiers (as template manifests declare them); anything else, `__proto__`
    // included, is refused here rather than set on an object.
    if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(key)) {
      throw new KitError(
        "input-invalid",
        `variable name ${quoteForDisplay(key)} is not a name (letters and digits)`,
      );
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new KitError("input-invalid", `variable ${key} must be a string, number or boolean`);
    }
    answers[key] = value;
  }
  return answers;
}

function positiveInteger(text: string, name: string): number {
  if (!/^\d+$/.test(text))
    throw new KitError("input-invalid", `${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}
