import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  installHint,
  missingToolIn,
  packageProviding,
  packagesFor,
  parseSystemPackages,
  systemPackages,
} from "./system-packages";

const repoRoot = path.resolve(import.meta.dirname, "..");

describe("the system package list", () => {
  const names = systemPackages().map((p) => p.name);

  it("has what the demo, the tests and the benchmark use", () => {
    expect(names).toEqual(
      expect.arrayContaining([
        "git",
        "python3",
        "python3-venv",
        "python3-pip",
        "python3-pytest",
        "python3-pytest-cov",
        "python3-pyflakes",
        "python3-build",
        "python3-setuptools",
        "python3-wheel",
        "python3-hatchling",
        "python3-yaml",
        "python3-jinja2",
        "cookiecutter",
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(packagesFor("bench")).toEqual(["cookiecutter"]);
    expect(packagesFor("demo")).not.toContain("cookiecutter");
  });

  it("is what .ci/run installs (read from the list, nothing named by hand)", () => {
    const run = readFileSync(path.join(repoRoot, ".ci/run"), "utf8");
    expect(run).toContain("scripts/system-packages.txt");
    expect(run).not.toMatch(/apt-get install[^\n]*python3-/);
  });

  it("is named in full by the README's install line", () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const block = /<!-- generated:install-system-packages -->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const installed = block.replace(/\\\n/g, " ").split(/\s+/);
    expect(block).toContain("apt-get install -y");
    for (const name of names) expect(installed, name).toContain(name);
  });

  it("refuses a malformed line, saying where", () => {
    expect(() => parseSystemPackages("git command:git demo\nBad_Name - test\n", "list.txt")).toThrow(
      /list\.txt:2: not a Debian package name/,
    );
    expect(() => parseSystemPackages("git git demo\n")).toThrow(/second column/);
    expect(() => parseSystemPackages("git command:git sometimes\n")).toThrow(/demo, test or bench/);
  });
});

describe("a missing tool", () => {
  it("is read from Python's, pytest's and a spawn's own words", () => {
    expect(missingToolIn("/usr/bin/python3: No module named pyflakes")).toBe("python:pyflakes");
    expect(missingToolIn("ModuleNotFoundError: No module named 'yaml'")).toBe("python:yaml");
    expect(missingToolIn("pytest: error: unrecognized arguments: --cov=src --cov-report=term")).toBe(
      "python:pytest_cov",
    );
    expect(missingToolIn("Error: spawn cookiecutter ENOENT")).toBe("command:cookiecutter");
    expect(missingToolIn("cannot run git: ENOENT")).toBe("command:git");
    expect(missingToolIn("1 failed, 3 passed")).toBeUndefined();
  });

  it("is reported with the Debian package that brings it", () => {
    expect(installHint("No module named pytest_cov.plugin")).toMatch(
      /Python module pytest_cov\.plugin is missing: install the Debian package python3-pytest-cov \(sudo apt-get install -y python3-pytest-cov\)/,
    );
    expect(installHint("spawn cookiecutter ENOENT")).toMatch(/Debian package cookiecutter/);
    expect(packageProviding("python:hatchling.build")).toBe("python3-hatchling");
    // A project's own module is not a system tool: no hint, the test's own failure stands.
    expect(installHint("No module named acme_forecast_demand")).toBeUndefined();
  });
});
