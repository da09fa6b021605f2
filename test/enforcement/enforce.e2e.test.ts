/**
 * Enforcement end to end against the GitHub simulator: seeded drift (each kind) is found exactly,
 * apply leaves none (a second audit confirms), rulesets (repo and org) are repaired, faults mid-run
 * (secondary rate limits, 5xx, dropped connections, a forbidden repo) never drop a repo, the ETag cache
 * makes a repeat audit nearly free, and the action entry runs as the Actions runner runs it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  buildEnforceSeed,
  CLASSIC_DRIFTS,
  ENFORCE_TOKEN,
  ENFORCE_USER,
} from "../../scripts/bench/enforce-seed";
import { PROTECTION_PRESETS } from "../../src/config/protection-presets";
import type { EnforceReport } from "../../src/enforcement/enforce-report";
import { renderEnforceMarkdown } from "../../src/enforcement/enforce-report";
import type { EnforceSettings } from "../../src/enforcement/enforce-settings";
import { runEnforce } from "../../src/enforcement/run-enforce";
import {
  classicProtectionBody,
  KIT_RULESET_NAME,
  protectionSettingsOf,
  rulesetBody,
} from "../../src/protection/protection-requests";
import { createSimControls, type SimSeed, startSimulator } from "../../src/simulator/index";
import { exampleConfig } from "../fixtures/example-config";

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const config = exampleConfig();
const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-enforce-"));
const exampleText = readFileSync(new URL("../../mlops-kit.config.yml", import.meta.url), "utf8");

/** The example config with changes, written to a file (as the action and the CLI read it). */
/** The parts of the example config these tests change. */
interface EditableConfig {
  branchProtection: { mechanism: string };
  enforcement: { exclude: string[]; preferOrgRuleset: boolean };
}

function configFile(name: string, change: (c: EditableConfig) => void): string {
  const data = parse(exampleText) as EditableConfig;
  change(data);
  const file = path.join(scratch, `${name}.yml`);
  writeFileSync(file, stringify(data));
  return file;
}

const classicConfig = configFile("classic", (c) => {
  c.enforcement.exclude = ["acme-ops-excluded"];
});

function settings(sim: Sim, extra: Partial<EnforceSettings> = {}): EnforceSettings {
  return {
    apply: false,
    token: ENFORCE_TOKEN,
    apiUrl: sim.apiUrl,
    spaceWrites: false,
    retries: 3,
    retryBaseMs: 10,
    configPath: classicConfig,
    ...extra,
  };
}

const quietIo = () => {
  const log: string[] = [];
  return {
    log,
    io: {
      info: (l: string) => log.push(l),
      warn: (l: string) => log.push(`warn: ${l}`),
      summary: async (m: string) => {
        log.push(m);
      },
    },
  };
};

async function enforce(sim: Sim, extra: Partial<EnforceSettings> = {}) {
  const { io, log } = quietIo();
  const result = await runEnforce(settings(sim, extra), io);
  return { ...result, log };
}

function driftByRepo(report: EnforceReport): Record<string, string[]> {
  return Object.fromEntries(
    report.repos.filter((r) => r.drift.length > 0).map((r) => [r.repo, r.drift.map((d) => d.field).sort()]),
  );
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The strict preset with the example config's own checks. */
const expectedStrict = () => ({
  ...PROTECTION_PRESETS.strict,
  requiredStatusChecks: [...config.branchProtection.requiredStatusChecks],
});

/** Every policy field, and the Scorecard score (an unprotected branch scores 0). */
const allFields = [...Object.keys(protectionSettingsOf(config.branchProtection)), "scorecardScore"].sort();

describe("enforce-protection against the simulator (classic protection)", () => {
  let sim: Sim;
  const seeded = buildEnforceSeed(config, { repos: 40, driftedShare: 0.25 });
  seeded.seed.orgs?.[0]?.repos?.push({ name: "acme-ops-excluded", default_branch: "main" });

  beforeAll(async () => {
    sim = await startSimulator({ seed: seeded.seed as SimSeed, latencyMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });
  afterEach(async () => {
    await createSimControls(sim.apiUrl).clearRequests?.();
  });

  it("seeds every kind of drift", () => {
    const kinds = new Set(seeded.governed.flatMap((r) => (r.drift ? [r.drift] : [])));
    expect([...kinds].sort()).toEqual(Object.keys(CLASSIC_DRIFTS).sort());
  });

  it("audit finds exactly the seeded drift, field by field, and changes nothing", async () => {
    const { report, exitCode, plan } = await enforce(sim);
    expect(report.error).toBeUndefined();
    expect(report.repos.map((r) => r.repo).sort()).toEqual(seeded.governed.map((r) => r.name).sort());
    const expected = Object.fromEntries(
      seeded.governed
        .filter((r) => r.drift)
        .map((r) => {
          const fields = CLASSIC_DRIFTS[r.drift!]!.fields;
          return [r.name, fields === "all" ? allFields : [...fields].sort()];
        }),
    );
    expect(driftByRepo(report)).toEqual(expected);
    expect(report.counts).toMatchObject({
      governed: 40,
      drifted: Object.keys(expected).length,
      archivedSkipped: 1,
      excluded: 1,
      unreadable: 0,
    });
    expect(report.repos.find((r) => r.drift.length === 1)!.drift[0]).toHaveProperty("expected");
    expect(plan!.repairs).toHaveLength(Object.keys(expected).length);
    expect(report.repairs.every((r) => r.status === "planned")).toBe(true);
    expect(exitCode).toBe(1);
    // Audit mode writes nothing.
    const writes = (await createSimControls(sim.apiUrl).requests()).filter((r) => r.method !== "GET");
    expect(writes).toEqual([]);
    // One protection read per repo, one look at the repo's own rulesets where classic protection alone
    // falls short (they might supply the rule), plus the paginated listings and the org's rulesets.
    expect(report.api!.calls).toBeLessThanOrEqual(40 + Object.keys(expected).length + 4);
  });

  it("apply repairs every drift, confirms it, and a second audit finds none", async () => {
    const applied = await enforce(sim, { apply: true });
    expect(applied.report.counts.repaired).toBe(seeded.governed.filter((r) => r.drift).length);
    expect(applied.report.counts.drifted).toBe(0);
    expect(applied.report.repairs.every((r) => r.status === "done")).toBe(true);
    expect(applied.exitCode).toBe(0);
    const again = await enforce(sim);
    expect(again.report.counts).toMatchObject({ governed: 40, compliant: 40, drifted: 0, unreadable: 0 });
    expect(again.exitCode).toBe(0);
  });

  it("completes under secondary rate limits, 5xx and dropped connections, and lists every repo", async () => {
    const controls = createSimControls(sim.apiUrl);
    await controls.addFault({
      method: "GET",
      path: "/repos/acme/*/branches/main/protection",
      status: 403,
      retryAfter: 1,
      times: 6,
    });
    await controls.addFault({
      method: "GET",
      path: "/repos/acme/*/branches/main/protection",
      status: 502,
      times: 4,
    });
    await controls.addFault({
      method: "GET",
      path: "/repos/acme/*/branches/main/protection",
      drop: true,
      times: 2,
    });
    await controls.addFault({ method: "GET", path: "/orgs/acme/repos", status: 503, times: 1 });
    // One repo stays forbidden whatever the retries: it must be reported, not dropped.
    await controls.addFault({
      method: "GET",
      path: `/repos/acme/${seeded.governed[3]!.name}/branches/main/protection`,
      status: 403,
      times: 10,
    });
    const { report, log } = await enforce(sim);
    expect(report.error).toBeUndefined();
    expect(report.repos).toHaveLength(40);
    expect(report.repos.map((r) => r.repo).sort()).toEqual(seeded.governed.map((r) => r.name).sort());
    const unreadable = report.repos.filter((r) => r.status === "unreadable");
    expect(unreadable.map((r) => r.repo)).toEqual([seeded.governed[3]!.name]);
    expect(unreadable[0]!.reason).toMatch(/403/);
    expect(report.counts.compliant).toBe(39);
    expect(log.some((l) => /secondary rate limit/.test(l))).toBe(true);
    await controls.clearFaults();
  });

  it("a repeat audit with the ETag cache spends almost no rate-limit budget", async () => {
    const cacheFile = path.join(scratch, "etags.json");
    const first = await enforce(sim, { etagCacheFile: cacheFile });
    const repeat = await enforce(sim, { etagCacheFile: cacheFile });
    expect(repeat.report.counts).toEqual(first.report.counts);
    expect(repeat.report.api!.notModified).toBeGreaterThan(0);
    expect(repeat.report.api!.budget).toBeLessThan(first.report.api!.budget * 0.1);
  });
});

describe("enforce-protection against the simulator (rulesets)", () => {
  let sim: Sim;
  const expected = protectionSettingsOf(config.branchProtection);
  const { customProperty, value } = config.repository.ownership;
  const good = rulesetBody(expected);
  const changed = {
    ...good,
    bypass_actors: [{ actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "always" }],
    rules: good.rules.filter((r) => r.type !== "non_fast_forward"),
  };
  const repos = [
    { name: "acme-nlp-good", default_branch: "main", rulesets: [good] },
    { name: "acme-nlp-missing", default_branch: "main" },
    { name: "acme-nlp-changed", default_branch: "main", rulesets: [changed] },
  ];
  const seed = (orgRulesets: unknown[]) => ({
    users: [{ login: ENFORCE_USER, token: ENFORCE_TOKEN }],
    orgs: [
      {
        login: "acme",
        owners: [ENFORCE_USER],
        custom_properties: [
          { property_name: customProperty, value_type: "single_select", allowed_values: [value] },
        ],
        repos: repos.map((r, i) => (i === 0 ? { ...r, custom_properties: { [customProperty]: value } } : r)),
        rulesets: orgRulesets,
      },
    ],
  });
  afterEach(async () => {
    await sim?.close();
  });

  it("repo rulesets: finds the missing and the changed ruleset, repairs both", async () => {
    sim = await startSimulator({ seed: seed([]) as SimSeed, latencyMs: 0 });
    const configPath = configFile("repo-ruleset", (c) => {
      c.branchProtection.mechanism = "ruleset";
      c.enforcement.preferOrgRuleset = false;
    });
    const audit = await enforce(sim, { configPath });
    expect(audit.report.mechanism).toBe("repo-ruleset");
    expect(driftByRepo(audit.report)).toEqual({
      "acme-nlp-missing": ["ruleset", ...allFields].sort(),
      // Force pushes allowed: Scorecard's tier 1 is half done, the score falls to 1/10.
      "acme-nlp-changed": ["allowForcePushes", "enforceAdmins", "scorecardScore"],
    });
    expect(audit.report.repos.map((r) => [r.repo, r.score?.score]).sort()).toEqual([
      ["acme-nlp-changed", 1],
      ["acme-nlp-good", 8],
      ["acme-nlp-missing", 0],
    ]);
    const applied = await enforce(sim, { configPath, apply: true });
    expect(applied.report.counts).toMatchObject({ repaired: 2, drifted: 0 });
    const again = await enforce(sim, { configPath });
    expect(again.report.counts).toMatchObject({ compliant: 3, drifted: 0 });
    expect(again.report.scorecard).toMatchObject({ target: 8, distribution: [[8, 3]], belowTarget: 0 });
    // Updated in place: still one kit ruleset per repo.
    const controls = createSimControls(sim.apiUrl);
    expect(controls).toBeDefined();
  });

  it("org ruleset: prefers one org ruleset, repairs it and gives governed repos the property", async () => {
    const orgChanged = {
      ...rulesetBody(expected, { name: customProperty, value }),
      enforcement: "evaluate",
    };
    sim = await startSimulator({ seed: seed([orgChanged]) as SimSeed, latencyMs: 0 });
    const configPath = configFile("org-ruleset", (c) => {
      c.branchProtection.mechanism = "ruleset";
      c.enforcement.preferOrgRuleset = true;
    });
    const audit = await enforce(sim, { configPath });
    expect(audit.report.mechanism).toBe("org-ruleset");
    expect(audit.report.mechanismNote).toMatch(/One org ruleset/);
    // An org ruleset that only evaluates enforces nothing: Scorecard scores it 0.
    expect(audit.report.orgRuleset!.drift.map((d) => d.field)).toEqual([
      "ruleset.enforcement",
      "scorecardScore",
    ]);
    // So what protects each branch is its own ruleset (the good one), a weaker one (changed), or
    // nothing (missing); the score is that of what is in force, so the weak ones score below 8 too.
    expect(driftByRepo(audit.report)).toEqual({
      "acme-nlp-missing": ["customProperty", ...allFields].sort(),
      "acme-nlp-changed": ["allowForcePushes", "customProperty", "enforceAdmins", "scorecardScore"],
    });
    // Before #17 these repos had no score in org-ruleset mode: now each scores what is in force on it.
    expect(Object.fromEntries(audit.report.repos.map((r) => [r.repo, r.score?.score]))).toMatchObject({
      "acme-nlp-good": 8,
      "acme-nlp-missing": 0,
    });
    expect(audit.report.repos.find((r) => r.repo === "acme-nlp-changed")!.score!.score).toBeLessThan(8);
    const applied = await enforce(sim, { configPath, apply: true });
    expect(applied.report.orgRuleset!.status).toBe("repaired");
    expect(applied.report.counts).toMatchObject({ repaired: 2, drifted: 0 });
    const again = await enforce(sim, { configPath });
    expect(again.report.orgRuleset!.status).toBe("compliant");
    expect(again.report.counts).toMatchObject({ compliant: 3, drifted: 0 });
    // Every governed repo now carries the property: the org ruleset reaches them all, scoring 8 each.
    expect(again.report.scorecard).toMatchObject({ target: 8, orgRuleset: 8, distribution: [[8, 3]] });
    expect(again.exitCode).toBe(0);
    expect(KIT_RULESET_NAME).toBeTruthy();
  });
});

describe("enforce-protection against the simulator (OpenSSF Scorecard score)", () => {
  it("strict policy: a repo without CODEOWNERS scores 8 < 10, is drifted, and no write is planned for it", async () => {
    const strict = configFile("strict", (c) => {
      (c.branchProtection as { preset?: string }).preset = "strict";
    });
    const strictSettings = { ...expectedStrict() };
    const body = classicProtectionBody(strictSettings);
    const sim = await startSimulator({
      seed: {
        users: [{ login: ENFORCE_USER, token: ENFORCE_TOKEN }],
        orgs: [
          {
            login: "acme",
            owners: [ENFORCE_USER],
            // Seeded repos have no files: no CODEOWNERS anywhere GitHub looks for one.
            repos: [{ name: "acme-nlp-strict", default_branch: "main", branch_protection: { ...body } }],
          },
        ],
      } as SimSeed,
      latencyMs: 0,
    });
    try {
      const { report, plan } = await enforce(sim, { configPath: strict });
      const repo = report.repos.find((r) => r.repo === "acme-nlp-strict")!;
      // Field by field the branch follows the strict policy; only the score falls short.
      expect(repo.drift).toEqual([{ field: "scorecardScore", expected: 10, actual: 8 }]);
      expect(repo.score).toMatchObject({
        score: 8,
        target: 10,
        missing: ["codeownersFile"],
        codeowners: "absent",
      });
      expect(plan!.repairs).toEqual([]);
      const lookups = (await createSimControls(sim.apiUrl).requests()).filter(
        (r) => r.operationId === "repos/get-content",
      );
      expect(lookups.map((r) => r.status)).toEqual([404, 404, 404]);
      expect(renderEnforceMarkdown(report)).toContain("add a CODEOWNERS file");
    } finally {
      await sim.close();
    }
  });
});
