/**
 * The simulator's request pipeline on one port: `/_sim/...` test controls, git smart HTTP at
 * `/{owner}/{repo}.git/...`, and everything else as GitHub's REST API (route → auth → limits →
 * body validation → operation). Faults, latency and the request log apply to API and git alike.
 */
import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ApiError,
  type ApiResult,
  DOCS_URL,
  type HandlerContext,
  type OperationHandler,
  type SimUrls,
} from "./api-handler";
import { ApiLimits } from "./api-limits";
import { JwtError, type SimApp, verifyAppJwt } from "./app-auth";
import { appHandlers, gateAppCaller } from "./app-handlers";
import { collaboratorHandlers } from "./collaborator-handlers";
import { FaultInjector, type SimFault } from "./fault-injector";
import { runGitHttpBackend } from "./git-http-backend";
import { PushHooks } from "./git-push-hook";
import { GitRepositories } from "./git-repositories";
import { routeMatcher } from "./openapi-description";
import { orgHandlers } from "./org-handlers";
import { satisfies } from "./permission-check";
import { planRefusal } from "./plans";
import { propertyHandlers } from "./property-handlers";
import { protectionHandlers } from "./protection-handlers";
import { pullHandlers } from "./pull-handlers";
import { hasAccess, repoAccess } from "./repo-access";
import { repoHandlers } from "./repo-handlers";
import { pathById, redirectFor, repoKey } from "./repo-redirects";
import { RequestLog } from "./request-log";
import { createRuleset, rulesetHandlers } from "./ruleset-handlers";
import { validateRequestBody } from "./schema-validator";
import { secretHandlers } from "./secret-handlers";
import type { SimSeed } from "./sim-seed";
import { type SeedHooks, SimState, type SimUser } from "./sim-state";
import { GITHUB_WRITE_LIMITS, WriteLimits } from "./write-limits";

export interface SimSettings {
  /** Added before every API and git answer, in ms. */
  latencyMs: number;
  primaryLimit: number;
  /** 0 = no secondary limit. */
  maxConcurrent: number;
  /** Git requests answered 404 after a repo is created through the API (GitHub's replication lag). */
  gitReplicationLagRequests: number;
  /** GitHub's secondary limits on writes (write-limits.ts); off unless asked for (`mlops-kit sim`: on). */
  writeLimits: boolean;
  /** "A minute" of the write limits, in ms (60,000; tests shrink it). */
  writeLimitMinuteMs: number;
}

const HANDLERS = new Map<string, OperationHandler>(
  Object.entries({
    ...orgHandlers,
    ...collaboratorHandlers,
    ...repoHandlers,
    ...secretHandlers,
    ...propertyHandlers,
    ...protectionHandlers,
    ...rulesetHandlers,
    ...appHandlers,
    ...pullHandlers,
  }),
);

/** Operations answered without a token (GitHub answers them anonymously too). */
const ANONYMOUS = new Set(["rate-limit/get"]);
/** Seconds a secondary-limit refusal asks the client to wait. */
const SECONDARY_RETRY_AFTER = "1";
const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git(\/.*)?$/;

export function implementedOperations(): string[] {
  return [...HANDLERS.keys()].sort();
}

export class SimServer {
  state = new SimState();
  readonly git: GitRepositories;
  readonly limits: ApiLimits;
  readonly faults = new FaultInjector();
  readonly writeLimits = new WriteLimits({ ...GITHUB_WRITE_LIMITS });
  readonly log = new RequestLog();
  /** The pre-receive step of pushes (push-rules.ts decides). */
  readonly pushHooks: PushHooks;
  urls: SimUrls = { api: "", server: "" };
  private readonly seeds: SimSeed[];

  constructor(
    dataDir: string,
    readonly settings: SimSettings,
    seed: SimSeed | undefined,
  ) {
    this.git = new GitRepositories(dataDir);
    this.pushHooks = new PushHooks(path.dirname(dataDir));
    this.limits = new ApiLimits(settings);
    this.seeds = seed ? [seed] : [];
    this.reset();
  }

  /** Back to the start seed: API-made changes, git data, faults, budgets and the log are dropped. */
  reset(): void {
    this.state = new SimState();
    this.git.removeAll();
    this.faults.clear();
    this.log.clear();
    this.limits.resetBudgets();
    this.writeLimits.reset();
    for (const seed of this.seeds) this.state.applySeed(seed, this.seedHooks());
  }

  /** Adds seed data to the running state (kept until the next reset). */
  addSeed(seed: SimSeed): void {
    this.state.applySeed(seed, this.seedHooks());
  }

  addFault(fault: SimFault): void {
    this.faults.add(fault);
  }

  private seedHooks(): SeedHooks {
    return {
      protectBranch: (repo, branch, body) => {
        repo.protections.set(branch, body);
      },
      addRuleset: (target, body) => {
        createRuleset(this.state, target, body);
      },
    };
  }

  readonly handle = (
    req: IncomingMessage,
    res: ServerResponse,
    controls: (url: URL) => Promise<void>,
  ): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://simulator");
    if (url.pathname === "/_sim" || url.pathname.startsWith("/_sim/")) return controls(url);
    const git = GIT_PATH.exec(url.pathname);
    if (git) return this.handleGit(req, res, url, git[1]!, git[2]!, git[3] ?? "");
    return this.handleApi(req, res, url);
  };

  private callerOf(req: IncomingMessage): {
    user?: SimUser;
    app?: SimApp;
    bad: boolean;
    given: boolean;
    badMessage?: string;
  } {
    const header = req.headers.authorization;
    if (!header) return { bad: false, given: false };
    const [scheme = "", credential = ""] = header.trim().split(/\s+/, 2);
    let token = credential;
    if (scheme.toLowerCase() === "basic") {
      const decoded = Buffer.from(credential, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const [name, password] =
        colon >= 0 ? [decoded.slice(0, colon), decoded.slice(colon + 1)] : [decoded, ""];
      token = password || name;
    } else if (!["bearer", "token"].includes(scheme.toLowerCase())) {
      return { bad: true, given: true };
    }
    const user = this.state.tokens.get(token);
    // Installation tokens live an hour (or until a control expires them).
    if (user?.installation && user.installation.expiresAt <= Date.now()) return { bad: true, given: true };
    if (user) return { user, bad: false, given: true };
    if (scheme.toLowerCase() === "bearer" && token.split(".").length === 3) {
      try {
        return { app: verifyAppJwt(token, this.state.apps), bad: false, given: true };
      } catch (thrown) {
        if (thrown instanceof JwtError) return { bad: true, given: true, badMessage: thrown.message };
        throw thrown;
      }
    }
    return { bad: true, given: true };
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    // `/repositories/{id}/…` reaches the repo's routes by id (GitHub's redirect target after a rename).
    const path = pathById(this.state, url.pathname);
    const match = routeMatcher().match(method, path);
    const operationId = match?.operation.operationId ?? "unknown";
    let status = 0;
    let caller = "anonymous";
    const headers: Record<string, string> = {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": randomUUID(),
    };
    const rateHeaders = () => {
      const budget = this.limits.snapshot(caller);
      headers["x-ratelimit-limit"] = String(budget.limit);
      headers["x-ratelimit-remaining"] = String(budget.remaining);
      headers["x-ratelimit-used"] = String(budget.used);
      headers["x-ratelimit-reset"] = String(budget.reset);
      headers["x-ratelimit-resource"] = "core";
    };
    const fault = this.faults.take(method, path, operationId);
    const send = (result: ApiResult) => {
      if (fault?.loseResponse) {
        // Handled (state changed), but no answer reaches the client: logged as no response.
        req.socket.destroy();
        return;
      }
      status = result.status;
      rateHeaders();
      sendResult(res, result, headers);
    };
    if (!this.limits.tryEnter()) {
      send(secondaryLimit(SECONDARY_RETRY_AFTER));
      this.log.record(method, path, operationId, status, started);
      return;
    }
    try {
      if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
      if (fault) {
        if (fault.delayMs) await sleep(fault.delayMs);
        if (fault.drop) {
          req.socket.destroy();
          return;
        }
        if (fault.status !== undefined) {
          send(faultAnswer(fault));
          return;
        }
      }
      const auth = this.callerOf(req);
      if (auth.user) caller = auth.user.login.toLowerCase();
      if (auth.app) caller = `app:${auth.app.slug.toLowerCase()}`;
      if (auth.bad) return send(error(401, auth.badMessage ?? "Bad credentials"));
      if (!match) return send(error(404, "Not Found"));
      const moved = redirectFor(this.state, auth.user, method, path, url.search, this.urls.api);
      if (moved) return send(moved);
      if (!auth.user && !auth.app && !ANONYMOUS.has(operationId))
        return send(error(401, "Requires authentication"));
      const refusal = gateAppCaller(auth, match.operation.method, match.operation.template);
      if (refusal) return send({ ...error(refusal.status, refusal.message), headers: refusal.headers ?? {} });
      const handler = HANDLERS.get(operationId);
      if (!handler) {
        return send(
          error(
            501,
            `The GitHub simulator does not implement ${operationId} (${match.operation.method} ${match.operation.template}).`,
          ),
        );
      }
      const conditional = method === "GET" && req.headers["if-none-match"] !== undefined;
      const spends = (auth.user !== undefined || auth.app !== undefined) && operationId !== "rate-limit/get";
      if (spends && !conditional && this.limits.exhausted(caller)) {
        return send(primaryLimit(caller));
      }
      if (this.settings.writeLimits && spends) {
        this.writeLimits.settings.minuteMs = this.settings.writeLimitMinuteMs;
        const wait = this.writeLimits.admit(caller, method, Date.now());
        if (wait > 0) return send(secondaryLimit(String(Math.ceil(wait / 1000))));
      }
      const raw = await readBody(req);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          return send(error(400, "Problems parsing JSON"));
        }
      }
      if (method !== "GET" && method !== "DELETE") {
        const problems = validateRequestBody(match.operation, body);
        if (problems.length > 0) return send(error(422, `Invalid request.\n\n${problems.join("\n")}`));
      }
      const notOnPlan = planRefusal(this.state, operationId, match.params, body);
      if (notOnPlan) return send(notOnPlan);
      const ctx: HandlerContext = {
        state: this.state,
        git: this.git,
        urls: this.urls,
        user: auth.user,
        ...(auth.app ? { app: auth.app } : {}),
        params: match.params,
        pathname: path,
        query: url.searchParams,
        headers: req.headers,
        body,
        gitLagForNewRepos: this.settings.gitReplicationLagRequests,
        rateLimit: () => this.limits.snapshot(caller),
      };
      let result: ApiResult;
      try {
        result = await handler(ctx);
      } catch (thrown) {
        if (!(thrown instanceof ApiError)) throw thrown;
        result = { status: thrown.status, body: thrown.body() };
      }
      // Conditional GETs: an unchanged answer is 304 and, as on GitHub, costs no budget.
      if (method === "GET" && result.status === 200) {
        // Raw bodies (file content) carry their own ETag; JSON answers are tagged per caller and content.
        const text = Buffer.isBuffer(result.body) ? undefined : JSON.stringify(result.body);
        const etag =
          result.headers?.etag ??
          `W/"${createHash("sha1")
            .update(caller)
            .update(text ?? "")
            .digest("hex")}"`;
        headers.etag = etag;
        if (stripWeak(req.headers["if-none-match"]) === stripWeak(etag)) {
          return send({ status: 304, headers: pick(result.headers, "x-github-media-type") });
        }
        if (spends) {
          if (this.limits.exhausted(caller)) return send(primaryLimit(caller));
          this.limits.spend(caller);
        }
        return send(text === undefined ? result : { ...result, body: text });
      }
      if (spends) this.limits.spend(caller);
      send(result);
    } catch (thrown) {
      if (!res.headersSent) send(error(500, `GitHub simulator error: ${(thrown as Error).message}`));
      else res.destroy();
    } finally {
      this.limits.leave();
      this.log.record(method, path, operationId, status, started);
    }
  }

  private async handleGit(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    owner: string,
    name: string,
    rest: string,
  ): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const service = url.searchParams.get("service");
    const operationId =
      rest === "/info/refs"
        ? "git:info-refs"
        : rest === "/git-upload-pack"
          ? "git:upload-pack"
          : rest === "/git-receive-pack"
            ? "git:receive-pack"
            : "git:other";
    const writing = operationId === "git:receive-pack" || service === "git-receive-pack";
    let status = 0;
    const text = (code: number, message: string, extra: Record<string, string> = {}) => {
      status = code;
      res.writeHead(code, { "content-type": "text/plain; charset=utf-8", ...extra });
      res.end(`${message}\n`);
    };
    try {
      const fault = this.faults.take(method, url.pathname, operationId);
      if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
      if (fault) {
        if (fault.delayMs) await sleep(fault.delayMs);
        if (fault.drop || fault.loseResponse) {
          req.socket.destroy();
          return;
        }
        if (fault.status !== undefined) {
          const extra: Record<string, string> =
            fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
          return text(
            fault.status,
            fault.status === 404 ? "Repository not found." : `Simulated fault ${fault.status}`,
            extra,
          );
        }
      }
      // git follows a rename too: the old name serves the renamed repo (until a new repo takes it).
      const repo =
        this.state.repo(owner, name) ??
        this.state.reposById.get(this.state.redirects.get(repoKey(owner, name)) ?? -1);
      if (!repo || operationId === "git:other") return text(404, "Repository not found.");
      const auth = this.callerOf(req);
      const challenge = { "www-authenticate": 'Basic realm="GitHub"' };
      if (auth.bad) {
        return text(
          401,
          "Invalid username or token. Password authentication is not supported for Git operations.",
          challenge,
        );
      }
      const access = repoAccess(auth.user, repo);
      if (!auth.user && (writing || !hasAccess(access, "pull")))
        return text(401, "Authentication required.", challenge);
      if (!hasAccess(access, "pull")) return text(404, "Repository not found.");
      const grant = auth.user?.installation;
      if (
        grant &&
        !satisfies(grant.permissions, { permission: "contents", access: writing ? "write" : "read" })
      ) {
        return text(403, `Permission to ${repo.org.login}/${repo.name}.git denied to ${auth.user!.login}.`);
      }
      if (writing && !hasAccess(access, "push")) {
        return text(403, `Permission to ${repo.org.login}/${repo.name}.git denied to ${auth.user!.login}.`);
      }
      if (repo.gitLagRemaining > 0) {
        repo.gitLagRemaining--;
        return text(404, "Repository not found.");
      }
      if (writing && repo.archived) return text(403, "This repository was archived so it is read-only.");
      await this.git.ensure(repo);
      const pushId =
        operationId === "git:receive-pack" ? this.pushHooks.begin({ repo, user: auth.user }) : undefined;
      status = await runGitHttpBackend({
        ...(pushId ? this.pushHooks.environment(pushId, this.urls.api) : {}),
        projectRoot: this.git.root,
        pathInfo: `/${this.git.relativePath(repo)}${rest}`,
        query: url.search.replace(/^\?/, ""),
        req,
        res,
        ...(auth.user ? { remoteUser: auth.user.login } : {}),
      });
      if (pushId) this.pushHooks.end(pushId);
      if (operationId === "git:receive-pack") {
        this.git.invalidate(repo);
        repo.pushedAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      }
    } catch (thrown) {
      if (!res.headersSent) text(500, `GitHub simulator error: ${(thrown as Error).message}`);
      else res.destroy();
    } finally {
      this.log.record(method, url.pathname, operationId, status, started);
    }
  }
}

function error(status: number, message: string, extra: Record<string, unknown> = {}): ApiResult {
  return { status, body: { message, documentation_url: DOCS_URL, status: String(status), ...extra } };
}

function secondaryLimit(retryAfter: string): ApiResult {
  return {
    ...error(
      403,
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
    ),
    headers: { "retry-after": retryAfter },
  };
}

function primaryLimit(caller: string): ApiResult {
  return error(403, `API rate limit exceeded for user ${caller}.`, {
    documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
  });
}

function faultAnswer(fault: SimFault): ApiResult {
  const status = fault.status!;
  const retry = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : undefined;
  if (status === 403 && retry) return { ...secondaryLimit(String(fault.retryAfter)), headers: retry };
  const message =
    status === 404
      ? "Not Found"
      : status === 401
        ? "Bad credentials"
        : status === 403
          ? "Forbidden"
          : status === 429
            ? "Too Many Requests"
            : status >= 500
              ? "Server Error"
              : `Simulated fault ${status}`;
  return { ...error(status, message), ...(retry ? { headers: retry } : {}) };
}

function pick(headers: Record<string, string> | undefined, name: string): Record<string, string> {
  const value = headers?.[name];
  return value === undefined ? {} : { [name]: value };
}

function stripWeak(etag: string | string[] | undefined): string | undefined {
  if (etag === undefined) return undefined;
  return (Array.isArray(etag) ? etag[0] : etag)?.replace(/^W\//, "");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendResult(res: ServerResponse, result: ApiResult, headers: Record<string, string>): void {
  const all: Record<string, string> = { ...headers, ...result.headers };
  if (result.status === 204 || result.status === 304 || result.body === undefined) {
    res.writeHead(result.status, all);
    res.end();
    return;
  }
  const payload = Buffer.isBuffer(result.body)
    ? result.body
    : typeof result.body === "string"
      ? result.body
      : JSON.stringify(result.body);
  all["content-type"] ??= "application/json; charset=utf-8";
  all["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, all);
  res.end(payload);
}
