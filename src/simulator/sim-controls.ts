/**
 * Test controls under `/_sim/` (not GitHub routes, no auth): the request log, faults, settings,
 * decrypted secrets, reset and seeding. Shapes are documented in docs/simulator.md.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import type { SimFault } from "./fault-injector";
import { HOOK_ROUTE, type RefUpdate } from "./git-push-hook";
import { decidePush } from "./push-rules";
import { decryptedSecrets } from "./secret-handlers";
import type { SimSeed } from "./sim-seed";
import type { SimServer, SimSettings } from "./sim-server";

const SETTING_NAMES: (keyof SimSettings)[] = [
  "latencyMs",
  "primaryLimit",
  "maxConcurrent",
  "gitReplicationLagRequests",
  "writeLimits",
  "writeLimitMinuteMs",
];

export async function handleControl(
  sim: SimServer,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "");
  const reply = (status: number, body?: unknown) => {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  try {
    if (path === "/_sim/requests" && method === "GET") return reply(200, sim.log.list());
    if (path === "/_sim/requests" && method === "DELETE") {
      sim.log.clear();
      return reply(204);
    }
    if (path === "/_sim/faults" && method === "POST") {
      sim.addFault((await readJson(req)) as SimFault);
      return reply(201, sim.faults.pending());
    }
    if (path === "/_sim/faults" && method === "GET") return reply(200, sim.faults.pending());
    if (path === "/_sim/faults" && method === "DELETE") {
      sim.faults.clear();
      return reply(204);
    }
    if (path === "/_sim/settings" && method === "GET") return reply(200, sim.settings);
    if (path === "/_sim/settings" && method === "POST") {
      const given = (await readJson(req)) as Partial<Record<keyof SimSettings, unknown>>;
      for (const name of Object.keys(given)) {
        const value = given[name as keyof SimSettings];
        if (!SETTING_NAMES.includes(name as keyof SimSettings))
          throw new Error(`unknown setting ${name} (known: ${SETTING_NAMES.join(", ")})`);
        if (name === "writeLimits") {
          if (typeof value !== "boolean") throw new Error("setting writeLimits must be true or false");
          sim.settings.writeLimits = value;
          continue;
        }
        if (typeof value !== "number" || value < 0) throw new Error(`setting ${name} must be a number >= 0`);
        (sim.settings as unknown as Record<string, number>)[name] = value;
      }
      return reply(200, sim.settings);
    }
    if (path === "/_sim/reset" && method === "POST") {
      sim.reset();
      return reply(204);
    }
    if (path === "/_sim/seed" && method === "POST") {
      sim.addSeed((await readJson(req)) as SimSeed);
      return reply(204);
    }
    const hook = HOOK_ROUTE.exec(path);
    if (hook && method === "POST") {
      const push = sim.pushHooks.get(hook[1]!);
      if (!push) return reply(404, { ok: false, messages: ["error: unknown push"] });
      const { updates } = (await readJson(req)) as { updates: RefUpdate[] };
      return reply(200, decidePush(push.repo, push.user, updates));
    }
    if (path === "/_sim/apps" && method === "GET") return reply(200, appsControl(sim));
    if (path === "/_sim/apps/expire-tokens" && method === "POST") {
      const { token } = (await readJson(req)) as { token?: string };
      return reply(200, { expired: expireTokens(sim, token) });
    }
    const secrets = /^\/_sim\/secrets\/([^/]+)\/([^/]+)(?:\/environments\/([^/]+))?$/.exec(path);
    if (secrets && method === "GET") {
      const [, owner, name, env] = secrets.map((p) => (p === undefined ? p : decodeURIComponent(p)));
      const repo = sim.state.repo(owner!, name!);
      const values = repo ? decryptedSecrets(repo, env) : undefined;
      return values ? reply(200, values) : reply(404, { message: "Not Found" });
    }
    return reply(404, { message: `No simulator control ${method} ${path}` });
  } catch (thrown) {
    return reply(400, { message: (thrown as Error).message });
  }
}

/** The seeded apps with their private keys and installations (to sign JWTs in tests and demos). */
function appsControl(sim: SimServer) {
  return [...sim.state.apps.apps.values()].map((app) => ({
    id: app.id,
    slug: app.slug,
    client_id: app.clientId,
    private_key: app.privateKeyPem,
    permissions: app.permissions,
    installations: app.installations.map((i) => ({
      id: i.id,
      account: i.org.login,
      repository_selection: i.selection,
      permissions: i.permissions,
    })),
  }));
}

/** Expires one installation token (or all of them) now; answers how many. */
function expireTokens(sim: SimServer, token: string | undefined): number {
  let count = 0;
  for (const [value, user] of sim.state.tokens) {
    if (!user.installation || (token !== undefined && value !== token)) continue;
    user.installation.expiresAt = Date.now() - 1;
    count++;
  }
  return count;
}

/** JSON, or YAML when the content type says so (seeds are often YAML). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return {};
  return /yaml/i.test(req.headers["content-type"] ?? "") ? parseYaml(text) : JSON.parse(text);
}
