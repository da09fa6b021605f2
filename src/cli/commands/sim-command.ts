/** `mlops-kit sim`: runs the local GitHub simulator until interrupted (see docs/simulator.md). */
import { type Command, InvalidArgumentError } from "commander";

export function registerSimCommand(program: Command): void {
  program
    .command("sim")
    .description("Run a local GitHub (REST API + git over HTTP) for tests and demos, until Ctrl-C.")
    .option("--port <n>", "port on 127.0.0.1 (default: any free port)", parseCount)
    .option("--seed <file>", "YAML seed: users, tokens, orgs, teams, repos (default: the demo org acme)")
    .option("--latency-ms <n>", "latency added to every answer", parseCount)
    .option(
      "--no-write-limits",
      "turn off GitHub's secondary write limits (80 writes/minute, 500/hour, 900 points/minute; on by default)",
    )
    .action(async (opts: { port?: number; seed?: string; latencyMs?: number; writeLimits: boolean }) => {
      const { demoSeedPath, loadSeedFile, startSimulator } = await import("../../simulator/index");
      const seedFile = opts.seed ?? demoSeedPath();
      const sim = await startSimulator({
        seed: loadSeedFile(seedFile),
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
        writeLimits: opts.writeLimits,
      });
      console.log(`GITHUB_API_URL=${sim.apiUrl}`);
      console.log(`GITHUB_SERVER_URL=${sim.serverUrl}`);
      console.error(
        `GitHub simulator ready (seed: ${seedFile}; write limits ${opts.writeLimits ? "on" : "off"}); controls at ${sim.apiUrl}/_sim/; Ctrl-C stops it.`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await sim.close();
    });
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got ${value}`);
  return n;
}
