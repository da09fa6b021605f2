/**
 * GitHub Apps in the simulator: the App's JWT, installations and installation tokens (narrowing,
 * refusing a superset, expiry), the per-endpoint permission check against GitHub's table (403
 * `Resource not accessible by integration` with `x-accepted-github-permissions`), repos outside the
 * selection invisible, and git with App tokens (the `workflows` rule).
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSimControls,
  implementedOperations,
  mintInstallationToken,
  type RunningSimulator,
  routeMatcher,
  type SimControls,
  type SimSeed,
  signAppJwt,
  startSimulator,
  validateResponseBody,
} from "../../src/simulator/index";
import { operationPermissions } from "../../src/simulator/permission-check";
import { compareWithExamples } from "./example-shapes";
import { APP_OPERATIONS, runGit, type SchemaCheck, shapeDifferences, TOKENS } from "./sim-test-kit";

let sim: RunningSimulator;
let controls: SimControls;
let work: string;
const schemaChecks: SchemaCheck[] = [];
const APP_ID = 4242;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();

function seed(): SimSeed {
  return {
    users: [{ login: "alice", token: TOKENS.alice }],
    orgs: [
      {
        login: "acme",
        owners: ["alice"],
        teams: [{ slug: "platform", members: ["alice"] }],
        repos: [
          { name: "acme-one", default_branch: "main" },
          { name: "acme-two", default_branch: "main" },
        ],
      },
      { login: "other", owners: ["alice"], repos: [{ name: "other-one", default_branch: "main" }] },
    ],
    apps: [
      {
        slug: "mlops-kit",
        id: APP_ID,
        client_id: "Iv23liTEST",
        private_key: PEM,
        permissions: {
          administration: "write",
          contents: "write",
          workflows: "write",
          secrets: "write",
          environments: "write",
          members: "read",
          organization_custom_properties: "read",
        },
        installations: [
          { id: 77, account: "acme" },
          { id: 78, account: "other", repository_selection: "selected", repositories: [] },
        ],
      },
      {
        slug: "narrow",
        permissions: { contents: "read" },
        installations: [{ account: "acme", repository_selection: "selected", repositories: ["acme-one"] }],
      },
    ],
  };
}

async function call(method: string, route: string, token: string, body?: unknown) {
  const response = await fetch(`${sim.apiUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  const operation = routeMatcher().match(method, new URL(route, sim.apiUrl).pathname)?.operation;
  if (operation && response.status >= 200 && response.status < 300 && parsed !== undefined) {
    schemaChecks.push({
      operationId: operation.operationId,
      status: response.status,
      problems: validateResponseBody(operation, response.status, parsed),
      shapes: compareWithExamples(operation, response.status, parsed),
    });
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: seed() });
  controls = createSimControls(sim.apiUrl);
  work = mkdtempSync(path.join(tmpdir(), "sim-apps-test-"));
});

afterAll(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("every implemented operation has a permission decision", () => {
  it("is in GitHub's table or decided explicitly in NOT_IN_GITHUB_TABLE", () => {
    const operations = routeMatcher().operations();
    const missing = implementedOperations().filter((id) => {
      const op = operations.find((o) => o.operationId === id)!;
      return operationPermissions(op.method, op.template) === undefined;
    });
    expect(missing).toEqual([]);
  });
});

describe("the App's JWT", () => {
  it("GET /app answers the App with a valid RS256 JWT (by id or client id)", async () => {
    for (const issuer of [APP_ID, "Iv23liTEST"]) {
      const answer = await call("GET", "/app", signAppJwt(issuer, PEM));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: APP_ID, slug: "mlops-kit", client_id: "Iv23liTEST" });
      expect(answer.body.permissions.metadata).toBe("read");
    }
  });

  it("refuses a JWT signed with another key, an expired one, one living over ten minutes", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    expect((await call("GET", "/app", signAppJwt(APP_ID, other))).status).toBe(401);
    expect((await call("GET", "/app", signAppJwt(APP_ID, PEM, Date.now() - 3_600_000))).status).toBe(401);
    const long = signAppJwt(APP_ID, PEM, Date.now() + 20 * 60_000);
    expect((await call("GET", "/app", long)).status).toBe(401);
  });

  it("a JWT is refused on other endpoints, and a user token on the App endpoints", async () => {
    const jwt = signAppJwt(APP_ID, PEM);
    expect((await call("GET", "/repos/acme/acme-one", jwt)).status).toBe(401);
    expect((await call("GET", "/app", TOKENS.alice)).status).toBe(401);
  });
});

describe("installations and installation tokens", () => {
  it("finds the org's installation and mints a token with the installation's permissions", async () => {
    const jwt = signAppJwt(APP_ID, PEM);
    const found = await call("GET", "/orgs/acme/installation", jwt);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: 77, app_id: APP_ID, repository_selection: "all" });
    expect(found.body.account.login).toBe("acme");
    const minted = await call("POST", "/app/installations/77/access_tokens", jwt, {});
    expect(minted.status).toBe(201);
    expect(minted.body.token).toMatch(/^ghs_/);
    expect(Date.parse(minted.body.expires_at) - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(minted.body.permissions).toMatchObject({ administration: "write", workflows: "write" });
    expect((await call("GET", "/orgs/nowhere/installation", jwt)).status).toBe(404);
  });

  it("narrows to a subset and refuses a superset (422), as GitHub does", async () => {
    const narrowed = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      permissions: { contents: "read" },
    });
    expect(narrowed.permissions).toEqual({ metadata: "read", contents: "read" });
    const jwt = signAppJwt(APP_ID, PEM);
    const superset = await call("POST", "/app/installations/77/access_tokens", jwt, {
      permissions: { organization_administration: "write" },
    });
    expect(superset.status).toBe(422);
    expect(superset.body.message).toBe("The permissions requested are not granted to this installation.");
    const upgrade = await call("POST", "/app/installations/77/access_tokens", jwt, {
      permissions: { members: "write" },
    });
    expect(upgrade.status).toBe(422);
    const strange = await call("POST", "/app/installations/77/access_tokens", jwt, {
      repositories: ["other-one"],
    });
    expect(strange.status).toBe(422);
  });

  it("a token narrowed to one repository sees only it; GET /installation/repositories lists it", async () => {
    const { token } = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      repositories: ["acme-one"],
    });
    expect((await call("GET", "/repos/acme/acme-one", token)).status).toBe(200);
    expect((await call("GET", "/repos/acme/acme-two", token)).status).toBe(404);
    const listed = await call("GET", "/installation/repositories", token);
    expect(listed.body.total_count).toBe(1);
    expect(listed.body.repositories.map((r: { name: string }) => r.name)).toEqual(["acme-one"]);
    const org = await call("GET", "/orgs/acme/repos", token);
    expect(org.body.map((r: { name: string }) => r.name)).toEqual(["acme-one"]);
  });

  it("a selected installation hides the repos outside it", async () => {
    const { token } = await mintInstallationToken(sim.apiUrl, { org: "acme", app: "narrow" });
    expect((await call("GET", "/repos/acme/acme-one", token)).status).toBe(200);
    expect((await call("GET", "/repos/acme/acme-two", token)).status).toBe(404);
    // Another org's repos too, even where the user behind the App could read them.
    const acme = await mintInstallationToken(sim.apiUrl, { org: "acme", app: "mlops-kit" });
    expect((await call("GET", "/repos/other/other-one", acme.token)).status).toBe(404);
  });

  it("an expired token answers 401 Bad credentials (a control expires one early)", async () => {
    const { token } = await mintInstallationToken(sim.apiUrl, { org: "acme", app: "mlops-kit" });
    expect((await call("GET", "/repos/acme/acme-one", token)).status).toBe(200);
    expect(await controls.expireInstallationTokens(token)).toBe(1);
    const expired = await call("GET", "/repos/acme/acme-one", token);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe("Bad credentials");
  });
});

describe("per-endpoint permissions of installation tokens", () => {
  it("answers 403 Resource not accessible by integration with x-accepted-github-permissions", async () => {
    const { token } = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      permissions: { contents: "read" },
    });
    expect((await call("GET", "/repos/acme/acme-one", token)).status).toBe(200); // metadata: read
    const protection = await call("GET", "/repos/acme/acme-one/branches/main/protection", token);
    expect(protection.status).toBe(403);
    expect(protection.body.message).toBe("Resource not accessible by integration");
    expect(protection.headers.get("x-accepted-github-permissions")).toBe("administration=read");
    const topics = await call("PUT", "/repos/acme/acme-one/topics", token, { names: ["x"] });
    expect(topics.status).toBe(403);
    expect(topics.headers.get("x-accepted-github-permissions")).toBe("administration=write");
    const team = await call("GET", "/orgs/acme/teams/platform", token);
    expect(team.headers.get("x-accepted-github-permissions")).toBe("members=read");
    expect((await call("GET", "/user", token)).status).toBe(403);
  });

  it("environment secrets need environments and secrets together", async () => {
    const secretsOnly = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      permissions: { secrets: "write", administration: "write" },
    });
    const route = "/repos/acme/acme-one/environments/prod/secrets/public-key";
    const created = await call("PUT", "/repos/acme/acme-one/environments/prod", secretsOnly.token, {});
    expect(created.status).toBe(200);
    const refused = await call("GET", route, secretsOnly.token);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-accepted-github-permissions")).toBe("environments=read,secrets=read");
    const both = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      permissions: { secrets: "read", environments: "read" },
    });
    expect((await call("GET", route, both.token)).status).toBe(200);
  });

  it("with the permission, the App acts on its org like an owner (users keep their role)", async () => {
    const { token } = await mintInstallationToken(sim.apiUrl, { org: "acme", app: "mlops-kit" });
    const created = await call("POST", "/orgs/acme/repos", token, { name: "acme-made-by-app" });
    expect(created.status).toBe(201);
    expect((await call("PUT", "/repos/acme/acme-made-by-app/topics", token, { names: ["ml"] })).status).toBe(
      200,
    );
    expect((await call("GET", "/repos/acme/acme-made-by-app", TOKENS.alice)).status).toBe(200);
  });
});

describe("shapes", () => {
  it("every 2xx answer of the App operations matched GitHub's response schema", async () => {
    const { token } = await mintInstallationToken(sim.apiUrl, { org: "acme", app: "mlops-kit" });
    await call("GET", "/repos/acme/acme-one/installation", signAppJwt(APP_ID, PEM));
    await call("GET", "/installation/repositories", token);
    const driven = new Set(schemaChecks.map((c) => c.operationId));
    for (const id of APP_OPERATIONS) expect(driven.has(id), id).toBe(true);
    expect(schemaChecks.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(shapeDifferences(schemaChecks)).toEqual([]);
  });
});

describe("git with installation tokens", () => {
  async function commitWorkflow(name: string): Promise<string> {
    const dir = path.join(work, name);
    mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
    writeFileSync(path.join(dir, "README.md"), "# x\n");
    writeFileSync(path.join(dir, ".github", "workflows", "ci.yml"), "on: push\n");
    await runGit(work, dir, undefined, "init", "-q", "-b", "main");
    await runGit(work, dir, undefined, "add", ".");
    await runGit(work, dir, undefined, "commit", "-q", "-m", "init");
    return dir;
  }

  it("pushing a workflow file needs workflows: write", async () => {
    const full = await mintInstallationToken(sim.apiUrl, { org: "acme", app: "mlops-kit" });
    expect((await call("POST", "/orgs/acme/repos", full.token, { name: "acme-wf" })).status).toBe(201);
    const dir = await commitWorkflow("wf");
    const remote = `${sim.serverUrl}/acme/acme-wf.git`;
    const without = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      permissions: { contents: "write" },
    });
    const refused = await runGit(work, dir, without.token, "push", remote, "main");
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(
      "refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission",
    );
    const readOnly = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      permissions: { contents: "read", workflows: "write" },
    });
    const denied = await runGit(work, dir, readOnly.token, "push", remote, "main");
    expect(denied.output).toContain("Permission to acme/acme-wf.git denied to mlops-kit[bot]");
    const accepted = await runGit(work, dir, full.token, "push", remote, "main");
    expect(accepted.status, accepted.output).toBe(0);
    const clone = await runGit(work, work, readOnly.token, "clone", "-q", remote, "wf-clone");
    expect(clone.status, clone.output).toBe(0);
    const metadataOnly = await mintInstallationToken(sim.apiUrl, {
      org: "acme",
      app: "mlops-kit",
      permissions: { metadata: "read" },
    });
    expect((await runGit(work, work, metadataOnly.token, "ls-remote", remote)).status).not.toBe(0);
  });
});
