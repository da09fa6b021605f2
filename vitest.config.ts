import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    pool: "forks",
    // End-to-end tests start a simulator and run git and Python for real.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A machine-readable report next to the human one; .ci/run counts results from it.
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
  },
});
