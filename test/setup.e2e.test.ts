/**
 * `mlops-kit setup` against the simulator's demo org: the plan names the property definitions (the
 * ownership marker editable by org actors only), the kit repo's `mlops-kit` environment limited to
 * protected branches and, for an org-ruleset config, the org ruleset; nothing changes without
 * `--apply`; applied, GitHub holds exactly that, and a second run plans nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { runCli } from "../src/cli/main";
import { parseKitConfig } from "../src/config/config-parser";
import { appManifest } from "../src/github/app-permissions";
import { kitPaths, kitRoot } from "../src/kit-paths";
import { KIT_RULESET_NAME } from "../src/protection/protection-requests";
import { runSetup } from "../src/setup/run-setup";
import { createSimControls, demoSeedPath, loadSeedFile, startSimulator } from "../src/simulator/index";
import { listTemplateNames } from "../src/templates/template-catalog";

type Sim = Awaited<ReturnType<typeof startSimulator>>;
let sim: Sim;
const exampleText = readFileSync(path.join(kitRoot(), "mlops-kit.config.yml"), "utf8");
const text = exampleText
  .replace(/^ {2}mechanism: classic$/m, "  mechanism: ruleset")
  .replace(/^ {2}preferOrgRuleset: false$/m, "  preferOrgRuleset: true");
const config = parseKitConfig(text, {
  fileName: "setup.yml",
  availableTemplates: listTemplateNames(kitPaths.templatesDir()),
});

beforeAll(async () => {
  sim = await startSimulator({ seed: loadSeedFile(demoSeedPath()) });
});
afterAll(async () => {
  await sim?.close();
});

describe("mlops-kit setup", () => {
  it("plans, changes nothing without apply, applies, and then plans nothing", async () => {
    expect(config.branchProtection.mechanism).toBe("ruleset");
    expect((parse(text) as { enforcement: { preferOrgRuleset: boolean } }).enforcement.preferOrgRuleset).toBe(
      true,
    );
    const settings = {
      config,
      kitRepo: "mlops-kit",
      token: "sim-token-alice",
      apiUrl: sim.apiUrl,
      retryBaseMs: 5,
    };
    const lines: string[] = [];
    const io = { info: (l: string) => lines.push(l) };
    await createSimControls(sim.apiUrl).clearRequests();
    const dry = await runSetup({ ...settings, apply: false }, io);
    // The demo org already defines cost-center and template as the config needs; the marker (repo
    // admins may not edit it) and team (the config's allowed teams) differ.
    expect(
      dry.steps
        .map((s) => (s.kind === "property" ? `property:${s.definition.property_name}` : s.kind))
        .sort(),
    ).toEqual(["environment", "org-ruleset", "property:managed-by", "property:team"]);
    expect(lines.join("\n")).toContain("editable by org actors only");
    const writes = (await createSimControls(sim.apiUrl).requests()).filter((r) => r.method !== "GET");
    expect(writes).toEqual([]);

    const applied = await runSetup({ ...settings, apply: true }, io);
    expect(applied.applied).toBe(true);
    const alice = new Octokit({ baseUrl: sim.apiUrl, auth: "sim-token-alice" });
    const marker = await alice.request("GET /orgs/{org}/properties/schema/{custom_property_name}", {
      org: "acme",
      custom_property_name: "managed-by",
    });
    expect(marker.data).toMatchObject({ allowed_values: ["mlops-kit"], values_editable_by: "org_actors" });
    const env = await alice.request("GET /repos/{owner}/{repo}/environments/{environment_name}", {
      owner: "acme",
      repo: "mlops-kit",
      environment_name: "mlops-kit",
    });
    expect(env.data.deployment_branch_policy).toEqual({
      protected_branches: true,
      custom_branch_policies: false,
    });
    const rulesets = await alice.request("GET /orgs/{org}/rulesets", { org: "acme" });
    expect(rulesets.data.map((r) => r.name)).toContain(KIT_RULESET_NAME);

    const again = await runSetup({ ...settings, apply: true }, io);
    expect(again.steps).toEqual([]);
  });

  it("prints the App manifest with exactly the kit's permissions", async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    try {
      expect(await runCli(["setup", "--print-app-manifest", "--app-name", "acme-kit"])).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(JSON.parse(printed.join("\n"))).toEqual(appManifest("acme-kit"));
  });
});
