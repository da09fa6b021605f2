/**
 * Whole-process timings for the start-up benchmarks: each contender is run as its own process, the
 * contenders alternate run after run (so a busy moment of the machine hits both alike), and each is
 * summarised by its median.
 */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { median } from "./bench-reporter";

/** Wall time of one process, spawn included; throws with its output when it fails. */
export function wallMs(command: string, args: readonly string[], options: SpawnSyncOptions = {}): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: "pipe", ...options });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr?.toString()}`);
  }
  return ms;
}

/** Runs each task `runs` times, alternating between them; returns each task's median in ms. */
export function alternatingMedians<K extends string>(
  runs: number,
  tasks: Record<K, (run: number) => number>,
): Record<K, number> {
  const names = Object.keys(tasks) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let run = 0; run < runs; run++) {
    // Swap the order every other run, so neither contender always goes first.
    const order = run % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(tasks[name](run));
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<K, number>;
}

/** Whether a command can be started at all (false when it is not installed). */
export function commandExists(command: string, args: readonly string[] = ["--version"]): boolean {
  const result = spawnSync(command, args, { stdio: "ignore" });
  return !result.error;
}
