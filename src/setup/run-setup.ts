/**
 * `mlops-kit setup` against GitHub (adapter): observe the org, plan (setup-planner.ts), print the plan,
 * and with `apply` carry it out, step by step. Idempotent: each step is a PUT/PATCH of the desired
 * state, and a second run plans nothing.
 */
import { loadKitConfigFile } from "../config/config-file";
import type { KitConfig } from "../config/kit-config";
import { appManifest } from "../github/app-permissions";
import { createGitHubClient, type KitOctokitClient } from "../github/github-client";
import { statusOf } from "../github/github-errors";
import { kitPaths } from "../kit-paths";
import { KIT_RULESET_NAME } from "../protection/protection-requests";
import { listTemplateNames } from "../templates/template-catalog";
import {
  KIT_ENVIRONMENT,
  type PropertyDefinition,
  planSetup,
  type SetupObservation,
  type SetupStep,
} from "./setup-planner";

export interface SetupSettings {
  config: KitConfig;
  /** The repo holding the kit's workflows (its `mlops-kit` environment holds the App key). */
  kitRepo: string;
  apply: boolean;
  token: string;
  apiUrl: string;
  retryBaseMs?: number;
}

export async function observeSetup(
  octokit: KitOctokitClient,
  org: string,
  kitRepo: string,
): Promise<SetupObservation> {
  const [schema, environment, orgRuleset] = await Promise.all([
    octokit.request("GET /orgs/{org}/properties/schema", { org }),
    octokit
      .request("GET /repos/{owner}/{repo}/environments/{environment_name}", {
        owner: org,
        repo: kitRepo,
        environment_name: KIT_ENVIRONMENT,
      })
      .then((r) => r.data.deployment_branch_policy ?? null)
      .catch((error: unknown) => {
        if (statusOf(error) === 404) return "absent" as const;
        throw error;
      }),
    readOrgKitRuleset(octokit, org),
  ]);
  return {
    properties: new Map(schema.data.map((p) => [p.property_name, p as Partial<PropertyDefinition>])),
    environment,
    ...(orgRuleset ? { orgRuleset } : {}),
  };
}

async function readOrgKitRuleset(octokit: KitOctokitClient, org: string) {
  const { data } = await octokit.request("GET /orgs/{org}/rulesets", { org, per_page: 100 });
  const summary = data.find((r) => r.name === KIT_RULESET_NAME);
  if (!summary) return undefined;
  const full = await octokit.request("GET /orgs/{org}/rulesets/{ruleset_id}", {
    org,
    ruleset_id: summary.id,
  });
  return { id: summary.id, body: full.data as unknown as Record<string, unknown> };
}

async function applyStep(octokit: KitOctokitClient, org: string, step: SetupStep): Promise<void> {
  switch (step.kind) {
    case "property": {
      const { property_name, ...definition } = step.definition;
      await octokit.request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
        org,
        custom_property_name: property_name,
        ...definition,
      });
      return;
    }
    case "environment":
      await octokit.request("PUT /repos/{owner}/{repo}/environments/{environment_name}", {
        owner: org,
        repo: step.repo,
        environment_name: step.name,
        deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
      });
      return;
    case "org-ruleset":
      if (step.existingId !== undefined) {
        await octokit.request("PUT /orgs/{org}/rulesets/{ruleset_id}", {
          org,
          ruleset_id: step.existingId,
          ...(step.body as object),
        });
      } else {
        await octokit.request("POST /orgs/{org}/rulesets", {
          org,
          ...(step.body as unknown as { name: string; enforcement: "active" }),
        });
      }
  }
}

export async function runSetup(
  settings: SetupSettings,
  io: { info(line: string): void },
): Promise<{ steps: SetupStep[]; applied: boolean }> {
  const { octokit } = createGitHubClient({
    token: settings.token,
    baseUrl: settings.apiUrl,
    retryBaseMs: settings.retryBaseMs ?? 1000,
  });
  const org = settings.config.org;
  const steps = planSetup(
    settings.config,
    settings.kitRepo,
    await observeSetup(octokit, org, settings.kitRepo),
  );
  if (steps.length === 0) {
    io.info(`${org} is set up for mlops-kit: nothing to do.`);
    return { steps, applied: false };
  }
  io.info(`Setup plan for ${org}${settings.apply ? "" : " (dry run: --apply carries it out)"}:`);
  for (const [i, step] of steps.entries()) io.info(`  ${i + 1}. ${step.description}`);
  if (!settings.apply) return { steps, applied: false };
  for (const step of steps) {
    await applyStep(octokit, org, step);
    io.info(`  ✓ ${step.description}`);
  }
  return { steps, applied: true };
}

/** What `mlops-kit setup` runs (one lazily loaded module for the command). */
export async function runSetupCommand(options: {
  printAppManifest: boolean;
  appName: string;
  org?: string;
  configPath?: string;
  kitRepo: string;
  apply: boolean;
}): Promise<void> {
  if (options.printAppManifest) {
    console.log(JSON.stringify(appManifest(options.appName), null, 2));
    return;
  }
  const { config } = loadKitConfigFile(options.configPath, listTemplateNames(kitPaths.templatesDir()));
  await runSetup(
    {
      config: options.org ? { ...config, org: options.org } : config,
      kitRepo: options.kitRepo,
      apply: options.apply,
      token: process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? "",
      apiUrl: process.env.GITHUB_API_URL || "https://api.github.com",
      retryBaseMs: Number(process.env.MLOPS_KIT_RETRY_BASE_MS) || 1000,
    },
    { info: (line) => console.log(line) },
  );
}
