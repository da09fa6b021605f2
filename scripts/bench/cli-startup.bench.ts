/**
 * How fast the `mlops-kit` command line starts, as whole processes against references run alternately
 * in the same benchmark (medians):
 *  - `cli-help-vs-node`: `node dist/cli/index.js --help` ÷ `node -e 0` (target ≤ 2);
 *  - `local-create-vs-cookiecutter`: `mlops-kit create` of the batch-job template ÷ Debian's
 *    `cookiecutter` rendering its twin (bench/cookiecutter-batch-job, the same files) followed by
 *    `git init`, `git add` and `git commit` (target ≤ 0.35).
 *
 * It rebuilds dist/ first (`npm run build`), so it measures the source as it is.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KIT_COMMIT_IDENTITY } from "../../src/git/commit-identity";
import { packageProviding } from "../../src/system-packages";
import type { BenchReporter } from "./bench-reporter";
import { BENCH_REQUEST, COOKIECUTTER_DIR, checkCookiecutterTwin } from "./cookiecutter-template";
import { alternatingMedians, commandExists, wallMs } from "./process-timing";

export const name = "CLI start-up";
const repoRoot = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(repoRoot, "dist", "cli", "index.js");
const HELP_RUNS = 21;
const CREATE_RUNS = 15;

export default async function bench(report: BenchReporter): Promise<void> {
  execFileSync(
    process.execPath,
    [path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/build.ts"],
    {
      cwd: repoRoot,
      stdio: "ignore",
    },
  );
  report.info(
    `dist/ rebuilt from the source; Node ${process.version}; whole processes, alternating, medians`,
  );
  benchHelp(report);
  benchCreate(report);
}

function benchHelp(report: BenchReporter): void {
  const node = process.execPath;
  const medians = alternatingMedians(HELP_RUNS, {
    help: () => wallMs(node, [CLI, "--help"]),
    bare: () => wallMs(node, ["-e", "0"]),
  });
  report.info(
    `mlops-kit --help ${medians.help.toFixed(1)} ms, node -e 0 ${medians.bare.toFixed(1)} ms (${HELP_RUNS} runs each)`,
  );
  report.figure("cli-help-vs-node", medians.help / medians.bare, "x", "target ≤ 2");
}

/** cookiecutter's rendering then git's init, add and commit, as a person would run them. */
function cookiecutterCreate(outParent: string): number {
  const project = path.join(outParent, BENCH_REQUEST.name);
  const gitArgs = [
    "-c",
    `user.name=${KIT_COMMIT_IDENTITY.name}`,
    "-c",
    `user.email=${KIT_COMMIT_IDENTITY.email}`,
  ];
  return (
    wallMs("cookiecutter", ["--no-input", "--output-dir", outParent, COOKIECUTTER_DIR]) +
    wallMs("git", ["init", "--quiet", "--initial-branch", "main"], { cwd: project }) +
    wallMs("git", ["add", "--all", "."], { cwd: project }) +
    wallMs("git", [...gitArgs, "commit", "--quiet", "--no-verify", "-m", "Create the project"], {
      cwd: project,
    })
  );
}

function benchCreate(report: BenchReporter): void {
  if (!commandExists("cookiecutter")) {
    const pkg = packageProviding("command:cookiecutter") ?? "cookiecutter";
    report.info(
      `local-create-vs-cookiecutter NOT MEASURED: cookiecutter is missing. Install the Debian package: sudo apt-get install ${pkg}`,
    );
    return;
  }
  const { missing, extra } = checkCookiecutterTwin();
  if (missing.length + extra.length > 0) {
    report.info(
      `local-create-vs-cookiecutter NOT MEASURED: bench/cookiecutter-batch-job no longer has the template's files (missing ${missing.join(", ") || "none"}; extra ${extra.join(", ") || "none"}). Run: npx tsx scripts/bench/cookiecutter-template.ts --write`,
    );
    return;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), "mlops-kit-bench-cli-"));
  try {
    const kitOut = (run: number) => path.join(scratch, `kit-${run}`);
    const ccOut = (run: number) => path.join(scratch, `cc-${run}`);
    const medians = alternatingMedians(CREATE_RUNS, {
      kit: (run) =>
        wallMs(process.execPath, [
          CLI,
          "create",
          "--name",
          BENCH_REQUEST.name,
          "--team",
          BENCH_REQUEST.team,
          "--out",
          kitOut(run),
        ]),
      cookiecutter: (run) => {
        mkdirSync(ccOut(run));
        return cookiecutterCreate(ccOut(run));
      },
    });
    const same = sameTrees(kitOut(0), path.join(ccOut(0), BENCH_REQUEST.name));
    report.info(
      `mlops-kit create ${medians.kit.toFixed(1)} ms, cookiecutter + git ${medians.cookiecutter.toFixed(1)} ms (${CREATE_RUNS} runs each); ${same}`,
    );
    report.figure("local-create-vs-cookiecutter", medians.kit / medians.cookiecutter, "x", "target ≤ 0.35");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Whether both tools produced the same files with the same bytes, and the same git tree. */
function sameTrees(a: string, b: string): string {
  const files = (dir: string, prefix = ""): string[] =>
    readdirSync(path.join(dir, prefix)).flatMap((entry) => {
      if (!prefix && entry === ".git") return [];
      const rel = prefix ? `${prefix}/${entry}` : entry;
      return statSync(path.join(dir, rel)).isDirectory() ? files(dir, rel) : [rel];
    });
  const listA = files(a).sort();
  const listB = files(b).sort();
  const contentsMatch =
    JSON.stringify(listA) === JSON.stringify(listB) &&
    listA.every((f) => readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))));
  const tree = (dir: string) =>
    spawnSync("git", ["rev-parse", "HEAD^{tree}"], { cwd: dir, encoding: "utf8" }).stdout.trim();
  const treesMatch = tree(a) !== "" && tree(a) === tree(b);
  return contentsMatch && treesMatch
    ? `both outputs identical (${listA.length} files, git tree ${tree(a).slice(0, 12)})`
    : `OUTPUTS DIFFER (files ${contentsMatch ? "same" : "differ"}, git trees ${treesMatch ? "same" : "differ"})`;
}
