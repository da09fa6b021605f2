/**
 * Enforcement against seeded orgs whose protection comes from several places at once: classic
 * protection, repo rulesets and org rulesets, with conditions, enforcement modes and bypass actors a
 * careful implementer could miss. Each verdict is checked against the simulator's own answer to "which
 * rules apply to this branch" (`GET /repos/{owner}/{repo}/rules/branches/{branch}`), before and after
 * apply; repairs keep everything they do not tighten; repos that are stricter than the policy, or
 * protected by an org ruleset, are not written to.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ENFORCE_TOKEN, ENFORCE_USER } from "../../scripts/bench/enforce-seed";
import type { EnforceReport } from "../../src/enforcement/enforce-report";
import type { EnforceSettings } from "../../src/enforcement/enforce-settings";
import { diffEffective } from "../../src/enforcement/protection-drift";
import { runEnforce } from "../../src/enforcement/run-enforce";
import {
  bypassActorOf,
  classicSource,
  type ProtectionSource,
} from "../../src/protection/effective-protection";
import {
  type ClassicProtectionResponse,
  classicProtectionBody,
  protectionSettingsOf,
  type RulesetResponse,
  rulesetBody,
  settingsFromRuleset,
} from "../../src/protection/protection-requests";
import {
  factsFromClassicProtection,
  factsFromRuleset,
  mergeFacts,
  NOTHING_ENFORCED,
} from "../../src/protection/scorecard-facts";
import { type ProtectionFacts, scoreOf } from "../../src/protection/scorecard-score";
import { createSimControls, type SimSeed, startSimulator } from "../../src/simulator/index";
import { exampleConfig } from "../fixtures/example-config";

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const config = exampleConfig();
const policy = protectionSettingsOf(config.branchProtection);
const allFields = Object.keys(policy).sort();
/** An unprotected branch: every policy field drifts, and Scorecard's 0 is below the policy's 8. */
const nothing = [...allFields, "scorecardScore"].sort();
const PROPERTY = {
  name: config.repository.ownership.customProperty,
  value: config.repository.ownership.value,
};
const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-effective-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function configFile(name: string, mechanism: "classic" | "ruleset", preferOrgRuleset: boolean): string {
  const data = parse(readFileSync(new URL("../../mlops-kit.config.yml", import.meta.url), "utf8"));
  data.branchProtection.mechanism = mechanism;
  data.enforcement.preferOrgRuleset = preferOrgRuleset;
  const file = path.join(scratch, `${name}.yml`);
  writeFileSync(file, stringify(data));
  return file;
}

async function enforce(sim: Sim, configPath: string, extra: Partial<EnforceSettings> = {}) {
  const log: string[] = [];
  const result = await runEnforce(
    {
      apply: false,
      token: ENFORCE_TOKEN,
      apiUrl: sim.apiUrl,
      spaceWrites: false,
      retries: 3,
      retryBaseMs: 10,
      configPath,
      ...extra,
    },
    { info: (l) => log.push(l), warn: (l) => log.push(`warn: ${l}`), summary: async (m) => void log.push(m) },
  );
  return { ...result, log };
}

async function api<T>(sim: Sim, route: string): Promise<{ status: number; data: T }> {
  const response = await fetch(`${sim.apiUrl}${route}`, {
    headers: { authorization: `Bearer ${ENFORCE_TOKEN}` },
  });
  return { status: response.status, data: (await response.json()) as T };
}

/**
 * The simulated GitHub's view of one default branch: the rulesets whose rules apply to it (its
 * rules-for-branch answer) and whether, with classic protection, that meets the policy. Only bypass
 * actors are looked up on the rulesets; which rulesets apply is GitHub's answer, not the kit's.
 */
async function githubView(sim: Sim, repo: string) {
  const rules = await api<{ type: string; parameters?: Record<string, unknown>; ruleset_id: number }[]>(
    sim,
    `/repos/acme/${repo}/rules/branches/main`,
  );
  const ids = [...new Set(rules.data.map((r) => r.ruleset_id))].sort((a, b) => a - b);
  const sources: ProtectionSource[] = [];
  const rulesetFacts: ProtectionFacts[] = [];
  for (const id of ids) {
    const ruleset = await api<RulesetResponse>(sim, `/repos/acme/${repo}/rulesets/${id}`);
    rulesetFacts.push(
      factsFromRuleset({
        id,
        name: "",
        enforcement: "active",
        rules: rules.data.filter((r) => r.ruleset_id === id),
        bypass_actors: ruleset.data.bypass_actors ?? [],
      }),
    );
    sources.push({
      label: `#${id}`,
      kind: "repo-ruleset",
      inForce: true,
      settings: settingsFromRuleset({ id, name: "", rules: rules.data.filter((r) => r.ruleset_id === id) }),
      bypass: (ruleset.data.bypass_actors ?? []).map(bypassActorOf),
    });
  }
  const classic = await api<ClassicProtectionResponse>(sim, `/repos/acme/${repo}/branches/main/protection`);
  if (classic.status === 200) sources.push(classicSource(classic.data));
  // Scorecard's view of the same answer: the rules that apply, with each ruleset's bypass actors.
  const facts: ProtectionFacts[] = [
    ...rulesetFacts,
    ...(classic.status === 200 ? [factsFromClassicProtection(classic.data)] : []),
  ];
  const score = scoreOf(facts.length > 0 ? mergeFacts(facts) : NOTHING_ENFORCED);
  return { rulesetIds: ids, compliant: diffEffective(policy, sources).drift.length === 0, classic, score };
}

/** The kit's view from a report: the rulesets it counts as in force on the default branch. */
function kitRulesetIds(report: EnforceReport, repo: string): number[] {
  const entry = report.repos.find((r) => r.repo === repo)!;
  return (entry.sources ?? [])
    .filter((s) => s.inForce && s.source !== "classic protection")
    .map((s) => Number(/#(\d+)\)$/.exec(s.source)![1]))
    .sort((a, b) => a - b);
}

async function expectKitAgreesWithGitHub(sim: Sim, report: EnforceReport) {
  for (const entry of report.repos) {
    const github = await githubView(sim, entry.repo);
    // A repo already compliant may not have had its own rulesets read (they could only add rules).
    const unread = new Set<number>();
    if (entry.unread?.includes("repo rulesets")) {
      const own = await api<{ id: number }[]>(
        sim,
        `/repos/acme/${entry.repo}/rulesets?includes_parents=false`,
      );
      for (const r of own.data) unread.add(r.id);
    }
    expect(kitRulesetIds(report, entry.repo), entry.repo).toEqual(
      github.rulesetIds.filter((id) => !unread.has(id)),
    );
    // The kit scores the sources it counts in force; with every source read, that is GitHub's answer.
    if (!entry.unread?.length) expect(entry.score?.score, `${entry.repo}: score`).toBe(github.score);
    const target = entry.score?.target ?? 8;
    const kitCompliant = entry.status === "compliant" || entry.status === "repaired";
    expect(kitCompliant, `${entry.repo}: kit says ${entry.status}`).toBe(
      github.compliant && github.score >= target,
    );
  }
}

function driftByRepo(report: EnforceReport): Record<string, string[]> {
  return Object.fromEntries(
    report.repos.filter((r) => r.drift.length > 0).map((r) => [r.repo, r.drift.map((d) => d.field).sort()]),
  );
}

const good = classicProtectionBody(policy);
const kitRepoRuleset = rulesetBody(policy);

function org(repos: unknown[], rulesets: unknown[] = []): SimSeed {
  return {
    users: [
      { login: ENFORCE_USER, token: ENFORCE_TOKEN },
      { login: "octocat", token: "token-octocat" },
    ],
    orgs: [
      {
        login: "acme",
        owners: [ENFORCE_USER],
        members: ["octocat"],
        teams: [{ slug: "platform", members: ["octocat"] }],
        custom_properties: [
          { property_name: PROPERTY.name, value_type: "single_select", allowed_values: [PROPERTY.value] },
          { property_name: "tier", value_type: "single_select", allowed_values: ["experimental", "gold"] },
        ],
        repos,
        rulesets,
      },
    ],
  } as SimSeed;
}

describe("effective protection, classic policy", () => {
  let sim: Sim;
  const configPath = configFile("classic", "classic", true);
  const locked = {
    ...good,
    required_status_checks: {
      strict: true,
      contexts: [],
      checks: [{ context: "ci / build-test", app_id: 15368 }],
    },
    required_pull_request_reviews: {
      ...good.required_pull_request_reviews,
      required_approving_review_count: 0,
      dismissal_restrictions: { users: ["octocat"], teams: ["platform"] },
      bypass_pull_request_allowances: { users: [], teams: ["platform"] },
    },
    restrictions: { users: ["octocat"], teams: ["platform"], apps: ["deploy-bot"] },
    lock_branch: true,
    block_creations: true,
    required_signatures: true,
  };
  const stricter = {
    ...good,
    required_status_checks: { strict: true, contexts: ["ci / build-test", "security / scan"] },
    required_pull_request_reviews: {
      ...good.required_pull_request_reviews,
      required_approving_review_count: 3,
    },
    required_linear_history: true,
  };
  const ruleset = (change: Record<string, unknown>) => ({ ...kitRepoRuleset, name: "team rules", ...change });
  const baseline = {
    ...rulesetBody(policy, PROPERTY),
    name: "baseline",
    conditions: {
      ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
      repository_property: {
        include: [{ name: PROPERTY.name, property_values: [PROPERTY.value], source: "custom" }],
        exclude: [{ name: "tier", property_values: ["experimental"], source: "custom" }],
      },
    },
  };
  const repos = [
    // The platform team can push: GitHub keeps only push-restriction teams with write access.
    {
      name: "acme-nlp-locked",
      default_branch: "main",
      branch_protection: locked,
      teams: { platform: "push" },
    },
    { name: "acme-nlp-stricter", default_branch: "main", branch_protection: stricter },
    {
      name: "acme-nlp-pattern",
      default_branch: "main",
      rulesets: [ruleset({ conditions: { ref_name: { include: ["~ALL"], exclude: ["refs/heads/ma*"] } } })],
    },
    { name: "acme-nlp-evaluate", default_branch: "main", rulesets: [ruleset({ enforcement: "evaluate" })] },
    { name: "acme-nlp-disabled", default_branch: "main", rulesets: [ruleset({ enforcement: "disabled" })] },
    {
      name: "acme-nlp-bypass",
      default_branch: "main",
      rulesets: [ruleset({ bypass_actors: [{ actor_id: 42, actor_type: "Team", bypass_mode: "always" }] })],
    },
    {
      name: "acme-nlp-orgcovered",
      default_branch: "main",
      custom_properties: { [PROPERTY.name]: PROPERTY.value },
    },
    {
      name: "acme-nlp-orgexempt",
      default_branch: "main",
      custom_properties: { [PROPERTY.name]: PROPERTY.value, tier: "experimental" },
    },
  ];
  afterEach(async () => {
    await sim?.close();
  });

  it("finds what GitHub enforces, repairs only what drifted, and agrees with GitHub before and after", async () => {
    sim = await startSimulator({ seed: org(repos, [baseline]), latencyMs: 0 });
    const audit = await enforce(sim, configPath);
    expect(audit.report.error).toBeUndefined();
    expect(driftByRepo(audit.report)).toEqual({
      // No approval required: tier 2 incomplete, Scorecard 4 of the policy's 8.
      "acme-nlp-locked": ["requiredApprovingReviewCount", "scorecardScore"],
      "acme-nlp-pattern": nothing,
      "acme-nlp-evaluate": nothing,
      "acme-nlp-disabled": nothing,
      // A team may bypass: drift, but the default policy's 8 does not depend on tier 5.
      "acme-nlp-bypass": ["bypassActors"],
      "acme-nlp-orgexempt": nothing,
    });
    // Each repo scores what is in force on its default branch, whichever source supplies it.
    expect(Object.fromEntries(audit.report.repos.map((r) => [r.repo, r.score?.score]))).toEqual({
      "acme-nlp-locked": 4,
      "acme-nlp-stricter": 8,
      "acme-nlp-pattern": 0,
      "acme-nlp-evaluate": 0,
      "acme-nlp-disabled": 0,
      "acme-nlp-bypass": 8,
      "acme-nlp-orgcovered": 8,
      "acme-nlp-orgexempt": 0,
    });
    const pattern = audit.report.repos.find((r) => r.repo === "acme-nlp-pattern")!;
    expect(pattern.sources).toEqual([
      expect.objectContaining({
        inForce: false,
        notInForce: expect.stringMatching(/ref_name conditions leave main out/),
      }),
    ]);
    const covered = audit.report.repos.find((r) => r.repo === "acme-nlp-orgcovered")!;
    expect(covered.status).toBe("compliant");
    expect(covered.sources).toEqual([
      expect.objectContaining({ source: expect.stringMatching(/^org ruleset "baseline"/), inForce: true }),
    ]);
    expect(audit.report.repos.find((r) => r.repo === "acme-nlp-evaluate")!.sources![0]!.notInForce).toMatch(
      /evaluate/,
    );
    expect(audit.exitCode).toBe(1);
    await expectKitAgreesWithGitHub(sim, audit.report);

    const controls = createSimControls(sim.apiUrl);
    await controls.clearRequests();
    const applied = await enforce(sim, configPath, { apply: true });
    expect(applied.report.counts).toMatchObject({ governed: 8, repaired: 6, drifted: 0, unreadable: 0 });
    expect(applied.exitCode).toBe(0);
    const writes = (await controls.requests()).filter((r) => r.method !== "GET").map((r) => r.path);
    expect(writes.some((p) => /acme-nlp-(stricter|orgcovered)\//.test(p))).toBe(false);

    // The lock and everything else the repair did not tighten are as they were.
    const after = (await githubView(sim, "acme-nlp-locked")).classic.data;
    expect(after).toMatchObject({
      lock_branch: { enabled: true },
      block_creations: { enabled: true },
      required_signatures: { enabled: true },
      required_status_checks: { checks: [{ context: "ci / build-test", app_id: 15368 }] },
      restrictions: {
        users: [{ login: "octocat" }],
        teams: [{ slug: "platform" }],
        apps: [{ slug: "deploy-bot" }],
      },
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        dismissal_restrictions: { users: [{ login: "octocat" }], teams: [{ slug: "platform" }] },
        bypass_pull_request_allowances: { teams: [{ slug: "platform" }] },
      },
    });
    expect(applied.report.scorecard).toMatchObject({ scored: 8, belowTarget: 0 });
    const again = await enforce(sim, configPath);
    expect(again.report.counts).toMatchObject({ compliant: 8, drifted: 0 });
    await expectKitAgreesWithGitHub(sim, again.report);
  });
});

describe("effective protection, org ruleset policy", () => {
  let sim: Sim;
  afterEach(async () => {
    await sim?.close();
  });

  it("an org ruleset whose property exclude exempts governed repos is drift, repaired, and GitHub agrees", async () => {
    const configPath = configFile("org", "ruleset", true);
    const exempting = {
      ...rulesetBody(policy, PROPERTY),
      conditions: {
        ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
        repository_property: {
          include: [{ name: PROPERTY.name, property_values: [PROPERTY.value], source: "custom" }],
          exclude: [{ name: "tier", property_values: ["experimental"], source: "custom" }],
        },
      },
    };
    sim = await startSimulator({
      seed: org(
        [
          {
            name: "acme-nlp-alpha",
            default_branch: "main",
            custom_properties: { [PROPERTY.name]: PROPERTY.value },
          },
          {
            name: "acme-nlp-bravo",
            default_branch: "main",
            custom_properties: { [PROPERTY.name]: PROPERTY.value, tier: "experimental" },
          },
          { name: "acme-nlp-charlie", default_branch: "main" },
        ],
        [exempting],
      ),
      latencyMs: 0,
    });
    const audit = await enforce(sim, configPath);
    expect(audit.report.mechanism).toBe("org-ruleset");
    expect(audit.report.orgRuleset!.drift.map((d) => d.field)).toEqual(["ruleset.conditions"]);
    // Org-ruleset mode scores each repo too: what reaches it (8), or nothing (0) where the exclude bites.
    expect(driftByRepo(audit.report)).toEqual({
      "acme-nlp-bravo": nothing,
      "acme-nlp-charlie": ["customProperty", ...nothing].sort(),
    });
    expect(audit.report.repos.map((r) => [r.repo, r.score?.score])).toEqual([
      ["acme-nlp-alpha", 8],
      ["acme-nlp-bravo", 0],
      ["acme-nlp-charlie", 0],
    ]);
    await expectKitAgreesWithGitHub(sim, audit.report);
    const applied = await enforce(sim, configPath, { apply: true });
    expect(applied.report.orgRuleset!.status).toBe("repaired");
    expect(applied.report.counts).toMatchObject({ repaired: 2, drifted: 0 });
    const again = await enforce(sim, configPath);
    expect(again.report.counts).toMatchObject({ compliant: 3, drifted: 0 });
    await expectKitAgreesWithGitHub(sim, again.report);
  });

  it("the kit's repo ruleset excluding the default branch by pattern is drift, repaired in place", async () => {
    const configPath = configFile("repo", "ruleset", false);
    const excluding = {
      ...kitRepoRuleset,
      conditions: { ref_name: { include: ["~ALL"], exclude: ["refs/heads/m*"] } },
    };
    sim = await startSimulator({
      seed: org([{ name: "acme-nlp-xray", default_branch: "main", rulesets: [excluding] }]),
      latencyMs: 0,
    });
    const audit = await enforce(sim, configPath);
    expect(driftByRepo(audit.report)["acme-nlp-xray"]).toEqual(["ruleset.conditions", ...nothing].sort());
    // The ruleset is not in force on main, so it scores nothing (it used to be scored as if it were).
    expect(audit.report.repos[0]!.score).toMatchObject({ score: 0, target: 8 });
    await expectKitAgreesWithGitHub(sim, audit.report);
    const applied = await enforce(sim, configPath, { apply: true });
    expect(applied.report.counts).toMatchObject({ repaired: 1, drifted: 0 });
    const rulesets = await api<unknown[]>(sim, "/repos/acme/acme-nlp-xray/rulesets?includes_parents=false");
    expect(rulesets.data).toHaveLength(1);
    const again = await enforce(sim, configPath);
    expect(again.report.counts).toMatchObject({ compliant: 1 });
    await expectKitAgreesWithGitHub(sim, again.report);
  });
});
