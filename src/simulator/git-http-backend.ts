/**
 * Real git over smart HTTP: each request runs `git http-backend` as a CGI program, with the request body
 * streamed to its stdin and its CGI answer (headers, optional `Status:`, body) streamed back.
 */
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gitEnvironment } from "./git-repositories";

export interface GitCgiRequest {
  /** Folder holding the bare repositories (GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** Path below the root, e.g. `/1001.git/info/refs`. */
  pathInfo: string;
  query: string;
  /** Authenticated login, if any (http-backend records it; receive-pack is enabled explicitly). */
  remoteUser?: string;
  /** More git config (`core.hooksPath` of the pre-receive step) and environment for the hooks. */
  config?: [string, string][];
  env?: Record<string, string>;
  req: IncomingMessage;
  res: ServerResponse;
}

/** Runs one CGI exchange; resolves with the HTTP status sent. */
export function runGitHttpBackend(request: GitCgiRequest): Promise<number> {
  const { req, res } = request;
  const env: NodeJS.ProcessEnv = {
    ...gitEnvironment(request.projectRoot),
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    // The simulator has already checked the pusher's write permission.
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.receivepack",
    GIT_CONFIG_VALUE_0: "true",
    PATH_INFO: request.pathInfo,
    REQUEST_METHOD: req.method ?? "GET",
    QUERY_STRING: request.query,
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    SERVER_PROTOCOL: "HTTP/1.1",
    GATEWAY_INTERFACE: "CGI/1.1",
  };
  for (const [key, value] of request.config ?? []) {
    const index = Number(env.GIT_CONFIG_COUNT);
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
    env.GIT_CONFIG_COUNT = String(index + 1);
  }
  Object.assign(env, request.env ?? {});
  if (request.remoteUser) env.REMOTE_USER = request.remoteUser;
  if (req.headers["content-length"]) env.CONTENT_LENGTH = req.headers["content-length"];
  if (req.headers["content-encoding"]) env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
  const protocol = req.headers["git-protocol"];
  if (typeof protocol === "string") env.GIT_PROTOCOL = protocol;

  return new Promise((resolve) => {
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let status = 200;
    let head = Buffer.alloc(0);
    let headersSent = false;
    let stderr = "";
    req.pipe(child.stdin);
    child.stdin.on("error", () => {});
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersSent) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = headerEnd(head);
      if (!end) return;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end.index).toString("latin1").split(/\r?\n/)) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 200;
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      headersSent = true;
      const rest = head.subarray(end.index + end.length);
      if (rest.length > 0) res.write(rest);
    });
    child.on("close", (code) => {
      if (!headersSent) {
        status = 500;
        res.writeHead(500, { "content-type": "text/plain" });
        res.write(`git http-backend failed (exit ${code}): ${stderr.trim()}\n`);
      }
      res.end();
      resolve(status);
    });
    child.on("error", (error) => {
      if (!headersSent) {
        res.writeHead(500, { "content-type": "text/plain" });
        headersSent = true;
      }
      res.end(`cannot run git http-backend: ${error.message}\n`);
      resolve(500);
    });
  });
}

function headerEnd(buffer: Buffer): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return undefined;
}
