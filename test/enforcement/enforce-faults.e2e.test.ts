/**
 * An enforcement run in apply mode on 43 repos while GitHub misbehaves: 502s, secondary rate limits,
 * dropped connections and lost responses (the write happened, the answer never arrived, so a retried
 * create meets 422 "already exists" and must take the ruleset as its own). The run ends within its
 * time bound, never duplicates a ruleset, and a re-run converges to every repo compliant.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ENFORCE_TOKEN, ENFORCE_USER } from "../../scripts/bench/enforce-seed";
import { runEnforce } from "../../src/enforcement/run-enforce";
import {
  KIT_RULESET_NAME,
  protectionSettingsOf,
  rulesetBody,
} from "../../src/protection/protection-requests";
import { createSimControls, type SimSeed, startSimulator } from "../../src/simulator/index";
import { exampleConfig } from "../fixtures/example-config";

const REPOS = 43;
const BASE_MS = 50;
/** Generous for a loaded CI machine; the carry-over bug alone made such a run take over a minute. */
const TIME_BOUND_MS = 30_000;

describe("enforce-protection under faults, 43 repos", () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-enforce-faults-"));
  const names = Array.from(
    { length: REPOS },
    (_, i) => `acme-${["nlp", "ops", "vision"][i % 3]}-r${String(i).padStart(5, "0")}`,
  );
  const configPath = path.join(scratch, "ruleset.yml");

  beforeAll(async () => {
    const data = parse(readFileSync(new URL("../../mlops-kit.config.yml", import.meta.url), "utf8"));
    data.branchProtection.mechanism = "ruleset";
    data.enforcement.preferOrgRuleset = false;
    writeFileSync(configPath, stringify(data));
    const kit = rulesetBody(protectionSettingsOf(exampleConfig().branchProtection));
    const seed = {
      users: [{ login: ENFORCE_USER, token: ENFORCE_TOKEN }],
      orgs: [
        {
          login: "acme",
          owners: [ENFORCE_USER],
          // Every third repo already has the kit's ruleset; the others need one created.
          repos: names.map((name, i) => ({
            name,
            default_branch: "main",
            ...(i % 3 === 0 ? { rulesets: [kit] } : {}),
          })),
        },
      ],
    };
    sim = await startSimulator({ seed: seed as SimSeed, latencyMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const run = (apply: boolean) =>
    runEnforce(
      {
        apply,
        token: ENFORCE_TOKEN,
        apiUrl: sim.apiUrl,
        spaceWrites: false,
        retries: 3,
        retryBaseMs: BASE_MS,
        configPath,
        concurrency: 8,
      },
      { info: () => {}, warn: () => {}, summary: async () => {} },
    );

  it("finishes within its time bound, duplicates nothing, and a re-run converges", async () => {
    const controls = createSimControls(sim.apiUrl);
    const faults = [
      { method: "GET", path: "/repos/acme/*/rulesets", status: 502, times: 6 },
      { method: "GET", path: "/repos/acme/*/rulesets", status: 403, retryAfter: 1, times: 4 },
      { method: "GET", path: "/repos/acme/*/rulesets/*", drop: true, times: 3 },
      { method: "GET", path: "/repos/acme/*/branches/main/protection", status: 502, times: 3 },
      { method: "POST", path: "/repos/acme/*/rulesets", loseResponse: true, times: 6 },
      { method: "POST", path: "/repos/acme/*/rulesets", status: 502, times: 2 },
      { method: "PUT", path: "/repos/acme/*/rulesets/*", loseResponse: true, times: 3 },
      { method: "GET", path: "/orgs/acme/repos", drop: true, times: 1 },
    ];
    for (const fault of faults) await controls.addFault(fault);
    const started = performance.now();
    const faulted = await run(true);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(TIME_BOUND_MS);
    expect(faulted.report.error).toBeUndefined();
    expect(faulted.report.repos.map((r) => r.repo).sort()).toEqual([...names].sort());
    // Every fault was met: the lost responses really exercised "the retried create finds it exists".
    expect(await controls.pendingFaults()).toEqual([]);
    const log = await controls.requests();
    expect(log.filter((r) => r.method === "POST" && r.status === 422).length).toBeGreaterThan(0);

    const rerun = await run(true);
    expect(rerun.report.counts).toMatchObject({ governed: REPOS, drifted: 0, unreadable: 0 });
    expect(rerun.exitCode).toBe(0);
    const audit = await run(false);
    expect(audit.report.counts).toMatchObject({ governed: REPOS, compliant: REPOS });
    for (const name of names) {
      const response = await fetch(`${sim.apiUrl}/repos/acme/${name}/rulesets?includes_parents=false`, {
        headers: { authorization: `Bearer ${ENFORCE_TOKEN}` },
      });
      const rulesets = (await response.json()) as { name: string }[];
      expect(
        rulesets.filter((r) => r.name === KIT_RULESET_NAME),
        name,
      ).toHaveLength(1);
    }
  });
});
