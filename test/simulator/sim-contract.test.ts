/**
 * Contract suite: drives every implemented operation with @octokit/rest against the simulator,
 * including refusals and pagination, and validates every 2xx answer against GitHub's OpenAPI
 * response schemas.
 */
import type { Octokit } from "@octokit/rest";
import sodium from "libsodium-wrappers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OWNER_ONLY_ORG_KEYS } from "../../src/simulator/github-shapes";
import {
  createSimControls,
  implementedOperations,
  type RunningSimulator,
  startSimulator,
} from "../../src/simulator/index";
import { pullHandlers } from "../../src/simulator/pull-handlers";
import {
  APP_OPERATIONS,
  BULK_REPOS,
  checkedOctokit,
  contractSeed,
  type SchemaCheck,
  shapeDifferences,
  statusOf,
  TOKENS,
} from "./sim-test-kit";

let sim: RunningSimulator;
const checks: SchemaCheck[] = [];
let alice: Octokit;
let bob: Octokit;
let carol: Octokit;
let mallory: Octokit;
const owner = "acme";
const repo = "acme-forecast-demand";

async function seal(value: string, key: string): Promise<string> {
  await sodium.ready;
  const sealed = sodium.crypto_box_seal(
    sodium.from_string(value),
    sodium.from_base64(key, sodium.base64_variants.ORIGINAL),
  );
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

beforeAll(async () => {
  sim = await startSimulator({ seed: contractSeed() });
  alice = checkedOctokit(sim.apiUrl, TOKENS.alice, checks);
  // Members and outsiders do not get the org's owner-only keys.
  const notOwner = { conditional: new Set<string>(OWNER_ONLY_ORG_KEYS) };
  bob = checkedOctokit(sim.apiUrl, TOKENS.bob, checks, notOwner);
  carol = checkedOctokit(sim.apiUrl, TOKENS.carol, checks, notOwner);
  mallory = checkedOctokit(sim.apiUrl, TOKENS.mallory, checks, notOwner);
});

afterAll(async () => {
  await sim?.close();
});

describe("auth, user, org, teams", () => {
  it("answers the authenticated user and refuses unknown or missing tokens", async () => {
    expect((await alice.rest.users.getAuthenticated()).data.login).toBe("alice");
    expect(await statusOf(checkedOctokit(sim.apiUrl, "nope", checks).rest.users.getAuthenticated())).toEqual({
      status: 401,
      message: "Bad credentials",
    });
    expect(
      (await statusOf(checkedOctokit(sim.apiUrl, undefined, checks).rest.users.getAuthenticated())).status,
    ).toBe(401);
  });

  it("reports the rate limit, anonymously too", async () => {
    const { data } = await checkedOctokit(sim.apiUrl, undefined, checks).rest.rateLimit.get();
    expect(data.resources.core.limit).toBe(5000);
    const mine = await alice.rest.rateLimit.get();
    expect(mine.data.rate.used).toBeGreaterThan(0);
  });

  it("answers the org, 404 for an unknown one", async () => {
    expect((await alice.rest.orgs.get({ org: owner })).data.login).toBe("acme");
    expect((await bob.rest.orgs.get({ org: owner })).data.login).toBe("acme");
    // Billing, plan and member-policy keys go to owners only.
    const asOwner = (await alice.rest.orgs.get({ org: owner })).data as Record<string, unknown>;
    const asMember = (await bob.rest.orgs.get({ org: owner })).data as Record<string, unknown>;
    expect(OWNER_ONLY_ORG_KEYS.filter((key) => !(key in asOwner))).toEqual([]);
    expect(OWNER_ONLY_ORG_KEYS.filter((key) => key in asMember)).toEqual([]);
    expect(asOwner).toMatchObject({
      default_repository_permission: "read",
      two_factor_requirement_enabled: true,
    });
    expect(
      Object.keys(asOwner)
        .filter((key) => !(key in asMember))
        .sort(),
    ).toEqual([...OWNER_ONLY_ORG_KEYS].sort());
    expect((await statusOf(alice.rest.orgs.get({ org: "globex" }))).status).toBe(404);
  });

  it("lists teams and answers team memberships (active, pending, none)", async () => {
    const teams = await bob.rest.teams.list({ org: owner });
    expect(teams.data.map((t) => t.slug).sort()).toEqual(["forecasting", "platform"]);
    expect((await statusOf(mallory.rest.teams.list({ org: owner }))).status).toBe(403);
    const team = await bob.rest.teams.getByName({ org: owner, team_slug: "forecasting" });
    expect(team.data.members_count).toBe(1);
    expect((await statusOf(bob.rest.teams.getByName({ org: owner, team_slug: "nope" }))).status).toBe(404);
    const membership = (username: string) =>
      alice.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "forecasting", username });
    expect((await membership("bob")).data).toMatchObject({ state: "active", role: "member" });
    expect((await membership("dave")).data.state).toBe("pending");
    expect((await statusOf(membership("carol"))).status).toBe(404);
  });
});

describe("repos", () => {
  it("creates an org repo with custom properties, refuses a duplicate and a bad body", async () => {
    const created = await bob.rest.repos.createInOrg({
      org: owner,
      name: repo,
      description: "Forecast demand",
      visibility: "private",
      has_wiki: false,
      // cost-center is repo-editable in this seed, so its creator may set it; managed-by only org actors.
      custom_properties: { "cost-center": "CC-1234" },
    });
    expect(created.status).toBe(201);
    await alice.request("PATCH /repos/{owner}/{repo}/properties/values", {
      owner,
      repo,
      properties: [{ property_name: "managed-by", value: "mlops-kit" }],
    });
    expect(created.data.clone_url).toBe(`${sim.serverUrl}/${owner}/${repo}.git`);
    expect(created.data.html_url).toBe(`${sim.serverUrl}/${owner}/${repo}`);
    expect(created.data.has_wiki).toBe(false);
    const again = await statusOf(alice.rest.repos.createInOrg({ org: owner, name: repo }));
    expect(again.status).toBe(422);
    const duplicate = await alice.rest.repos
      .createInOrg({ org: owner, name: repo })
      .catch((e) => e.response.data);
    expect(duplicate.errors[0].message).toBe("name already exists on this account");
    const invalid = await statusOf(
      alice.request("POST /orgs/{org}/repos", { org: owner, name: "x", visibility: "secret" } as never),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.message).toMatch(/^Invalid request\.\n\n/);
    const missing = await statusOf(alice.request("POST /orgs/{org}/repos", { org: owner } as never));
    expect(missing.message).toContain(`"name" wasn't supplied.`);
    const badProperty = await statusOf(
      alice.rest.repos.createInOrg({
        org: owner,
        name: "acme-bad-prop",
        custom_properties: { "managed-by": "someone" },
      }),
    );
    expect(badProperty.status).toBe(422);
    expect((await statusOf(mallory.rest.repos.createInOrg({ org: owner, name: "acme-x-y" }))).status).toBe(
      403,
    );
  });

  it("gets and updates a repo with GitHub's permission rules", async () => {
    const got = await alice.rest.repos.get({ owner, repo });
    expect((got.data as { custom_properties?: unknown }).custom_properties).toEqual({
      "managed-by": "mlops-kit",
      "cost-center": "CC-1234",
    });
    expect(got.data.permissions?.admin).toBe(true);
    // carol is an org member: base permission read, so she can read but not administer.
    expect((await carol.rest.repos.get({ owner, repo })).data.permissions).toMatchObject({
      pull: true,
      push: false,
    });
    expect(await statusOf(carol.rest.repos.update({ owner, repo, description: "x" }))).toEqual({
      status: 403,
      message: "Must have admin rights to Repository.",
    });
    // An outsider cannot see a private repo at all.
    expect((await statusOf(mallory.rest.repos.get({ owner, repo }))).status).toBe(404);
    const updated = await alice.rest.repos.update({
      owner,
      repo,
      description: "Forecast demand daily",
      delete_branch_on_merge: true,
    });
    expect(updated.data.description).toBe("Forecast demand daily");
    expect(updated.data.delete_branch_on_merge).toBe(true);
    expect((await statusOf(alice.rest.repos.get({ owner, repo: "nope" }))).status).toBe(404);
  });

  it("paginates the org's repos with Link headers (250 repos, 3 pages)", async () => {
    const first = await alice.rest.repos.listForOrg({ org: owner, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toMatch(/rel="next"/);
    expect(first.headers.link).toMatch(/page=3>; rel="last"/);
    let pages = 0;
    const all = await alice.paginate(
      alice.rest.repos.listForOrg,
      { org: owner, per_page: 100 },
      (response) => {
        pages++;
        return response.data;
      },
    );
    expect(pages).toBe(3);
    expect(all).toHaveLength(BULK_REPOS + 1);
    expect(new Set(all.map((r) => r.name)).size).toBe(BULK_REPOS + 1);
    const sorted = await alice.rest.repos.listForOrg({ org: owner, sort: "full_name", per_page: 2 });
    expect(sorted.data.map((r) => r.name)).toEqual(["acme-bulk-000", "acme-bulk-001"]);
    // An outsider sees none of the private repos.
    expect((await mallory.rest.repos.listForOrg({ org: owner })).data).toEqual([]);
  });

  it("reads and replaces topics, refusing invalid ones", async () => {
    await alice.rest.repos.replaceAllTopics({ owner, repo, names: ["mlops-kit", "forecasting"] });
    expect((await bob.rest.repos.getAllTopics({ owner, repo })).data.names).toEqual([
      "mlops-kit",
      "forecasting",
    ]);
    expect(
      (await statusOf(alice.rest.repos.replaceAllTopics({ owner, repo, names: ["Not Valid"] }))).status,
    ).toBe(422);
  });

  it("lists branches and refuses unknown ones; contents of an empty repo is 404", async () => {
    expect((await alice.rest.repos.listBranches({ owner, repo })).data).toEqual([]);
    const seeded = await alice.rest.repos.listBranches({ owner, repo: "acme-bulk-001" });
    expect(seeded.data.map((b) => b.name)).toEqual(["main"]);
    const branch = await alice.rest.repos.getBranch({ owner, repo: "acme-bulk-000", branch: "main" });
    expect(branch.data.protected).toBe(true);
    expect(branch.data.commit.sha).toBe(seeded.data.length ? branch.data.commit.sha : "");
    expect(await statusOf(alice.rest.repos.getBranch({ owner, repo, branch: "main" }))).toMatchObject({
      status: 404,
      message: "Branch not found",
    });
    expect(await statusOf(alice.rest.repos.getContent({ owner, repo, path: "README.md" }))).toMatchObject({
      status: 404,
      message: "This repository is empty.",
    });
  });
});

describe("team access", () => {
  it("grants a team a permission, which its active members then hold", async () => {
    expect((await carol.rest.repos.get({ owner, repo })).data.permissions?.push).toBe(false);
    await alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: "forecasting",
      owner,
      repo,
      permission: "maintain",
    });
    await alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: "platform",
      owner,
      repo,
      permission: "admin",
    });
    const teams = await bob.rest.repos.listTeams({ owner, repo });
    expect(teams.data.map((t) => [t.slug, t.permission])).toEqual([
      ["forecasting", "maintain"],
      ["platform", "admin"],
    ]);
    expect(
      (
        await alice.rest.teams.checkPermissionsForRepoInOrg({
          org: owner,
          team_slug: "forecasting",
          owner,
          repo,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await statusOf(
          carol.rest.teams.addOrUpdateRepoPermissionsInOrg({
            org: owner,
            team_slug: "forecasting",
            owner,
            repo,
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await statusOf(
          alice.rest.teams.addOrUpdateRepoPermissionsInOrg({ org: owner, team_slug: "nope", owner, repo }),
        )
      ).status,
    ).toBe(404);
    await alice.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: "forecasting",
      owner,
      repo: "acme-bulk-002",
      permission: "push",
    });
    await alice.rest.teams.removeRepoInOrg({
      org: owner,
      team_slug: "forecasting",
      owner,
      repo: "acme-bulk-002",
    });
    expect(
      (
        await statusOf(
          alice.rest.teams.checkPermissionsForRepoInOrg({
            org: owner,
            team_slug: "forecasting",
            owner,
            repo: "acme-bulk-002",
          }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("secrets and environments", () => {
  it("keeps a sealed repository secret, decrypted intact, and refuses a wrong key id", async () => {
    const { data: key } = await alice.rest.actions.getRepoPublicKey({ owner, repo });
    const created = await alice.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: "MODEL_REGISTRY_TOKEN",
      encrypted_value: await seal("s3cr3t value ✓", key.key),
      key_id: key.key_id,
    });
    expect(created.status).toBe(201);
    const updated = await alice.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: "MODEL_REGISTRY_TOKEN",
      encrypted_value: await seal("rotated ✓", key.key),
      key_id: key.key_id,
    });
    expect(updated.status).toBe(204);
    expect(await createSimControls(sim.apiUrl).secrets(owner, repo)).toEqual({
      MODEL_REGISTRY_TOKEN: "rotated ✓",
    });
    const wrongKey = await statusOf(
      alice.rest.actions.createOrUpdateRepoSecret({
        owner,
        repo,
        secret_name: "X",
        encrypted_value: await seal("v", key.key),
        key_id: "1",
      }),
    );
    expect(wrongKey.status).toBe(422);
    const otherKey = sodium.crypto_box_keypair();
    const notForUs = await statusOf(
      alice.rest.actions.createOrUpdateRepoSecret({
        owner,
        repo,
        secret_name: "X",
        encrypted_value: await seal(
          "v",
          sodium.to_base64(otherKey.publicKey, sodium.base64_variants.ORIGINAL),
        ),
        key_id: key.key_id,
      }),
    );
    expect(notForUs.status).toBe(422);
    expect(
      (await alice.rest.actions.listRepoSecrets({ owner, repo })).data.secrets.map((s) => s.name),
    ).toEqual(["MODEL_REGISTRY_TOKEN"]);
    expect(
      (await alice.rest.actions.getRepoSecret({ owner, repo, secret_name: "MODEL_REGISTRY_TOKEN" })).data
        .name,
    ).toBe("MODEL_REGISTRY_TOKEN");
    // Secrets need admin: carol can read the repo (org base permission), which is not enough.
    expect(await statusOf(carol.rest.actions.getRepoPublicKey({ owner, repo }))).toEqual({
      status: 403,
      message: "Must have admin rights to Repository.",
    });
    await alice.rest.actions.deleteRepoSecret({ owner, repo, secret_name: "MODEL_REGISTRY_TOKEN" });
    expect(
      (await statusOf(alice.rest.actions.getRepoSecret({ owner, repo, secret_name: "MODEL_REGISTRY_TOKEN" })))
        .status,
    ).toBe(404);
  });

  it("creates environments with reviewers and keeps their sealed secrets", async () => {
    const { data: team } = await alice.rest.teams.getByName({ org: owner, team_slug: "forecasting" });
    const prod = await alice.rest.repos.createOrUpdateEnvironment({
      owner,
      repo,
      environment_name: "prod",
      wait_timer: 5,
      prevent_self_review: true,
      reviewers: [{ type: "Team", id: team.id }],
      deployment_branch_policy: null,
    });
    expect(prod.data.protection_rules?.map((r) => r.type)).toEqual(["wait_timer", "required_reviewers"]);
    await alice.rest.repos.createOrUpdateEnvironment({
      owner,
      repo,
      environment_name: "dev",
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
    const list = await bob.rest.repos.getAllEnvironments({ owner, repo });
    expect(list.data.environments?.map((e) => e.name)).toEqual(["dev", "prod"]);
    expect((await bob.rest.repos.getEnvironment({ owner, repo, environment_name: "prod" })).data.name).toBe(
      "prod",
    );
    expect(
      (
        await statusOf(
          alice.rest.repos.createOrUpdateEnvironment({
            owner,
            repo,
            environment_name: "x",
            reviewers: [{ type: "Team", id: 999999 }],
          }),
        )
      ).status,
    ).toBe(422);
    expect(
      (await statusOf(carol.rest.repos.createOrUpdateEnvironment({ owner, repo, environment_name: "x" })))
        .status,
    ).toBe(403);

    const { data: key } = await alice.rest.actions.getEnvironmentPublicKey({
      owner,
      repo,
      environment_name: "prod",
    });
    const repoKey = (await alice.rest.actions.getRepoPublicKey({ owner, repo })).data;
    expect(key.key).not.toBe(repoKey.key);
    await alice.rest.actions.createOrUpdateEnvironmentSecret({
      owner,
      repo,
      environment_name: "prod",
      secret_name: "DATABRICKS_CLIENT_SECRET",
      encrypted_value: await seal("prod-secret", key.key),
      key_id: key.key_id,
    });
    expect(await createSimControls(sim.apiUrl).secrets(owner, repo, "prod")).toEqual({
      DATABRICKS_CLIENT_SECRET: "prod-secret",
    });
    const listed = await alice.rest.actions.listEnvironmentSecrets({ owner, repo, environment_name: "prod" });
    expect(listed.data.total_count).toBe(1);
    expect(
      (
        await alice.rest.actions.getEnvironmentSecret({
          owner,
          repo,
          environment_name: "prod",
          secret_name: "DATABRICKS_CLIENT_SECRET",
        })
      ).status,
    ).toBe(200);
    await alice.rest.actions.deleteEnvironmentSecret({
      owner,
      repo,
      environment_name: "prod",
      secret_name: "DATABRICKS_CLIENT_SECRET",
    });
    expect(
      (await statusOf(alice.rest.actions.getEnvironmentPublicKey({ owner, repo, environment_name: "nope" })))
        .status,
    ).toBe(404);
    await alice.rest.repos.createOrUpdateEnvironment({ owner, repo, environment_name: "tmp" });
    await alice.rest.repos.deleteAnEnvironment({ owner, repo, environment_name: "tmp" });
    expect(
      (await statusOf(alice.rest.repos.getEnvironment({ owner, repo, environment_name: "tmp" }))).status,
    ).toBe(404);
  });
});

describe("custom properties", () => {
  it("manages the org schema", async () => {
    const schema = await bob.request("GET /orgs/{org}/properties/schema", { org: owner });
    expect(schema.data.map((p) => p.property_name)).toEqual(["managed-by", "cost-center"]);
    await alice.request("PATCH /orgs/{org}/properties/schema", {
      org: owner,
      properties: [
        { property_name: "team", value_type: "single_select", allowed_values: ["forecasting", "platform"] },
      ],
    });
    await alice.request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
      org: owner,
      custom_property_name: "template",
      value_type: "string",
    });
    expect(
      (
        await alice.request("GET /orgs/{org}/properties/schema/{custom_property_name}", {
          org: owner,
          custom_property_name: "team",
        })
      ).data.allowed_values,
    ).toEqual(["forecasting", "platform"]);
    expect(
      (
        await statusOf(
          bob.request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
            org: owner,
            custom_property_name: "x",
            value_type: "string",
          }),
        )
      ).status,
    ).toBe(403);
    await alice.request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
      org: owner,
      custom_property_name: "doomed",
      value_type: "string",
    });
    await alice.request("DELETE /orgs/{org}/properties/schema/{custom_property_name}", {
      org: owner,
      custom_property_name: "doomed",
    });
    expect(
      (
        await statusOf(
          alice.request("GET /orgs/{org}/properties/schema/{custom_property_name}", {
            org: owner,
            custom_property_name: "doomed",
          }),
        )
      ).status,
    ).toBe(404);
  });

  it("sets repo values, refusing values outside allowed_values", async () => {
    await alice.request("PATCH /repos/{owner}/{repo}/properties/values", {
      owner,
      repo,
      properties: [{ property_name: "team", value: "forecasting" }],
    });
    const values = await bob.request("GET /repos/{owner}/{repo}/properties/values", { owner, repo });
    expect(values.data).toContainEqual({ property_name: "team", value: "forecasting" });
    const refused = await statusOf(
      alice.request("PATCH /repos/{owner}/{repo}/properties/values", {
        owner,
        repo,
        properties: [{ property_name: "team", value: "sales" }],
      }),
    );
    expect(refused.status).toBe(422);
    expect(
      (
        await statusOf(
          alice.request("PATCH /repos/{owner}/{repo}/properties/values", {
            owner,
            repo,
            properties: [{ property_name: "nope", value: "x" }],
          }),
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await statusOf(
          bob.request("PATCH /repos/{owner}/{repo}/properties/values", {
            owner,
            repo,
            properties: [{ property_name: "team", value: "platform" }],
          }),
        )
      ).status,
    ).toBe(403);
  });

  it("lists values org-wide, paginated and filtered by repository_query", async () => {
    const all = await alice.paginate("GET /orgs/{org}/properties/values", { org: owner, per_page: 100 });
    expect(all).toHaveLength(BULK_REPOS + 1);
    const managed = await alice.paginate("GET /orgs/{org}/properties/values", {
      org: owner,
      per_page: 100,
      repository_query: "props.managed-by:mlops-kit",
    });
    expect(managed).toHaveLength(BULK_REPOS / 2 + 1);
    await alice.request("PATCH /orgs/{org}/properties/values", {
      org: owner,
      repository_names: ["acme-bulk-001", "acme-bulk-003"],
      properties: [{ property_name: "cost-center", value: "CC-0000" }],
    });
    const tagged = await alice.request("GET /orgs/{org}/properties/values", {
      org: owner,
      repository_query: "props.cost-center:CC-0000",
    });
    expect(tagged.data.map((r) => r.repository_name)).toEqual(["acme-bulk-001", "acme-bulk-003"]);
    expect(
      (
        await statusOf(
          alice.request("GET /orgs/{org}/properties/values", { org: owner, repository_query: "stars:>5" }),
        )
      ).status,
    ).toBe(422);
  });
});

describe("branch protection and rulesets", () => {
  it("gets, puts and deletes classic protection in GitHub's shape", async () => {
    const repoName = "acme-bulk-000";
    const got = await alice.rest.repos.getBranchProtection({ owner, repo: repoName, branch: "main" });
    expect(got.data.required_status_checks?.contexts).toEqual(["ci / build-test"]);
    expect(got.data.enforce_admins?.enabled).toBe(true);
    const put = await alice.rest.repos.updateBranchProtection({
      owner,
      repo: "acme-bulk-001",
      branch: "main",
      required_status_checks: null,
      enforce_admins: false,
      required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 2 },
      restrictions: null,
      allow_force_pushes: false,
      allow_deletions: false,
      required_conversation_resolution: true,
    });
    expect(put.data.required_pull_request_reviews?.required_approving_review_count).toBe(2);
    expect(put.data.allow_force_pushes?.enabled).toBe(false);
    expect(put.data.required_conversation_resolution?.enabled).toBe(true);
    expect(put.data.required_status_checks).toBeUndefined();
    expect(
      await statusOf(alice.rest.repos.getBranchProtection({ owner, repo: "acme-bulk-002", branch: "main" })),
    ).toMatchObject({
      status: 404,
      message: "Branch not protected",
    });
    expect(
      await statusOf(alice.rest.repos.getBranchProtection({ owner, repo: "acme-bulk-002", branch: "nope" })),
    ).toMatchObject({
      status: 404,
      message: "Branch not found",
    });
    const body = {
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
    };
    expect(
      await statusOf(
        alice.rest.repos.updateBranchProtection({ owner, repo: "acme-bulk-002", branch: "nope", ...body }),
      ),
    ).toMatchObject({
      status: 404,
      message: "Branch not found",
    });
    expect(
      (await statusOf(carol.rest.repos.getBranchProtection({ owner, repo: repoName, branch: "main" })))
        .status,
    ).toBe(403);
    expect(
      (
        await statusOf(
          alice.request("PUT /repos/{owner}/{repo}/branches/{branch}/protection", {
            owner,
            repo: repoName,
            branch: "main",
            enforce_admins: true,
          } as never),
        )
      ).status,
    ).toBe(422);
    await alice.rest.repos.deleteBranchProtection({ owner, repo: "acme-bulk-001", branch: "main" });
    expect(
      (
        await statusOf(
          alice.rest.repos.deleteBranchProtection({ owner, repo: "acme-bulk-001", branch: "main" }),
        )
      ).status,
    ).toBe(404);
  });

  it("keeps every protection field as sent, and required signatures across a PUT", async () => {
    const target = { owner, repo: "acme-bulk-003", branch: "main" };
    await alice.rest.repos.updateBranchProtection({
      ...target,
      required_status_checks: {
        strict: true,
        contexts: ["ci", "lint"],
        checks: [
          { context: "ci", app_id: 15368 },
          { context: "lint", app_id: -1 },
        ],
      },
      enforce_admins: true,
      required_pull_request_reviews: {
        required_approving_review_count: 1,
        dismissal_restrictions: { users: ["bob"], teams: ["platform"], apps: ["review-bot"] },
        bypass_pull_request_allowances: { users: [], teams: ["platform"], apps: ["merge-bot"] },
      },
      restrictions: { users: ["bob"], teams: [], apps: ["deploy-bot"] },
      lock_branch: true,
      block_creations: true,
      allow_fork_syncing: true,
    });
    const first = (await alice.rest.repos.getBranchProtection(target)).data;
    expect(first.required_status_checks?.checks).toEqual([
      { context: "ci", app_id: 15368 },
      { context: "lint", app_id: null },
    ]);
    expect(first.required_pull_request_reviews?.dismissal_restrictions?.teams?.map((t) => t.slug)).toEqual([
      "platform",
    ]);
    expect(
      first.required_pull_request_reviews?.bypass_pull_request_allowances?.teams?.map((t) => t.slug),
    ).toEqual(["platform"]);
    expect([
      first.lock_branch?.enabled,
      first.block_creations?.enabled,
      first.allow_fork_syncing?.enabled,
    ]).toEqual([true, true, true]);
    expect((await alice.rest.repos.createCommitSignatureProtection(target)).data.enabled).toBe(true);
    expect((await alice.rest.repos.getCommitSignatureProtection(target)).data.enabled).toBe(true);
    // A PUT has no signatures field: they stay required.
    await alice.rest.repos.updateBranchProtection({
      ...target,
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
      lock_branch: true,
    });
    const got = (await alice.rest.repos.getBranchProtection(target)).data;
    expect(got.required_signatures?.enabled).toBe(true);
    expect(got.lock_branch?.enabled).toBe(true);
    await alice.rest.repos.deleteCommitSignatureProtection(target);
    expect((await alice.rest.repos.getCommitSignatureProtection(target)).data.enabled).toBe(false);
  });

  it("manages repository rulesets with unique names", async () => {
    const body = {
      name: "protect default",
      target: "branch" as const,
      enforcement: "active" as const,
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [{ type: "deletion" as const }, { type: "non_fast_forward" as const }],
    };
    const created = await alice.rest.repos.createRepoRuleset({ owner, repo: "acme-bulk-004", ...body });
    expect(created.status).toBe(201);
    expect(created.data.source_type).toBe("Repository");
    expect(
      (await statusOf(alice.rest.repos.createRepoRuleset({ owner, repo: "acme-bulk-004", ...body }))).status,
    ).toBe(422);
    const badRule = await statusOf(
      alice.request("POST /repos/{owner}/{repo}/rulesets", {
        owner,
        repo: "acme-bulk-004",
        ...body,
        name: "x",
        rules: [{ type: "no_such_rule" }],
      } as never),
    );
    expect(badRule.status).toBe(422);
    const id = created.data.id;
    const updated = await alice.rest.repos.updateRepoRuleset({
      owner,
      repo: "acme-bulk-004",
      ruleset_id: id,
      enforcement: "evaluate",
    });
    expect(updated.data.enforcement).toBe("evaluate");
    expect(updated.data.rules).toHaveLength(2);
    expect(
      (await bob.rest.repos.getRepoRuleset({ owner, repo: "acme-bulk-004", ruleset_id: id })).data.name,
    ).toBe("protect default");
    expect(
      (
        await statusOf(
          carol.rest.repos.createRepoRuleset({ owner, repo: "acme-bulk-004", ...body, name: "other" }),
        )
      ).status,
    ).toBe(403);
    const list = await bob.rest.repos.getRepoRulesets({
      owner,
      repo: "acme-bulk-004",
      includes_parents: false,
    });
    expect(list.data.map((r) => r.id)).toEqual([id]);
    // An evaluate-mode ruleset reports, but enforces nothing.
    expect(
      (await bob.rest.repos.getBranchRules({ owner, repo: "acme-bulk-004", branch: "main" })).data,
    ).toEqual([]);
    await alice.rest.repos.updateRepoRuleset({
      owner,
      repo: "acme-bulk-004",
      ruleset_id: id,
      enforcement: "active",
    });
    const rules = await bob.rest.repos.getBranchRules({ owner, repo: "acme-bulk-004", branch: "main" });
    expect(rules.data.map((r) => r.type)).toEqual(["deletion", "non_fast_forward"]);
    expect(
      (await bob.rest.repos.getBranchRules({ owner, repo: "acme-bulk-004", branch: "feature/x" })).data,
    ).toEqual([]);
    await alice.rest.repos.deleteRepoRuleset({ owner, repo: "acme-bulk-004", ruleset_id: id });
    expect(
      (await statusOf(alice.rest.repos.getRepoRuleset({ owner, repo: "acme-bulk-004", ruleset_id: id })))
        .status,
    ).toBe(404);
  });

  it("applies org rulesets to the repos their property condition selects", async () => {
    const created = await alice.rest.repos.createOrgRuleset({
      org: owner,
      name: "mlops-kit: protect the default branch",
      target: "branch",
      enforcement: "active",
      bypass_actors: [],
      conditions: {
        ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] },
        repository_property: {
          include: [{ name: "managed-by", property_values: ["mlops-kit"], source: "custom" }],
          exclude: [],
        },
      },
      rules: [
        { type: "deletion" },
        {
          type: "pull_request",
          parameters: {
            required_approving_review_count: 1,
            dismiss_stale_reviews_on_push: true,
            require_code_owner_review: true,
            require_last_push_approval: false,
            required_review_thread_resolution: true,
          },
        },
      ],
    });
    expect(created.data.source_type).toBe("Organization");
    const id = created.data.id;
    const managed = await bob.rest.repos.getBranchRules({ owner, repo: "acme-bulk-006", branch: "main" });
    expect(managed.data.map((r) => [r.type, r.ruleset_source_type, r.ruleset_id])).toEqual([
      ["deletion", "Organization", id],
      ["pull_request", "Organization", id],
    ]);
    expect(
      (await bob.rest.repos.getBranchRules({ owner, repo: "acme-bulk-007", branch: "main" })).data,
    ).toEqual([]);
    const parents = await bob.rest.repos.getRepoRulesets({ owner, repo: "acme-bulk-006" });
    expect(parents.data.map((r) => r.id)).toEqual([id]);
    expect(
      (await bob.rest.repos.getRepoRuleset({ owner, repo: "acme-bulk-006", ruleset_id: id })).data.source,
    ).toBe("acme");
    expect((await alice.rest.repos.getOrgRulesets({ org: owner })).data.map((r) => r.id)).toEqual([id]);
    expect(
      (await alice.rest.repos.getOrgRuleset({ org: owner, ruleset_id: id })).data.conditions,
    ).toBeTruthy();
    await alice.rest.repos.updateOrgRuleset({
      org: owner,
      ruleset_id: id,
      conditions: {
        ref_name: { include: ["~ALL"], exclude: [] },
        repository_name: { include: ["acme-bulk-00*"], exclude: [] },
      },
    });
    expect(
      (await bob.rest.repos.getBranchRules({ owner, repo: "acme-bulk-007", branch: "dev" })).data,
    ).toHaveLength(2);
    expect(
      (await bob.rest.repos.getBranchRules({ owner, repo: "acme-bulk-010", branch: "main" })).data,
    ).toHaveLength(0);
    expect((await statusOf(bob.rest.repos.getOrgRulesets({ org: owner }))).status).toBe(403);
    await alice.rest.repos.deleteOrgRuleset({ org: owner, ruleset_id: id });
    expect((await statusOf(alice.rest.repos.getOrgRuleset({ org: owner, ruleset_id: id }))).status).toBe(404);
  });
});

describe("who may mark a repo, and who has direct access", () => {
  it("lets a member who creates a repo set only properties repo actors may edit", async () => {
    // managed-by is editable by org actors only (GitHub's default): bob, a plain member, may not forge it.
    const forged = await statusOf(
      bob.rest.repos.createInOrg({
        org: owner,
        name: "acme-forged-marker",
        custom_properties: { "managed-by": "mlops-kit" },
      } as never),
    );
    expect(forged).toMatchObject({ status: 403, message: expect.stringContaining("managed-by") });
    expect((await statusOf(bob.rest.repos.get({ owner, repo: "acme-forged-marker" }))).status).toBe(404);
    await alice.request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
      org: owner,
      custom_property_name: "managed-by",
      value_type: "single_select",
      allowed_values: ["mlops-kit", "manual"],
      values_editable_by: "org_and_repo_actors",
    });
    try {
      await bob.rest.repos.createInOrg({
        org: owner,
        name: "acme-forged-marker",
        custom_properties: { "managed-by": "mlops-kit" },
      } as never);
      const values = await bob.request("GET /repos/{owner}/{repo}/properties/values", {
        owner,
        repo: "acme-forged-marker",
      });
      expect(values.data).toContainEqual({ property_name: "managed-by", value: "mlops-kit" });
    } finally {
      await alice.request("PUT /orgs/{org}/properties/schema/{custom_property_name}", {
        org: owner,
        custom_property_name: "managed-by",
        value_type: "single_select",
        allowed_values: ["mlops-kit", "manual"],
        values_editable_by: "org_actors",
      });
    }
  });

  it("lists the creator as the direct admin, adds member collaborators, and filters by affiliation", async () => {
    const direct = await bob.rest.repos.listCollaborators({
      owner,
      repo: "acme-forged-marker",
      affiliation: "direct",
    });
    expect(direct.data.map((c) => [c.login, c.role_name])).toEqual([["bob", "admin"]]);
    await bob.rest.repos.addCollaborator({
      owner,
      repo: "acme-forged-marker",
      username: "carol",
      permission: "push",
    });
    const after = await bob.rest.repos.listCollaborators({
      owner,
      repo: "acme-forged-marker",
      affiliation: "direct",
    });
    expect(after.data.map((c) => [c.login, c.role_name, c.permissions?.push])).toEqual([
      ["bob", "admin", true],
      ["carol", "write", true],
    ]);
    expect((await carol.rest.repos.get({ owner, repo: "acme-forged-marker" })).data.permissions?.push).toBe(
      true,
    );
    const outside = await bob.rest.repos.listCollaborators({
      owner,
      repo: "acme-forged-marker",
      affiliation: "outside",
    });
    expect(outside.data).toEqual([]);
    const all = await bob.rest.repos.listCollaborators({ owner, repo: "acme-forged-marker" });
    expect(all.data.map((c) => c.login)).toEqual(expect.arrayContaining(["alice", "bob", "carol"]));
    expect(
      (
        await statusOf(
          carol.rest.repos.addCollaborator({ owner, repo: "acme-forged-marker", username: "dave" }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await statusOf(mallory.rest.repos.listCollaborators({ owner, repo: "acme-forged-marker" }))).status,
    ).toBe(403); // a public repo: readable, but listing collaborators needs push access
  });
  it("invites people outside the org, keeps deploy keys, and lets a creator remove themselves", async () => {
    const invited = await bob.rest.repos.addCollaborator({
      owner,
      repo: "acme-forged-marker",
      username: "mallory",
      permission: "admin",
    });
    expect(invited.status).toBe(201);
    expect(invited.data).toMatchObject({ invitee: { login: "mallory" }, permissions: "admin" });
    const invitations = await bob.rest.repos.listInvitations({ owner, repo: "acme-forged-marker" });
    expect(invitations.data.map((i) => i.invitee?.login)).toEqual(["mallory"]);
    // An invitation grants nothing until it is accepted.
    expect(
      (await statusOf(mallory.rest.repos.listCollaborators({ owner, repo: "acme-forged-marker" }))).status,
    ).toBe(403);
    const key = await bob.rest.repos.createDeployKey({
      owner,
      repo: "acme-forged-marker",
      title: "ci",
      key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ci",
    });
    expect(key.status).toBe(201);
    expect((await bob.rest.repos.listDeployKeys({ owner, repo: "acme-forged-marker" })).data).toEqual([
      expect.objectContaining({ title: "ci", read_only: false }),
    ]);
    expect(
      (
        await statusOf(
          bob.rest.repos.createDeployKey({ owner, repo: "acme-forged-marker", key: "not a key" }),
        )
      ).status,
    ).toBe(422);
    await bob.rest.repos.removeCollaborator({ owner, repo: "acme-forged-marker", username: "bob" });
    // Without the creator's admin, bob is back to the org's base permission: read.
    expect((await bob.rest.repos.get({ owner, repo: "acme-forged-marker" })).data.permissions?.admin).toBe(
      false,
    );
    expect(
      (
        await alice.rest.repos.listCollaborators({ owner, repo: "acme-forged-marker", affiliation: "direct" })
      ).data.map((c) => c.login),
    ).toEqual(["carol"]);
  });
});

describe("routing", () => {
  it("answers 404 for unknown routes and a clear 501 for routes it does not implement", async () => {
    expect(await statusOf(alice.request("GET /no/such/route"))).toMatchObject({
      status: 404,
      message: "Not Found",
    });
    const unimplemented = await statusOf(alice.request("GET /orgs/{org}/hooks", { org: owner }));
    expect(unimplemented.status).toBe(501);
    expect(unimplemented.message).toContain("orgs/list-webhooks");
  });
});

describe("contract", () => {
  it("every 2xx answer matched GitHub's response schema", () => {
    const failures = checks.filter((c) => c.problems.length > 0);
    expect(failures).toEqual([]);
  });

  it("every answer, 2xx and error, has the shape of GitHub's example and error format", () => {
    expect(shapeDifferences(checks)).toEqual([]);
    // Refusals were compared too: the suite provokes 401, 403, 404 and 422 (Validation Failed) answers.
    const refusals = new Set(checks.filter((c) => c.status >= 400).map((c) => c.status));
    expect([...refusals].sort()).toEqual(expect.arrayContaining([401, 403, 404, 422]));
  });

  it("every implemented operation was driven (contents: in the git suite)", () => {
    const driven = new Set(checks.filter((c) => c.status < 400).map((c) => c.operationId));
    // 204-only operations produce no body to check; they were driven above.
    const bodiless = new Set([
      "teams/add-or-update-repo-permissions-in-org",
      "teams/check-permissions-for-repo-in-org",
      "teams/remove-repo-in-org",
      "repos/add-collaborator",
      "repos/remove-collaborator",
      "actions/delete-repo-secret",
      "actions/delete-environment-secret",
      "repos/delete-an-environment",
      "repos/delete-branch-protection",
      "repos/delete-commit-signature-protection",
      "repos/delete-repo-ruleset",
      "repos/delete-org-ruleset",
      "orgs/custom-properties-for-repos-delete-organization-definition",
      "orgs/custom-properties-for-repos-create-or-update-organization-values",
      "repos/custom-properties-for-repos-create-or-update-repository-values",
      "repos/get-content",
    ]);
    // Pull requests and labels (sim-pulls.test.ts) and the App operations (sim-apps.test.ts) have their
    // own suites, which check they drove them all.
    const elsewhere = new Set([...Object.keys(pullHandlers), ...APP_OPERATIONS]);
    expect(
      implementedOperations().filter((id) => !driven.has(id) && !bodiless.has(id) && !elsewhere.has(id)),
    ).toEqual([]);
  });
});
