import { describe, expect, it } from "vitest";
import { KitError } from "../errors";
import type { TemplateManifest } from "./template-manifest";
import { renderTemplate, safeRelativePath, type TemplateSource } from "./template-renderer";

const manifest: TemplateManifest = {
  name: "t",
  description: "test",
  kind: "batch",
  variables: [],
  executable: ["bin/*"],
};
const source = (files: Record<string, string>): TemplateSource => ({
  manifest,
  files: Object.entries(files).map(([path, content]) => ({ path, content })),
});
const render = (files: Record<string, string>, context: object) =>
  Object.fromEntries([...renderTemplate(source(files), context).values()].map((f) => [f.path, f.content]));

function renderError(files: Record<string, string>, context: object): KitError {
  try {
    renderTemplate(source(files), context);
  } catch (error) {
    expect(error).toBeInstanceOf(KitError);
    return error as KitError;
  }
  throw new Error("expected rendering to fail");
}

describe("renderTemplate", () => {
  it("renders contents and paths", () => {
    expect(
      render({ "src/{{pkg}}/__init__.py": "name = {{py name}}\n" }, { pkg: "demo_pkg", name: "demo" }),
    ).toEqual({
      "src/demo_pkg/__init__.py": 'name = "demo"\n',
    });
  });

  it("does not HTML-escape: quotes and ampersands survive, helpers quote per format", () => {
    const context = { text: `He said "hi" & <left>` };
    expect(render({ a: "{{text}}" }, context).a).toBe(`He said "hi" & <left>`);
    expect(render({ a: "k: {{yaml text}}" }, context).a).toBe(`k: "He said \\"hi\\" & <left>"`);
    expect(render({ a: "k = {{toml text}}" }, context).a).toBe(`k = "He said \\"hi\\" & <left>"`);
    expect(render({ a: "{{md text}}" }, context).a).toBe(`He said \\"hi\\" \\& \\<left\\>`);
    expect(render({ a: "{{mdcode text}}" }, context).a).toBe('`He said "hi" & <left>`');
    expect(render({ a: '{{mdcode "k" "=" "v`x"}}' }, {}).a).toBe("``k=v`x``");
  });

  it("never lets ${ into databricks.yml through the bundle helper", () => {
    expect(render({ a: "d: {{bundle text}}" }, { text: "a $ {b}" }).a).toBe('d: "a $ {b}"');
    expect(
      renderError({ "databricks.yml": "d: {{bundle text}}" }, { text: "x ${var.token}" }).message,
    ).toMatch(/databricks\.yml.*variable reference/);
  });

  it("leaves GitHub Actions expressions as written", () => {
    const workflow = "run: echo ${{ github.sha }} {{name}}\nif: ${{ inputs.x == 'y' }}\n";
    expect(render({ "ci.yml": workflow }, { name: "demo" })["ci.yml"]).toBe(
      "run: echo ${{ github.sha }} demo\nif: ${{ inputs.x == 'y' }}\n",
    );
  });

  it("fails on a missing variable instead of rendering an empty string", () => {
    expect(renderError({ "a.txt": "hello {{missing}}" }, {}).message).toMatch(
      /cannot render a\.txt: "missing" not defined/,
    );
  });

  it("keeps prototype access off", () => {
    expect(() => renderTemplate(source({ a: "{{constructor.name}}" }), {})).toThrow(KitError);
    expect(render({ a: "[{{#with this}}{{__proto__}}{{/with}}]" }, { x: 1 }).a).toBe("[]");
  });

  it("has no partials and no unknown helpers, so a template cannot reach outside its context", () => {
    expect(renderError({ a: "{{> passwd}}" }, {}).message).toMatch(/partial passwd could not be found/);
    expect(renderError({ a: "{{log 'x'}}{{lookupFile 'x'}}" }, {}).message).toMatch(/cannot render a/);
  });

  it("marks the manifest's executable paths 0755", () => {
    const tree = renderTemplate(source({ "bin/run": "#!/bin/sh\n", "README.md": "x" }), {});
    expect(tree.get("bin/run")?.mode).toBe(0o755);
    expect(tree.get("README.md")?.mode).toBe(0o644);
  });

  it("returns files in path order", () => {
    expect([...renderTemplate(source({ b: "", a: "", "a-dir/x": "" }), {}).keys()]).toEqual([
      "a",
      "a-dir/x",
      "b",
    ]);
  });

  describe("can never write outside the target, whatever the variables contain", () => {
    it.each([
      ["../escape", "leaves the target"],
      ["../../etc/cron.d/evil", "leaves the target"],
      ["a/../../b", "leaves the target"],
      ["/etc/passwd", "is absolute"],
      ["..", "leaves the target"],
      [".", "leaves the target"],
      ["a//b", "empty segment"],
      [".git/hooks/pre-commit", "inside .git"],
      ["x/.GIT/config", "inside .git"],
      ["a\\..\\..\\b", "not allowed"],
      ["C:/Windows/x", "not allowed"],
      ["a\u0000b", "not allowed"],
      ["a\nb", "not allowed"],
      ["", "is absolute"],
      [" a", "space"],
    ])("refuses a path rendering to %j", (value, why) => {
      const error = renderError({ "{{dir}}/file.txt": "x", "{{dir}}": "y" }, { dir: value });
      expect(error.code).toBe("template-unsafe-path");
      expect(error.message).toContain(why);
    });
  });

  it("refuses a file path that renders to nothing", () => {
    expect(renderError({ "{{name}}": "x" }, { name: "" }).message).toContain("is empty");
  });

  it("refuses two files rendering to one path, or a file inside a file", () => {
    expect(renderError({ "{{a}}": "1", "{{b}}": "2" }, { a: "x", b: "x" }).message).toMatch(/same path x/);
    expect(renderError({ "{{a}}": "1", "x/y": "2" }, { a: "x" }).message).toMatch(/inside the file x/);
  });
});

describe("safeRelativePath", () => {
  it("accepts ordinary nested paths, dotfiles included", () => {
    expect(safeRelativePath(".github/workflows/ci.yml")).toBe(".github/workflows/ci.yml");
    expect(safeRelativePath("src/pkg/__init__.py")).toBe("src/pkg/__init__.py");
  });
});
