/**
 * The benchmark's cookiecutter twin of the batch-job template stays equivalent: the same files as the
 * kit renders (regenerate with `npx tsx scripts/bench/cookiecutter-template.ts --write` when a template
 * gains or loses one), and its Jinja gives back the kit's text, GitHub's `${{ }}` included.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { failOnMissingTool } from "../../test/helpers/python";
import { checkCookiecutterTwin, compareFileLists, cookiecutterFiles, toJinja } from "./cookiecutter-template";

/** Renders Jinja sources the way cookiecutter does (jinja2, trailing newline kept). */
function renderWithJinja(sources: string[], context: Record<string, string>): string[] {
  const script = [
    "import json, sys",
    "from jinja2 import Environment",
    "data = json.load(sys.stdin)",
    "env = Environment(keep_trailing_newline=True)",
    "print(json.dumps([env.from_string(s).render(cookiecutter=data['context']) for s in data['sources']]))",
  ].join("\n");
  const result = spawnSync("/usr/bin/python3", ["-c", script], {
    input: JSON.stringify({ sources, context }),
    encoding: "utf8",
  });
  failOnMissingTool(result.status, result.stderr);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

describe("the cookiecutter twin of batch-job", () => {
  it("has the same files as the kit's rendering", () => {
    expect(checkCookiecutterTwin()).toEqual({ missing: [], extra: [] });
  });

  it("reports a file the template gained or lost", () => {
    expect(compareFileLists(["a", "b", "c"], ["a", "c", "d"])).toEqual({ missing: ["b"], extra: ["d"] });
  });

  it("escapes Jinja's delimiters and templates the project's names", () => {
    const variables = [
      { name: "project_name", value: "acme-forecast-demand" },
      { name: "package_name", value: "acme_forecast_demand" },
    ];
    const texts = [
      "run: echo ${{ inputs.name }} {% raw %} {# not a comment #} for acme-forecast-demand\n",
      "from acme_forecast_demand import main  # {{ literal }}\n",
      "no variables at all",
    ];
    const sources = texts.map((t) => toJinja(t, variables));
    expect(sources[0]).toContain("{{ cookiecutter.project_name }}");
    expect(
      renderWithJinja(sources, {
        project_name: "acme-forecast-demand",
        package_name: "acme_forecast_demand",
      }),
    ).toEqual(texts);
    expect(renderWithJinja([sources[1]!], { project_name: "x", package_name: "other_pkg" })).toEqual([
      "from other_pkg import main  # {{ literal }}\n",
    ]);
  });

  it("puts the files under the project folder, names templated in their paths", () => {
    const twin = cookiecutterFiles(
      new Map([["src/acme_forecast_demand/x.py", "name = 'acme-forecast-demand'\n"]]),
    );
    expect([...twin.keys()]).toEqual([
      "cookiecutter.json",
      "{{cookiecutter.project_name}}/src/{{cookiecutter.package_name}}/x.py",
    ]);
  });
});
