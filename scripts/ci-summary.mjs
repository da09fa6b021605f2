// Prints `N passed, N failed` from vitest's JSON report, for CI logs that do not read vitest's summary.
// A run that failed before vitest wrote its report (typecheck, lint, check-dist) counts as one failure.
import { existsSync, readFileSync } from "node:fs";

const [reportPath, exitStatus = "0"] = process.argv.slice(2);
let passed = 0;
let failed = 0;
if (reportPath && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A suite that fails to load has no tests to count: count it as one failure.
  for (const file of report.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) failed += 1;
  }
}
if (exitStatus !== "0" && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitStatus === "0" && failed === 0 ? 0 : 1);
