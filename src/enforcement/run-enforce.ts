/**
 * One enforcement run: load the config → list and scope repos → audit (one read per repo, conditional
 * when an ETag cache is given) → plan → (apply: repair, then re-read what was repaired) → report.
 * I/O goes through `EnforceIo` (the Actions toolkit in the action, the console in the CLI).
 */
import { loadKitConfigFile } from "../config/config-file";
import type { KitConfig } from "../config/kit-config";
import { describeError, KitError } from "../errors";
import { type ApiCall, createGitHubClient } from "../github/github-client";
import { kitPaths } from "../kit-paths";
import { KIT_VERSION } from "../kit-version";
import { listTemplateNames } from "../templates/template-catalog";
import { redactSecrets } from "../text/redact";
import { applyRepairs } from "./enforce-applier";
import type { OrgRulesetAudit, RepoAudit } from "./enforce-audit";
import { auditOrg, auditRepos, type EnforceAudit, runAudit } from "./enforce-auditor";
import { type EnforcePlan, planRepairs } from "./enforce-planner";
import {
  buildEnforceReport,
  type EnforceApiUse,
  type EnforceReport,
  enforceVerdict,
  renderEnforceMarkdown,
  reposToConfirm,
} from "./enforce-report";
import type { EnforceSettings } from "./enforce-settings";
import { createEtagCache, loadEtagCacheFile, saveEtagCacheFile } from "./etag-cache";
import { createGitHubRepairExecutor } from "./github-repair-executor";
import { createGitHubProtectionReader } from "./protection-reader";

export interface EnforceIo {
  info(line: string): void;
  warn(line: string): void;
  /** Markdown for the job summary. */
  summary(markdown: string): Promise<void>;
  writeReport?(report: EnforceReport): Promise<void>;
}

export interface EnforceResult {
  report: EnforceReport;
  /**
   * 1 when the run failed, a repo (or the org ruleset) is unreadable, a repair failed, or drift remains
   * and failing on drift is on (see `enforceVerdict`).
   */
  exitCode: 0 | 1;
  /** Why the run fails, naming the repos (undefined when it passes). */
  failure?: string;
  plan?: EnforcePlan;
}

export function apiUseOf(calls: readonly ApiCall[]): EnforceApiUse {
  return {
    calls: calls.length,
    budget: calls.filter((c) => c.status !== 304 && c.status !== 0).length,
    notModified: calls.filter((c) => c.status === 304).length,
    failed: calls.filter((c) => c.status === 0 || c.status >= 400).length,
  };
}

export async function runEnforce(settings: EnforceSettings, io: EnforceIo): Promise<EnforceResult> {
  const started = performance.now();
  const redact = (text: string) => redactSecrets(text, [settings.token]);
  const cache = settings.etagCacheFile
    ? loadEtagCacheFile(settings.etagCacheFile, settings.apiUrl)
    : createEtagCache(settings.apiUrl);
  let config: KitConfig | undefined;
  let concurrency = settings.concurrency ?? 8;
  let org = settings.org ?? "";
  let client: ReturnType<typeof createGitHubClient> | undefined;
  let plan: EnforcePlan | undefined;
  let report: EnforceReport | undefined;
  const mode = settings.apply ? "apply" : "audit";

  try {
    if (!settings.token)
      throw new KitError(
        "token-missing",
        "no GitHub token: set the `token` input (a GitHub App installation token is recommended)",
      );
    ({ config } = loadKitConfigFile(settings.configPath, listTemplateNames(kitPaths.templatesDir())));
    org = settings.org || config.org;
    // Scope and ownership are the config's: enforcing another org with it is allowed (same policy).
    const activeConfig: KitConfig = { ...config, org };
    concurrency = settings.concurrency ?? config.enforcement.concurrency;
    client = createGitHubClient({
      token: settings.token,
      baseUrl: settings.apiUrl,
      spaceWrites: settings.spaceWrites,
      retries: settings.retries,
      retryBaseMs: settings.retryBaseMs,
      maxConcurrentRequests: concurrency,
      ...(settings.etagCacheFile ? { conditionalCache: cache } : {}),
      warn: (m) => io.warn(redact(m)),
    });
    const reader = createGitHubProtectionReader(client.octokit, org);
    io.info(`Auditing branch protection in ${org} (${mode}, ${concurrency} requests in flight)`);
    const audit = await runAudit(activeConfig, reader, {
      concurrency,
      onRepo: (a, done, total) => {
        if (a.status !== "compliant")
          io.info(`  ${a.repo}: ${a.status}${a.reason ? ` (${a.reason})` : ` (${a.drift.length} field(s))`}`);
        if (done % 1000 === 0) io.info(`  … ${done}/${total} repos audited`);
      },
    });
    io.info(audit.mechanismNote);
    plan = planRepairs(activeConfig, audit.repos, audit.orgRuleset);
    io.info(`${audit.repos.length} governed repos; ${plan.repairs.length} repair(s) planned`);

    let applied: Awaited<ReturnType<typeof applyRepairs>> | undefined;
    let confirmed: { repos: RepoAudit[]; orgRuleset?: OrgRulesetAudit } | undefined;
    if (settings.apply && plan.repairs.length > 0) {
      applied = await applyRepairs(plan, createGitHubRepairExecutor(client.octokit, org), {
        concurrency: settings.spaceWrites ? 1 : concurrency,
        onResult: (r) =>
          io.info(`  ${r.status === "done" ? "✓" : "✗"} ${r.description}${r.error ? `: ${r.error}` : ""}`),
      });
      confirmed = await confirmRepairs(activeConfig, reader, audit, plan, concurrency);
    }
    report = buildEnforceReport({
      kitVersion: KIT_VERSION,
      org,
      mode,
      audit,
      plan,
      ...(applied ? { applied } : {}),
      ...(confirmed ? { confirmed } : {}),
      durationMs: 0,
    });
  } catch (error) {
    report = {
      kitVersion: KIT_VERSION,
      org,
      mode,
      ok: false,
      counts: {
        governed: 0,
        compliant: 0,
        drifted: 0,
        repaired: 0,
        unreadable: 0,
        archivedSkipped: 0,
        excluded: 0,
        notGoverned: 0,
      },
      repos: [],
      repairs: [],
      skipped: { archived: [], excluded: [] },
      durationMs: 0,
      error: redact(describeError(error)),
    };
  }

  if (client) report.api = apiUseOf(client.calls);
  report.durationMs = Math.round(performance.now() - started);
  if (settings.etagCacheFile && client) {
    try {
      saveEtagCacheFile(settings.etagCacheFile, cache);
    } catch (error) {
      io.warn(`could not save the ETag cache ${settings.etagCacheFile}: ${describeError(error)}`);
    }
  }
  await io.summary(renderEnforceMarkdown(report));
  await io.writeReport?.(report);
  const failOnDrift = settings.failOnDrift ?? config?.enforcement.failOnDrift ?? true;
  const verdict = enforceVerdict(report, failOnDrift);
  return {
    report,
    exitCode: verdict.exitCode,
    ...(verdict.message ? { failure: verdict.message } : {}),
    ...(plan ? { plan } : {}),
  };
}

/**
 * Re-reads the repos that were drifted (a repair of the org ruleset changes repos no repair names), so
 * the report says "repaired" only for what GitHub confirms.
 */
async function confirmRepairs(
  config: KitConfig,
  reader: ReturnType<typeof createGitHubProtectionReader>,
  audit: EnforceAudit,
  plan: EnforcePlan,
  concurrency: number,
): Promise<{ repos: RepoAudit[]; orgRuleset?: OrgRulesetAudit }> {
  const touched = reposToConfirm(plan);
  for (const r of audit.repos) if (r.status === "drifted") touched.add(r.repo);
  let governed = audit.scope.governed;
  if (audit.mechanism === "org-ruleset") {
    // Org-ruleset coverage comes from the property values: list them again.
    const values = await reader.listPropertyValues();
    const { customProperty, value } = config.repository.ownership;
    governed = governed.map((r) => {
      const properties = values?.get(r.name) ?? r.properties;
      const v = properties?.[customProperty];
      return {
        ...r,
        hasOwnershipProperty: Array.isArray(v) ? v.includes(value) : v === value,
        ...(properties ? { properties } : {}),
      };
    });
  }
  let orgRulesets = audit.orgRulesets ?? [];
  let orgRuleset: OrgRulesetAudit | undefined;
  if (plan.repairs.some((r) => r.kind === "upsert-org-ruleset")) {
    const read = await auditOrg(config, reader, governed);
    orgRuleset = read.audit;
    if (read.audit.status !== "unreadable") orgRulesets = read.rulesets;
  }
  const repos = governed.filter((r) => touched.has(r.name));
  const repaired = await auditRepos(config, reader, repos, audit.mechanism, orgRulesets, { concurrency });
  return { repos: repaired, ...(orgRuleset ? { orgRuleset } : {}) };
}
