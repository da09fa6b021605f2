/** A small typed client for the simulator's `/_sim/` controls, for tests, benchmarks and the demo. */
import type { SimFault } from "./fault-injector";
import type { RequestLogEntry } from "./request-log";
import type { SimSeed } from "./sim-seed";
import type { SimSettings } from "./sim-server";

export interface SimControls {
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  addFault(fault: Omit<SimFault, "times"> & { times?: number }): Promise<void>;
  clearFaults(): Promise<void>;
  /** Faults not yet spent. */
  pendingFaults(): Promise<SimFault[]>;
  /** Decrypted secrets of a repo, or of one of its environments. */
  secrets(owner: string, repo: string, environment?: string): Promise<Record<string, string>>;
  reset(): Promise<void>;
  settings(settings: Partial<SimSettings>): Promise<SimSettings>;
  seed(seed: SimSeed): Promise<void>;
  /** Seeded GitHub Apps, with their private keys and installations. */
  apps(): Promise<SimAppInfo[]>;
  /** Expires an installation token now (all of them without `token`); answers how many. */
  expireInstallationTokens(token?: string): Promise<number>;
}

export interface SimAppInfo {
  id: number;
  slug: string;
  client_id: string;
  private_key: string;
  permissions: Record<string, string>;
  installations: {
    id: number;
    account: string;
    repository_selection: string;
    permissions: Record<string, string>;
  }[];
}

export function createSimControls(apiUrl: string): SimControls {
  const base = `${apiUrl.replace(/\/+$/, "")}/_sim`;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } }
        : {}),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`simulator control ${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const segment = encodeURIComponent;
  return {
    requests: async () => (await call("GET", "/requests")) as RequestLogEntry[],
    clearRequests: async () => {
      await call("DELETE", "/requests");
    },
    addFault: async (fault) => {
      await call("POST", "/faults", { times: 1, ...fault });
    },
    clearFaults: async () => {
      await call("DELETE", "/faults");
    },
    pendingFaults: async () => (await call("GET", "/faults")) as SimFault[],
    secrets: async (owner, repo, environment) =>
      (await call(
        "GET",
        `/secrets/${segment(owner)}/${segment(repo)}${environment ? `/environments/${segment(environment)}` : ""}`,
      )) as Record<string, string>,
    reset: async () => {
      await call("POST", "/reset");
    },
    settings: async (settings) => (await call("POST", "/settings", settings)) as SimSettings,
    seed: async (seed) => {
      await call("POST", "/seed", seed);
    },
    apps: async () => (await call("GET", "/apps")) as SimAppInfo[],
    expireInstallationTokens: async (token) =>
      ((await call("POST", "/apps/expire-tokens", token ? { token } : {})) as { expired: number }).expired,
  };
}
