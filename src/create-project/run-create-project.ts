/**
 * The create-project flow: validate → check the requester → observe GitHub → plan → (dry run: print)
 * → apply → report. Every mutating step is idempotent, so a failed run can simply be re-run.
 * I/O goes through `CreateProjectIo` (the Actions toolkit in the action, the console in the CLI).
 */
import { loadKitConfigFile } from "../config/config-file";
import type { KitConfig, SecretSpec } from "../config/kit-config";
import { describeError, KitError } from "../errors";
import { createGitHubClient, isMutating, sequentialRoundTrips } from "../github/github-client";
import { kitPaths } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import { renderProject } from "../project/project-renderer";
import { type ProjectSpec, resolveProjectSpec } from "../project/project-spec";
import { listTemplateNames, readTemplate } from "../templates/template-catalog";
import { mdFence } from "../text/markdown";
import { redactSecrets } from "../text/redact";
import type { CreatePlan } from "./create-plan";
import { type ProvidedSecrets, planCreateProject, referencedTeams } from "./create-planner";
import type { CreateProjectSettings } from "./create-project-settings";
import { type CreateReport, plannedSteps, renderPlanText, renderSummaryMarkdown } from "./create-report";
import { createGitHubStepExecutor } from "./github-step-executor";
import { applyPlan } from "./plan-applier";
import { observeProject, readTeamMembership } from "./project-observer";
import { protectionScoreOf } from "./protection-score-summary";
import { checkRequesterAccess, requestersOf } from "./requester-access";
import { checkRunnerEnvironment, urlCredentials } from "./runner-environment";

export interface CreateProjectIo {
  info(line: string): void;
  warn(line: string): void;
  /** Hide a value from every later log line (core.setSecret in an action). */
  mask(value: string): void;
  /** Markdown for the job summary. */
  summary(markdown: string): Promise<void>;
  /** JSON report. */
  writeReport?(report: CreateReport): Promise<void>;
}

export interface CreateProjectResult {
  report: CreateReport;
  plan?: CreatePlan;
  spec?: ProjectSpec;
}

/** Secrets that have a value, and the problems of those that do not. */
export function collectSecrets(config: KitConfig, source: Readonly<Record<string, string | undefined>>) {
  const provided: ProvidedSecrets = { repository: [], environments: {} };
  const values: Record<string, string> = {};
  const missing: string[] = [];
  const notes: string[] = [];
  const take = (spec: SecretSpec, where: string): boolean => {
    const value = source[spec.fromEnv];
    if (value) {
      values[spec.fromEnv] = value;
      return true;
    }
    if (spec.required)
      missing.push(`${where} secret ${spec.name}: environment variable ${spec.fromEnv} is empty`);
    else notes.push(`${where} secret ${spec.name} was skipped: ${spec.fromEnv} is empty`);
    return false;
  };
  provided.repository = config.secrets.repository.filter((s) => take(s, "repository"));
  for (const [env, specs] of Object.entries(config.secrets.environments)) {
    provided.environments[env] = specs.filter((s) => take(s, `environment ${env}`));
  }
  return { provided, values, missing, notes };
}

export async function runCreateProject(
  settings: CreateProjectSettings,
  io: CreateProjectIo,
): Promise<CreateProjectResult> {
  const started = performance.now();
  const requesters = requestersOf(settings.actor, settings.triggeringActor);
  const secretValues: string[] = [];
  // Credentials in a runner URL are masked before anything could print them; the run is then refused.
  for (const value of [...urlCredentials(settings.apiUrl), ...urlCredentials(settings.serverUrl)]) {
    io.mask(value);
    secretValues.push(value);
  }
  const redact = (text: string) => redactSecrets(text, [settings.token, ...secretValues]);
  const client = createGitHubClient({
    token: settings.token,
    baseUrl: settings.apiUrl,
    spaceWrites: settings.spaceWrites,
    retries: settings.retries,
    retryBaseMs: settings.retryBaseMs,
    warn: (m) => io.warn(redact(m)),
  });
  let config: KitConfig | undefined;
  let spec: ProjectSpec | undefined;
  let plan: CreatePlan | undefined;
  let report: CreateReport = {
    kitVersion: KIT_VERSION,
    ok: false,
    dryRun: settings.dryRun,
    requesters,
    steps: [],
    notes: [],
    durationMs: 0,
  };

  try {
    checkRunnerEnvironment(settings);
    if (!settings.token)
      throw new KitError(
        "token-missing",
        "no GitHub token: set the `token` input (a GitHub App installation token is recommended)",
      );
    const templatesDir = settings.templatesDir ?? kitPaths.templatesDir();
    ({ config } = loadKitConfigFile(settings.configPath, listTemplateNames(templatesDir)));
    const source = readTemplate(templatesDir, settings.request.template || config.templates.default);
    spec = resolveProjectSpec(config, { ...settings.request, requester: settings.actor }, source.manifest);
    io.info(
      `Project ${config.org}/${spec.name}: template ${spec.template}, team ${spec.team}, requested by ${requesters.join(", ") || "?"}`,
    );

    const secrets = collectSecrets(config, settings.secretSource);
    for (const value of Object.values(secrets.values)) {
      io.mask(value);
      secretValues.push(value);
    }
    if (secrets.missing.length > 0 && !settings.dryRun) {
      throw new KitError(
        "secrets-missing",
        "required secret values are missing; nothing was created",
        secrets.missing,
      );
    }

    const tree = renderProject(config, spec, source, { serverUrl: settings.serverUrl });
    const projectSpec = spec;
    const activeConfig = config;
    // The access check and the reads are all read-only, so they go out together; nothing is written
    // unless the access check passed.
    const [accessFindings, observation] = await Promise.all([
      checkRequesterAccess(spec.team, requesters, (team, user) =>
        readTeamMembership(client.octokit, activeConfig.org, team, user),
      ),
      observeProject(client.octokit, config, spec.name, referencedTeams(config, spec.team)),
    ]);
    for (const finding of accessFindings) io.info(`  access: ${finding}`);

    plan = planCreateProject({
      config,
      spec: projectSpec,
      tree,
      observation,
      secrets: secrets.provided,
      serverUrl: settings.serverUrl,
      notes: [...secrets.notes, ...(settings.dryRun ? secrets.missing.map((m) => `would fail: ${m}`) : [])],
    });
    io.info(renderPlanText(plan));
    report.protectionScore = protectionScoreOf(config.branchProtection, plan);
    io.info(
      `Branch protection: OpenSSF Scorecard Branch-Protection ${report.protectionScore.score}/10${report.protectionScore.raise ? ` (to raise it: ${report.protectionScore.raise})` : ""}`,
    );
    const repository = { fullName: `${plan.org}/${plan.repo}`, url: plan.url, mode: plan.mode };

    if (settings.dryRun) {
      report = { ...report, ok: true, repository, steps: plannedSteps(plan), notes: plan.notes };
    } else {
      const activePlan = plan;
      const applied = await applyPlan(
        plan,
        createGitHubStepExecutor({
          octokit: client.octokit,
          config,
          plan,
          team: projectSpec.team,
          token: settings.token,
          secretValues: secrets.values,
          ...(settings.pushRetryDelaysMs ? { pushRetryDelaysMs: settings.pushRetryDelaysMs } : {}),
          log: io.info,
        }),
        {
          concurrency: settings.spaceWrites ? 1 : 4,
          redact,
          onStepStart: (step) => io.info(`→ ${step.description}`),
          onStepEnd: (result) =>
            io.info(
              `  ${result.status === "done" ? "✓" : "✗"} ${result.id}: ${result.outcome ?? result.error ?? result.status} (${result.ms} ms)`,
            ),
        },
      );
      const failed = applied.results.find((r) => r.status === "failed");
      report = {
        ...report,
        ok: applied.ok,
        repository,
        steps: applied.results,
        notes: activePlan.notes,
        ...(failed ? { error: `step "${failed.description}" failed: ${failed.error}` } : {}),
      };
    }
  } catch (error) {
    report = {
      ...report,
      ok: false,
      error: redact(describeError(error)),
      ...(plan ? { notes: plan.notes } : {}),
    };
  }

  report.api = {
    calls: client.calls.length,
    mutating: client.calls.filter((c) => isMutating(c.method)).length,
    failed: client.calls.filter((c) => c.status === 0 || c.status >= 400).length,
    roundTrips: sequentialRoundTrips(client.calls),
  };
  report.durationMs = Math.round(performance.now() - started);
  if (config)
    await io.summary(
      renderSummaryMarkdown(report, { config, ...(spec ? { spec } : {}), ...(plan ? { plan } : {}) }),
    );
  else await io.summary(`## ❌ mlops-kit could not start\n\n${mdFence(report.error ?? "")}\n`);
  await io.writeReport?.(report);
  return { report, ...(plan ? { plan } : {}), ...(spec ? { spec } : {}) };
}
