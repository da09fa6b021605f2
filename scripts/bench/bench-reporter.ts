/**
 * What every benchmark reports through: a readable line for people and a `bench: <name> <value> <unit>`
 * line for scripts. Benchmarks print numbers; they are not timed tests and never fail on a target.
 */
export interface BenchReporter {
  /** A section heading for the readable output. */
  section(title: string): void;
  /** One measured figure. `target` (optional) is printed beside it for the reader, never enforced. */
  figure(name: string, value: number, unit: string, note?: string): void;
  /** Free text for the reader (never parsed). */
  info(text: string): void;
}

export function createConsoleBenchReporter(write: (line: string) => void = console.log): BenchReporter {
  return {
    section(title) {
      write(`\n== ${title}`);
    },
    figure(name, value, unit, note) {
      const rounded = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 3 : 1);
      write(`bench: ${name} ${rounded} ${unit}${note ? `    # ${note}` : ""}`);
    },
    info(text) {
      write(`   ${text}`);
    },
  };
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A benchmark module exports `name` and a default function that measures and reports. */
export interface BenchModule {
  name: string;
  default: (report: BenchReporter) => Promise<void>;
}
