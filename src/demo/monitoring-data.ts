/**
 * Feature data for the monitoring part of the demo and its end-to-end test: a reference sample of the
 * batch-job's inputs, a current sample like it, and one with drift injected the way it happens in real
 * life (an upstream feed starts sending prices in cents). Deterministic, so runs are reproducible.
 */

export interface FeatureSampleOptions {
  rows: number;
  seed: number;
  /** Prices arrive in cents instead of euros: `price` drifts, `demand` does not. */
  priceInCents?: boolean;
}

/** A small deterministic generator (mulberry32), so the data needs no dependency. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CSV `date,demand,price` with one row per day from 2026-01-01. */
export function featureSampleCsv(options: FeatureSampleOptions): string {
  const random = generator(options.seed);
  const gauss = (mean: number, sd: number) =>
    mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const lines = ["date,demand,price"];
  for (let day = 0; day < options.rows; day++) {
    const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
    const price = gauss(9.5, 0.5) * (options.priceInCents ? 100 : 1);
    lines.push(`${date},${gauss(150, 20).toFixed(2)},${price.toFixed(2)}`);
  }
  return `${lines.join("\n")}\n`;
}
