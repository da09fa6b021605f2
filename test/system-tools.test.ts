/**
 * A test that needs a system tool the machine lacks fails saying which Debian package to install,
 * not with a bare exit status: here Python runs without its site packages (`-S`), so Debian's
 * pyflakes and pytest-cov are really missing.
 */
import { describe, expect, it } from "vitest";
import { runPython } from "./helpers/python";

describe("the Python test helper", () => {
  it("names the Debian package of a missing module", () => {
    expect(() => runPython(["-S", "-m", "pyflakes", "."], process.cwd())).toThrow(
      /Python module pyflakes is missing: install the Debian package python3-pyflakes/,
    );
  });

  it("names python3-pytest-cov when the coverage plugin is missing", () => {
    expect(() => runPython(["-S", "-c", "import pytest_cov"], process.cwd())).toThrow(
      /install the Debian package python3-pytest-cov/,
    );
  });

  it("leaves a run alone when what is missing is no system tool", () => {
    const result = runPython(["-c", "import acme_forecast_demand"], process.cwd());
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/No module named 'acme_forecast_demand'/);
  });
});
