/**
 * Mints an installation token against the simulator the way actions/create-github-app-token does on
 * GitHub: sign the App's JWT, find the org's installation, ask for a token (optionally narrowed to some
 * permissions and repositories). Only the private key comes from a simulator control. For tests, the
 * demo and benchmarks.
 */
import { signAppJwt } from "./app-auth";
import { createSimControls } from "./sim-controls-client";

export interface MintOptions {
  org: string;
  /** The App's slug (default: the only seeded app). */
  app?: string;
  /** Narrower permissions, e.g. `{ contents: "write" }` (default: the installation's). */
  permissions?: Record<string, string>;
  repositories?: string[];
}

export interface MintedToken {
  token: string;
  expires_at: string;
  permissions: Record<string, string>;
  repository_selection: string;
}

export async function mintInstallationToken(apiUrl: string, options: MintOptions): Promise<MintedToken> {
  const apps = await createSimControls(apiUrl).apps();
  const app = options.app
    ? apps.find((a) => a.slug === options.app)
    : apps.length === 1
      ? apps[0]
      : undefined;
  if (!app) throw new Error(`no simulated app ${options.app ?? "(several or none seeded: name one)"}`);
  const headers = {
    authorization: `Bearer ${signAppJwt(app.id, app.private_key)}`,
    accept: "application/vnd.github+json",
    "content-type": "application/json",
  };
  const base = apiUrl.replace(/\/+$/, "");
  const found = await fetch(`${base}/orgs/${encodeURIComponent(options.org)}/installation`, { headers });
  if (!found.ok)
    throw new Error(`GET /orgs/${options.org}/installation answered ${found.status}: ${await found.text()}`);
  const { id } = (await found.json()) as { id: number };
  const body: Record<string, unknown> = {};
  if (options.permissions) body.permissions = options.permissions;
  if (options.repositories) body.repositories = options.repositories;
  const minted = await fetch(`${base}/app/installations/${id}/access_tokens`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  if (!minted.ok) throw new Error(`POST access_tokens answered ${minted.status}: ${await minted.text()}`);
  return (await minted.json()) as MintedToken;
}
