/**
 * Shared pieces of the simulator tests: a seed, an Octokit per user, and a hook that validates every
 * 2xx answer against the response schema of its operation in GitHub's OpenAPI description.
 */
import { spawn } from "node:child_process";
import { Octokit } from "@octokit/rest";
import { routeMatcher, type SimSeed, validateResponseBody } from "../../src/simulator/index";
import type { OpenApiOperation } from "../../src/simulator/openapi-description";
import { type CompareOptions, compareErrorBody, compareWithExamples } from "./example-shapes";

export const TOKENS = {
  alice: "token-alice",
  bob: "token-bob",
  carol: "token-carol",
  dave: "token-dave",
  mallory: "token-mallory",
} as const;

export const BULK_REPOS = 250;

/** GitHub App operations: driven and schema-checked in sim-apps.test.ts (they need an App's JWT). */
export const APP_OPERATIONS = [
  "apps/get-authenticated",
  "apps/get-org-installation",
  "apps/get-repo-installation",
  "apps/create-installation-access-token",
  "apps/list-repos-accessible-to-installation",
];

export function contractSeed(): SimSeed {
  return {
    users: Object.entries(TOKENS).map(([login, token]) => ({ login, token })),
    orgs: [
      {
        login: "acme",
        owners: ["alice"],
        members: ["bob", "carol"],
        teams: [
          { slug: "forecasting", members: ["bob"], pending: ["dave"] },
          { slug: "platform", maintainers: ["alice"] },
        ],
        custom_properties: [
          {
            property_name: "managed-by",
            value_type: "single_select",
            allowed_values: ["mlops-kit", "manual"],
          },
          { property_name: "cost-center", value_type: "string", values_editable_by: "org_and_repo_actors" },
        ],
        repos: Array.from({ length: BULK_REPOS }, (_, i) => ({
          name: `acme-bulk-${String(i).padStart(3, "0")}`,
          default_branch: "main",
          custom_properties: { "managed-by": i % 2 === 0 ? "mlops-kit" : "manual" },
          ...(i === 0
            ? {
                branch_protection: {
                  required_status_checks: { strict: true, contexts: ["ci / build-test"] },
                  enforce_admins: true,
                  required_pull_request_reviews: { required_approving_review_count: 1 },
                  restrictions: null,
                },
              }
            : {}),
        })),
      },
    ],
  };
}

export interface SchemaCheck {
  operationId: string;
  status: number;
  /** Schema violations (2xx answers only). */
  problems: string[];
  /** Differences from GitHub's example answer, or from its error format for 4xx (see example-shapes.ts). */
  shapes: string[];
}

/**
 * An Octokit whose every 2xx JSON answer is checked against the description's schema and examples, and
 * every error body against GitHub's error format (results in `checks`). `compare.conditional` names
 * example keys this caller may legitimately not get (e.g. owner-only org keys for a member).
 */
export function checkedOctokit(
  baseUrl: string,
  token: string | undefined,
  checks: SchemaCheck[],
  compare: CompareOptions = {},
): Octokit {
  const octokit = new Octokit({ baseUrl, ...(token ? { auth: token } : {}), log: quietLog });
  const operationOf = (options: { url: string; method: string }): OpenApiOperation => {
    const url = String(options.url).split("?")[0]!;
    const method = String(options.method).toUpperCase();
    // A route template for ordinary calls; a full URL for pages after the first (from the Link header).
    const operation = url.includes("{")
      ? routeMatcher()
          .operations()
          .find((op) => op.method === method && op.template === url)
      : routeMatcher().match(method, new URL(url, baseUrl).pathname)?.operation;
    if (!operation) throw new Error(`no operation for ${method} ${url}`);
    return operation;
  };
  const operationOfOrNone = (options: { url: string; method: string }) => {
    try {
      return operationOf(options);
    } catch {
      return undefined;
    }
  };
  octokit.hook.after("request", (response, options) => {
    const operation = operationOf(options);
    // Bodiless answers and raw media types (a string) have no JSON schema to meet.
    if (response.status === 204 || response.data === undefined || typeof response.data === "string") return;
    checks.push({
      operationId: operation.operationId,
      status: response.status,
      problems: validateResponseBody(operation, response.status, response.data),
      shapes: compareWithExamples(operation, response.status, response.data, compare),
    });
  });
  octokit.hook.error("request", (error, options) => {
    const e = error as { status?: number; response?: { data?: unknown } };
    const status = e.status ?? 0;
    // Only the API's own refusals: 304 is not an error body, 5xx are injected faults or the 501 stub.
    // Unknown routes have no operation to compare with (their 404 is checked where they are called).
    const known = status >= 400 && status < 500 && e.response?.data !== undefined;
    const operation = known ? operationOfOrNone(options) : undefined;
    if (operation) {
      checks.push({
        operationId: operation.operationId,
        status,
        problems: [],
        shapes: compareErrorBody(operation, status, e.response!.data),
      });
    }
    throw error;
  });
  return octokit;
}

/** The shape differences found in `checks`, one line per distinct difference (empty when all match). */
export function shapeDifferences(checks: SchemaCheck[]): string[] {
  const lines = checks
    .filter((c) => c.shapes.length > 0)
    .map((c) => `${c.operationId} ${c.status}: ${c.shapes.join("; ")}`);
  return [...new Set(lines)];
}

export const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The HTTP status of a failed Octokit call (fails the test when the call succeeded). */
export async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; response?: { data?: { message?: string } } };
    return { status: e.status ?? 0, message: e.response?.data?.message ?? "" };
  }
  throw new Error("expected the request to fail");
}

/**
 * Runs git with the token as an `AUTHORIZATION: basic x-access-token:…` extra header (as Apps and
 * actions/checkout send it; never in the URL). Asynchronous: the simulator answers from this same
 * process, so a blocking spawn would deadlock.
 */
export function runGit(
  home: string,
  cwd: string,
  token: string | undefined,
  ...args: string[]
): Promise<{ status: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  if (token) {
    env.GIT_CONFIG_COUNT = "1";
    env.GIT_CONFIG_KEY_0 = "http.extraheader";
    env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  }
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, env });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (status) => resolve({ status, output }));
  });
}
