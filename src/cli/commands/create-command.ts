/**
 * `mlops-kit create`: render a project into a local git repo (no GitHub needed).
 * What the command runs is imported when it runs (see main.ts), so other commands never load it.
 */
import type { Command } from "commander";
import { KitError } from "../../errors";
import type { TemplateAnswer } from "../../templates/template-manifest";

export function registerCreateCommand(program: Command): void {
  program
    .command("create")
    .description("Create a project from a template into a new local folder, as a git repo with one commit.")
    .requiredOption("--name <name>", "project (repo) name, following the org's naming convention")
    .requiredOption("--team <team>", "owning team (one of the config's allowed teams)")
    .requiredOption("--out <dir>", "folder to create (must not exist, or be empty)")
    .option("--template <template>", "template to use (default: the config's default)")
    .option("--cost-center <cc>", "cost center for the cost tags")
    .option("--description <text>", "one-line description of the project")
    .option("--visibility <visibility>", "repo visibility recorded in the answers")
    .option("--config <file>", "kit config (default: the kit's mlops-kit.config.yml)")
    .option("--var <key=value>", "answer to a template variable (repeatable)", collectVariable, {})
    .option("--json", "print the result as JSON")
    .action(async (opts) => {
      const started = performance.now();
      const { runLocalCreate } = await import("../../project/local-create");
      const result = await runLocalCreate({
        request: {
          name: opts.name,
          team: opts.team,
          template: opts.template,
          description: opts.description,
          costCenter: opts.costCenter,
          visibility: opts.visibility,
          variables: opts.var,
        },
        outDir: opts.out,
        configPath: opts.config,
      });
      const ms = Math.round(performance.now() - started);
      if (opts.json) {
        console.log(
          JSON.stringify({ dir: result.dir, commit: result.commit, files: result.files, ms }, null, 2),
        );
        return;
      }
      // One write: a line per console.log call costs a synchronous write each.
      const lines = [
        `Created ${result.spec.name} (${result.spec.template}) in ${result.dir} in ${ms} ms`,
        `  config:    ${result.configPath}`,
        `  commit:    ${result.commit.slice(0, 12)} on ${result.files.length} files`,
        `  team:      ${result.spec.team}`,
        `  cost tags: ${result.spec.costTags.map((t) => `${t.key}=${t.value}`).join(", ")}`,
        `  topics:    ${result.spec.topics.join(", ")}`,
        "Files:",
        ...result.files.map((file) => `  ${file}`),
        "Next:",
        `  cd ${opts.out} && /usr/bin/python3 -m pytest && /usr/bin/python3 -m build --no-isolation --wheel`,
      ];
      console.log(lines.join("\n"));
    });
}

function collectVariable(
  pair: string,
  previous: Record<string, TemplateAnswer>,
): Record<string, TemplateAnswer> {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new KitError("usage", `--var takes key=value, got ${JSON.stringify(pair)}`);
  return { ...previous, [pair.slice(0, eq)]: pair.slice(eq + 1) };
}
