/**
 * The simulator's benchmark in the shape scripts/bench/run.ts loads (`name` + default function); a
 * `scripts/bench/simulator.bench.ts` re-exporting this module adds it to `npm run bench`.
 */
import { measureSimLoad } from "./sim-load";

export const name = "GitHub simulator";

interface Reporter {
  figure(name: string, value: number, unit: string, note?: string): void;
  info(text: string): void;
}

export default async function bench(report: Reporter): Promise<void> {
  const figures = await measureSimLoad({ repoCount: 10_000, requests: 1000, clients: 20 });
  report.info("1,000 GET branch-protection requests from 20 concurrent clients; 10,000 seeded repos");
  report.figure("sim-startup", figures.startupSeconds, "s", "target < 1 s");
  report.figure("sim-startup-10000-repos", figures.seededStartupSeconds, "s");
  report.figure("sim-throughput", figures.requestsPerSecond, "req/s", `${figures.failures} failed`);
}
