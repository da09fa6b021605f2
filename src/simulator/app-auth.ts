/**
 * GitHub Apps in the simulator: apps and their installations from the seed, the App's JWT (RS256,
 * verified with the app's public key), installation tokens (narrowed permissions and repositories,
 * one hour of life, expirable early by a control) and which repos a token reaches.
 *
 * An installation token authenticates as the App's bot user (`{slug}[bot]`) carrying an
 * `InstallationGrant`; handlers see it as an all-powerful member of the installed org (the per-endpoint
 * permission check in sim-server runs first) that reaches only the installation's repositories.
 */
import {
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import type { AppPermissions, PermissionAccess } from "./permission-check";
import type { SimSeed } from "./sim-seed";
import type { SimOrg, SimRepo, SimState, SimUser } from "./sim-state";

export interface SeedInstallation {
  /** Installation id (default: allocated). */
  id?: number;
  /** Org login the App is installed on. */
  account: string;
  repository_selection?: "all" | "selected";
  /** Repo names, for `selected`. */
  repositories?: string[];
  /** Narrower than the App's permissions when given (an org may accept fewer). */
  permissions?: AppPermissions;
}

export interface SeedApp {
  slug: string;
  /** App id (default: allocated). */
  id?: number;
  client_id?: string;
  name?: string;
  /** PEM (PKCS#1 or PKCS#8); generated at seed time when absent (read it with `GET /_sim/apps`). */
  private_key?: string;
  permissions: AppPermissions;
  events?: string[];
  installations?: SeedInstallation[];
}

export interface SimApp {
  id: number;
  slug: string;
  clientId: string;
  name: string;
  privateKeyPem: string;
  publicKey: KeyObject;
  permissions: AppPermissions;
  events: string[];
  bot: SimUser;
  installations: SimInstallation[];
  createdAt: string;
}

export interface SimInstallation {
  id: number;
  app: SimApp;
  org: SimOrg;
  selection: "all" | "selected";
  repoIds: Set<number>;
  permissions: AppPermissions;
  createdAt: string;
}

/** What an installation token carries. */
export interface InstallationGrant {
  installation: SimInstallation;
  permissions: AppPermissions;
  /** `null`: every repo of the installation. */
  repoIds: Set<number> | null;
  /** Epoch ms. */
  expiresAt: number;
}

export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
/** GitHub refuses a JWT whose life (exp - iat) exceeds ten minutes. */
const MAX_JWT_LIFE_S = 600;
/** Clock drift GitHub tolerates on `iat`. */
const CLOCK_SKEW_S = 60;

export class AppRegistry {
  readonly apps = new Map<string, SimApp>();
  readonly installations = new Map<number, SimInstallation>();

  byIdOrClientId(iss: string): SimApp | undefined {
    for (const app of this.apps.values()) if (String(app.id) === iss || app.clientId === iss) return app;
    return undefined;
  }

  installationFor(app: SimApp, org: SimOrg): SimInstallation | undefined {
    return app.installations.find((i) => i.org === org);
  }

  /** Adds the seed's apps (after its orgs and repos, which installations name). */
  applySeed(seed: SimSeed & { apps?: SeedApp[] }, state: SimState): void {
    for (const s of seed.apps ?? []) {
      let app = this.apps.get(s.slug.toLowerCase());
      if (!app) {
        const id = s.id ?? state.newId();
        const privateKeyPem = s.private_key ?? generatePrivateKeyPem(s.slug.toLowerCase());
        const bot = state.ensureUser(`${s.slug}[bot]`);
        app = {
          id,
          slug: s.slug,
          clientId: s.client_id ?? `Iv23li${String(id).padStart(8, "0")}`,
          name: s.name ?? s.slug,
          privateKeyPem,
          publicKey: createPublicKey(createPrivateKey(privateKeyPem)),
          permissions: { metadata: "read", ...s.permissions },
          events: s.events ?? [],
          bot,
          installations: [],
          createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        };
        this.apps.set(s.slug.toLowerCase(), app);
      }
      for (const i of s.installations ?? []) this.install(app, i, state);
    }
  }

  private install(app: SimApp, seed: SeedInstallation, state: SimState): void {
    const org = state.org(seed.account);
    if (!org) throw new Error(`seed: app ${app.slug} is installed on ${seed.account}, which is not an org`);
    if (this.installationFor(app, org))
      throw new Error(`seed: app ${app.slug} is installed twice on ${org.login}`);
    const repoIds = new Set<number>();
    for (const name of seed.repositories ?? []) {
      const repo = state.repo(org.login, name);
      if (!repo)
        throw new Error(`seed: installation of ${app.slug} names ${org.login}/${name}, which does not exist`);
      repoIds.add(repo.id);
    }
    const installation: SimInstallation = {
      id: seed.id ?? state.newId(),
      app,
      org,
      selection: seed.repository_selection ?? "all",
      repoIds,
      permissions: { metadata: "read", ...(seed.permissions ?? app.permissions) },
      createdAt: app.createdAt,
    };
    app.installations.push(installation);
    this.installations.set(installation.id, installation);
  }
}

/** Whether the installation reaches `repo` (the App's own creations join a `selected` installation). */
export function installationReaches(installation: SimInstallation, repo: SimRepo): boolean {
  if (repo.org !== installation.org) return false;
  if (installation.selection === "all") return true;
  return installation.repoIds.has(repo.id) || repo.creator === installation.app.bot.login;
}

/** Whether a token with `grant` reaches `repo`. */
export function grantReaches(grant: InstallationGrant, repo: SimRepo): boolean {
  if (!installationReaches(grant.installation, repo)) return false;
  return (
    grant.repoIds === null || grant.repoIds.has(repo.id) || repo.creator === grant.installation.app.bot.login
  );
}

const generatedKeys = new Map<string, string>();

/**
 * A fresh RSA key for an app seeded without one; one per app slug and process, so that a reset (which
 * re-applies the seed) keeps JWTs signed before it valid and costs no key generation.
 */
export function generatePrivateKeyPem(slug = ""): string {
  const known = generatedKeys.get(slug);
  if (known) return known;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  generatedKeys.set(slug, pem);
  return pem;
}

export function newInstallationToken(): string {
  return `ghs_${randomBytes(18).toString("base64url")}`;
}

export class JwtError extends Error {}

/**
 * Verifies an App JWT as GitHub does: RS256 with the app's key, `iss` the app id or client id, `exp` in
 * the future and at most ten minutes after `iat`, `iat` not in the future (a minute of skew allowed).
 * Answers the app, or throws `JwtError` with GitHub's message.
 */
export function verifyAppJwt(token: string, registry: AppRegistry, nowMs = Date.now()): SimApp {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("A JSON web token could not be decoded");
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw new JwtError("A JSON web token could not be decoded");
  }
  if (header.alg !== "RS256") throw new JwtError("A JSON web token could not be decoded");
  const app = registry.byIdOrClientId(String(claims.iss ?? ""));
  if (!app) throw new JwtError("'Issuer' claim ('iss') must be an Integer");
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${head}.${body}`);
  if (!verifier.verify(app.publicKey, Buffer.from(signature, "base64url"))) {
    throw new JwtError("A JSON web token could not be decoded");
  }
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = claims;
  if (typeof exp !== "number" || exp <= now) {
    throw new JwtError(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  if (typeof iat !== "number" || iat > now + CLOCK_SKEW_S) {
    throw new JwtError(
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    );
  }
  if (exp - iat > MAX_JWT_LIFE_S)
    throw new JwtError("'Expiration time' claim ('exp') is too far in the future");
  return app;
}

/** Signs an App JWT (RS256) as actions/create-github-app-token and Octokit's auth-app do. */
export function signAppJwt(issuer: string | number, privateKeyPem: string, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 60, exp: now + 540, iss: String(issuer) })}`;
  const signer = createSign("RSA-SHA256");
  signer.update(unsigned);
  return `${unsigned}.${signer.sign(privateKeyPem).toString("base64url")}`;
}

export const ACCESS_LEVELS: PermissionAccess[] = ["read", "write", "admin"];
