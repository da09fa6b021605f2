/**
 * A local GitHub for tests, benchmarks and the demo (DESIGN.md §4): GitHub's REST API routed and
 * validated by the official OpenAPI description, real git over smart HTTP, sealed secrets, rate
 * limits, faults and a request log, on one port of 127.0.0.1. See docs/simulator.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { routeMatcher } from "./openapi-description";
import { sealedSecretsReady } from "./sealed-secrets";
import { handleControl } from "./sim-controls";
import type { SimSeed } from "./sim-seed";
import { SimServer } from "./sim-server";
import { GITHUB_WRITE_LIMITS, type WriteLimitSettings } from "./write-limits";

export { type SeedApp, type SeedInstallation, signAppJwt } from "./app-auth";
export { type MintedToken, type MintOptions, mintInstallationToken } from "./app-token-minter";
export type { SimFault } from "./fault-injector";
export { routeMatcher } from "./openapi-description";
export type { RequestLogEntry } from "./request-log";
export { validateRequestBody, validateResponseBody } from "./schema-validator";
export { createSimControls, type SimAppInfo, type SimControls } from "./sim-controls-client";
export * from "./sim-seed";
export { implementedOperations, type SimSettings } from "./sim-server";

export interface SimulatorOptions {
  /** Port on 127.0.0.1 (default: any free port). */
  port?: number;
  seed?: SimSeed;
  /** Latency added to every API and git answer, in ms (default 0). */
  latencyMs?: number;
  /** Primary rate-limit budget per caller per hour (default 5,000, as for a user token). */
  primaryLimit?: number;
  /** Concurrent API requests before the secondary limit answers 403 (default: unlimited). */
  maxConcurrent?: number;
  /** Git requests answered "Repository not found" after an API create (default 0). */
  gitReplicationLagRequests?: number;
  /**
   * GitHub's secondary write limits (80 writes a minute, 500 an hour, 900 points a minute; default off
   * here, on in `mlops-kit sim`). `minuteMs` shrinks "a minute" for tests.
   */
  writeLimits?: boolean | Partial<WriteLimitSettings>;
}

export interface RunningSimulator {
  /** `GITHUB_API_URL` for clients. */
  apiUrl: string;
  /** `GITHUB_SERVER_URL`: web and git (`${serverUrl}/${owner}/${repo}.git`). */
  serverUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  // Both are process-wide and cached: the description is parsed once for every simulator.
  await sealedSecretsReady();
  routeMatcher();
  const dataDir = mkdtempSync(path.join(tmpdir(), "mlops-kit-sim-"));
  const sim = new SimServer(
    path.join(dataDir, "git"),
    {
      latencyMs: options.latencyMs ?? 0,
      primaryLimit: options.primaryLimit ?? 5000,
      maxConcurrent: options.maxConcurrent ?? 0,
      gitReplicationLagRequests: options.gitReplicationLagRequests ?? 0,
      writeLimits: options.writeLimits !== undefined && options.writeLimits !== false,
      writeLimitMinuteMs:
        (typeof options.writeLimits === "object" ? options.writeLimits.minuteMs : undefined) ??
        GITHUB_WRITE_LIMITS.minuteMs,
    },
    options.seed,
  );
  if (typeof options.writeLimits === "object") Object.assign(sim.writeLimits.settings, options.writeLimits);
  const server: Server = createServer((req, res) => {
    sim.handle(req, res, (url) => handleControl(sim, req, res, url)).catch(() => res.destroy());
  });
  // Benchmarks hold many keep-alive connections open at once.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  sim.urls = { api: url, server: url };
  let closed = false;
  return {
    apiUrl: url,
    serverUrl: url,
    port,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
