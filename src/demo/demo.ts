/**
 * `mlops-kit demo` / `npm run demo`: the kit's main job on the embedded default, with nothing but this
 * machine: create the example project, then build and test it with real Python, printing what a user
 * would see at each step.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runLocalCreate } from "../project/local-create";
import { buildWheel, checkPythonToolchain, runPytest } from "../python/system-python";

export interface DemoOptions {
  /** Where the demo's files go (default: a new temporary folder). */
  workDir?: string;
  log?: (line: string) => void;
}

export const DEMO_REQUEST = {
  name: "acme-forecast-demand",
  team: "forecasting",
  costCenter: "CC-1234",
  description: "Daily demand forecast for the ACME stores",
};

export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const workDir = options.workDir ?? mkdtempSync(path.join(tmpdir(), "mlops-kit-demo-"));
  const step = async <T>(title: string, action: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    log(`\n▶ ${title}`);
    const result = await action();
    log(`  done in ${Math.round(performance.now() - started)} ms`);
    return result;
  };

  await checkPythonToolchain();
  const projectDir = path.join(workDir, DEMO_REQUEST.name);
  const created = await step(`Create ${DEMO_REQUEST.name} from the batch-job template`, () =>
    runLocalCreate({ request: DEMO_REQUEST, outDir: projectDir }),
  );
  log(`  ${created.files.length} files, commit ${created.commit.slice(0, 12)}, in ${projectDir}`);
  for (const file of created.files) log(`    ${file}`);
  log(`  cost tags: ${created.spec.costTags.map((t) => `${t.key}=${t.value}`).join(", ")}`);

  const summary = await step("Run the project's tests with the system Python", () => runPytest(projectDir));
  log(`  pytest: ${summary}`);
  const wheel = await step("Build the wheel (offline)", () =>
    buildWheel(projectDir, path.join(workDir, "dist")),
  );
  log(`  ${wheel}`);
  log(`\nDemo finished. The project is in ${projectDir}.`);
}
