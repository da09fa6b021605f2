/**
 * The cookiecutter twin of the batch-job template, kept in `bench/cookiecutter-batch-job/` so the
 * `local-create-vs-cookiecutter` benchmark compares `mlops-kit create` with cookiecutter rendering the
 * same files (same paths, same sizes, the project's names as Jinja variables).
 *
 * The twin is derived from the kit's own rendering of batch-job for the bench's project, its names put
 * back as `{{cookiecutter.*}}` variables, so cookiecutter with the defaults of `cookiecutter.json`
 * produces the kit's files byte for byte.
 *
 *   npx tsx scripts/bench/cookiecutter-template.ts          check: same file list as the kit's rendering
 *   npx tsx scripts/bench/cookiecutter-template.ts --write  regenerate bench/cookiecutter-batch-job/
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadKitConfigFile } from "../../src/config/config-file";
import { kitPaths } from "../../src/kit-paths";
import { renderProject } from "../../src/project/project-renderer";
import { resolveProjectSpec } from "../../src/project/project-spec";
import { listTemplateNames, readTemplate } from "../../src/templates/template-catalog";

export const BENCH_TEMPLATE = "batch-job";
/** The project both tools create in the benchmark. */
export const BENCH_REQUEST = { name: "acme-forecast-demand", team: "forecasting" } as const;
export const COOKIECUTTER_DIR = path.resolve(import.meta.dirname, "../../bench/cookiecutter-batch-job");
const PROJECT_DIR = "{{cookiecutter.project_name}}";

/** The kit's rendering of the bench project: path -> content. */
export function kitRendering(): Map<string, string> {
  const templatesDir = kitPaths.templatesDir();
  const { config } = loadKitConfigFile(undefined, listTemplateNames(templatesDir));
  const source = readTemplate(templatesDir, BENCH_TEMPLATE);
  const spec = resolveProjectSpec(config, BENCH_REQUEST, source.manifest);
  const tree = renderProject(config, spec, source);
  return new Map([...tree.values()].map((file) => [file.path, file.content]));
}

interface Variable {
  name: string;
  value: string;
}

function variablesOf(): Variable[] {
  const packageName = BENCH_REQUEST.name.replace(/-/g, "_");
  return [
    { name: "project_name", value: BENCH_REQUEST.name },
    { name: "package_name", value: packageName },
  ];
}

/** Jinja source whose rendering with the variables' values gives `text` back (pure). */
export function toJinja(text: string, variables: readonly Variable[]): string {
  // Jinja delimiters already in the text (GitHub's `${{ }}`, Handlebars leftovers) become literals.
  const escaped = text.replace(/\{[{%#]/g, (opener) => `{{ '${opener}' }}`);
  return variables.reduce((out, v) => out.split(v.value).join(`{{ cookiecutter.${v.name} }}`), escaped);
}

/** The twin's files: relative path under COOKIECUTTER_DIR -> content (pure). */
export function cookiecutterFiles(rendering: Map<string, string>): Map<string, string> {
  const variables = variablesOf();
  const files = new Map<string, string>();
  files.set(
    "cookiecutter.json",
    `${JSON.stringify(Object.fromEntries(variables.map((v) => [v.name, v.value])), null, 2)}\n`,
  );
  for (const [file, content] of rendering) {
    const templatedPath = variables.reduce(
      (out, v) => out.split(v.value).join(`{{cookiecutter.${v.name}}}`),
      file,
    );
    files.set(`${PROJECT_DIR}/${templatedPath}`, toJinja(content, variables));
  }
  return files;
}

function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory() ? listFiles(path.join(dir, name), rel) : [rel];
  });
}

/** Paths the twin lacks and paths it has in excess, compared with what the kit renders now. */
export function compareFileLists(expected: Iterable<string>, actual: Iterable<string>) {
  const want = new Set(expected);
  const have = new Set(actual);
  return {
    missing: [...want].filter((f) => !have.has(f)).sort(),
    extra: [...have].filter((f) => !want.has(f)).sort(),
  };
}

export function checkCookiecutterTwin(dir = COOKIECUTTER_DIR) {
  return compareFileLists(cookiecutterFiles(kitRendering()).keys(), listFiles(dir));
}

function writeTwin(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of cookiecutterFiles(kitRendering())) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}

function main(): void {
  if (process.argv.includes("--write")) {
    writeTwin(COOKIECUTTER_DIR);
    console.log(`wrote ${path.relative(process.cwd(), COOKIECUTTER_DIR)}`);
    return;
  }
  const { missing, extra } = checkCookiecutterTwin();
  if (missing.length + extra.length === 0) {
    console.log("bench/cookiecutter-batch-job has the same files as the kit's batch-job rendering");
    return;
  }
  console.error(
    `bench/cookiecutter-batch-job differs from the batch-job template: missing ${missing.join(", ") || "none"}; extra ${extra.join(", ") || "none"}. Run: npx tsx scripts/bench/cookiecutter-template.ts --write`,
  );
  process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
