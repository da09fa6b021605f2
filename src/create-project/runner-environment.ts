/**
 * The runner's environment is input too (pure): `GITHUB_SERVER_URL`, `GITHUB_API_URL` and the actors
 * are checked before the first request. A URL must be plain `https` (plain `http` only to this
 * machine, for the simulator), with no credentials, query or fragment; a URL that carries credentials
 * is refused with them masked, and they are never printed anywhere (log, outputs, summary, report).
 */
import { KitError } from "../errors";
import { quoteForDisplay } from "../text/display";
import { singleLineProblems } from "../text/unicode-rules";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** A GitHub login, or an app's bot login (`name[bot]`). */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

/**
 * The secret parts of anything URL-like (`scheme://user:password@`), for masking before parsing: the
 * password and the whole user-info, or the user alone when there is no password (`https://TOKEN@host`).
 */
export function urlCredentials(value: string): string[] {
  const match = /^[^:/?#]*:\/\/([^/?#]*)@/.exec(value);
  if (!match) return [];
  const userInfo = match[1]!;
  const colon = userInfo.indexOf(":");
  const parts = colon < 0 ? [userInfo] : [userInfo.slice(colon + 1), userInfo];
  return parts.filter((p) => p.length > 0);
}

/** The URL with any user-info replaced by `***`. */
export function withoutCredentials(value: string): string {
  return value.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, "$1***@");
}

/** A checked base URL, without its trailing slashes. */
export function checkRunnerUrl(name: string, value: string): string {
  const shown = quoteForDisplay(withoutCredentials(value));
  const refuse = (why: string): never => {
    throw new KitError("runner-environment-invalid", `${name} ${shown} ${why}; nothing was done`);
  };
  if (urlCredentials(value).length > 0) {
    refuse(
      "carries credentials: the kit authenticates with its token, never with a URL (remove the user and password)",
    );
  }
  if (singleLineProblems(name, value).length > 0 || /\s/.test(value))
    refuse("contains spaces or control characters");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse("is not a URL");
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    refuse("must use https (plain http only to this machine)");
  }
  if (url.search || url.hash || value.includes("?") || value.includes("#"))
    refuse("must not have a query or fragment");
  return value.replace(/\/+$/, "");
}

export function checkActor(name: string, value: string): void {
  if (value === "" || LOGIN.test(value)) return;
  throw new KitError(
    "runner-environment-invalid",
    `${name} ${quoteForDisplay(value)} is not a GitHub login; nothing was done`,
  );
}

export interface RunnerValues {
  apiUrl: string;
  serverUrl: string;
  actor: string;
  triggeringActor: string;
}

/** Checks every runner value; returns the URLs without trailing slashes. */
export function checkRunnerEnvironment(values: RunnerValues): { apiUrl: string; serverUrl: string } {
  const apiUrl = checkRunnerUrl("GITHUB_API_URL", values.apiUrl);
  const serverUrl = checkRunnerUrl("GITHUB_SERVER_URL", values.serverUrl);
  checkActor("GITHUB_ACTOR", values.actor);
  checkActor("GITHUB_TRIGGERING_ACTOR", values.triggeringActor);
  return { apiUrl, serverUrl };
}
