/**
 * `npm run bench [-- <filter>...]`: runs every `scripts/bench/*.bench.ts` (or those whose name contains
 * a filter) in name order and prints their figures.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BenchModule, createConsoleBenchReporter } from "./bench-reporter";

const filters = process.argv.slice(2);
const benchDir = import.meta.dirname;
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(", ")}`);
  process.exit(1);
}
const reporter = createConsoleBenchReporter();
for (const file of files) {
  const bench = (await import(pathToFileURL(path.join(benchDir, file)).href)) as BenchModule;
  reporter.section(bench.name);
  await bench.default(reporter);
}
