/**
 * Load figures of the simulator (startup time, seeding, throughput of concurrent clients), shared by
 * the performance test and the benchmark (`npm run bench` prints them as `bench: sim-...`).
 */
import { startSimulator } from "./index";
import type { SimSeed } from "./sim-seed";

export interface SimLoadFigures {
  /** Seconds to start a simulator (description already parsed in this process after the first). */
  startupSeconds: number;
  /** Seconds to start one with `repoCount` seeded repos. */
  seededStartupSeconds: number;
  /** Requests per second served to `clients` concurrent clients. */
  requestsPerSecond: number;
  failures: number;
}

export function bulkSeed(repoCount: number): SimSeed {
  return {
    users: [{ login: "bench-bot", token: "bench-token" }],
    orgs: [
      {
        login: "acme",
        owners: ["bench-bot"],
        custom_properties: [
          {
            property_name: "managed-by",
            value_type: "single_select",
            allowed_values: ["mlops-kit", "manual"],
          },
        ],
        repos: Array.from({ length: repoCount }, (_, i) => ({
          name: `acme-bulk-${i}`,
          default_branch: "main",
          custom_properties: { "managed-by": "mlops-kit" },
          branch_protection: {
            required_status_checks: null,
            enforce_admins: true,
            required_pull_request_reviews: null,
            restrictions: null,
          },
        })),
      },
    ],
  };
}

export async function measureSimLoad(options: {
  repoCount: number;
  requests: number;
  clients: number;
}): Promise<SimLoadFigures> {
  let started = performance.now();
  const plain = await startSimulator();
  const startupSeconds = (performance.now() - started) / 1000;
  await plain.close();

  started = performance.now();
  const sim = await startSimulator({ seed: bulkSeed(options.repoCount) });
  const seededStartupSeconds = (performance.now() - started) / 1000;
  let failures = 0;
  let next = 0;
  try {
    started = performance.now();
    const client = async () => {
      while (next < options.requests) {
        const i = next++;
        const response = await fetch(
          `${sim.apiUrl}/repos/acme/acme-bulk-${i % options.repoCount}/branches/main/protection`,
          {
            headers: { authorization: "token bench-token" },
          },
        );
        await response.arrayBuffer();
        if (response.status !== 200) failures++;
      }
    };
    await Promise.all(Array.from({ length: options.clients }, client));
    const requestsPerSecond = options.requests / ((performance.now() - started) / 1000);
    return { startupSeconds, seededStartupSeconds, requestsPerSecond, failures };
  } finally {
    await sim.close();
  }
}
