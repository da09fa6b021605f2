/**
 * A test that needs a system tool the machine lacks fails saying which Debian package to install,
 * not with a bare exit status: here Python runs without its site packages (`-S`), so Debian's
 * pyflakes and pytest-cov are really missing.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkPythonToolchain } from "../src/python/system-python";
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

describe("the demo's Python check", () => {
  const saved = process.env.MLOPS_KIT_PYTHON;
  afterEach(() => {
    if (saved === undefined) delete process.env.MLOPS_KIT_PYTHON;
    else process.env.MLOPS_KIT_PYTHON = saved;
  });

  it("passes with Debian's Python as installed", async () => {
    await expect(checkPythonToolchain()).resolves.toBeUndefined();
  });

  it("names the packages of exactly the modules that are missing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "mlops-kit-python-"));
    try {
      const noSitePackages = path.join(dir, "python3");
      writeFileSync(noSitePackages, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
      chmodSync(noSitePackages, 0o755);
      process.env.MLOPS_KIT_PYTHON = noSitePackages;
      await expect(checkPythonToolchain()).rejects.toThrow(
        /lacks pip, setuptools, wheel, build, pytest, .* Install: sudo apt-get install -y python3-pip python3-setuptools python3-wheel python3-build python3-pytest$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
