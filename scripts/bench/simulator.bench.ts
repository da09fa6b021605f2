/**
 * The simulator's own speed: start-up (with and without 10,000 seeded repos) and request throughput.
 */
import { measureSimLoad } from "../../src/simulator/sim-load";
import type { BenchReporter } from "./bench-reporter";

export const name = "GitHub simulator";

export default async function bench(report: BenchReporter): Promise<void> {
  const figures = await measureSimLoad({ repoCount: 10_000, requests: 1000, clients: 20 });
  report.info("1,000 GET branch-protection requests from 20 concurrent clients; 10,000 seeded repos");
  report.figure("sim-startup", figures.startupSeconds, "s", "target < 1 s");
  report.figure("sim-startup-10000-repos", figures.seededStartupSeconds, "s");
  report.figure("sim-throughput", figures.requestsPerSecond, "req/s", `${figures.failures} failed`);
}
