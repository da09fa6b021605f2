/**
 * The Debian packages the demo, the tests and the benchmarks need, read from the one list
 * `scripts/system-packages.txt` (`.ci/run` installs from it, the README's install line is generated
 * from it). Each package says what it provides (`python:<module>` or `command:<name>`), so a missing
 * tool can be reported with the package that brings it.
 */
import { readFileSync } from "node:fs";
import { kitPaths } from "./kit-paths";

export type PackageUse = "demo" | "test" | "bench";

export interface SystemPackage {
  name: string;
  /** `python:<module>`, `command:<name>`, or undefined when it provides nothing to probe. */
  provides?: string;
  neededBy: PackageUse[];
}

const USES = new Set<string>(["demo", "test", "bench"]);

/** Parses the list (pure): `package provides needed-by...` per line, `#` comments, `-` for nothing. */
export function parseSystemPackages(text: string, fileName = "system-packages.txt"): SystemPackage[] {
  return text.split("\n").flatMap((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) return [];
    const [name, provides, ...uses] = line.split(/\s+/);
    const bad = (why: string) => new Error(`${fileName}:${i + 1}: ${why}: ${raw.trim()}`);
    if (!name || !/^[a-z0-9][a-z0-9+.-]*$/.test(name)) throw bad("not a Debian package name");
    if (!provides || !/^(-|python:[A-Za-z_][\w.]*|command:[\w.+-]+)$/.test(provides))
      throw bad("second column must be python:<module>, command:<name> or -");
    if (uses.length === 0 || !uses.every((u) => USES.has(u)))
      throw bad("third column onwards must be demo, test or bench");
    return [{ name, ...(provides === "-" ? {} : { provides }), neededBy: uses as PackageUse[] }];
  });
}

let cached: SystemPackage[] | undefined;

/** The kit's list (read once). */
export function systemPackages(): SystemPackage[] {
  cached ??= parseSystemPackages(
    readFileSync(kitPaths.systemPackages(), "utf8"),
    "scripts/system-packages.txt",
  );
  return cached;
}

/** The packages needed for `use`, in list order. */
export function packagesFor(use: PackageUse, list: readonly SystemPackage[] = systemPackages()): string[] {
  return list.filter((p) => p.neededBy.includes(use)).map((p) => p.name);
}

/** The package that provides `python:<module>` or `command:<name>` (a dotted module by its top level). */
export function packageProviding(
  provides: string,
  list: readonly SystemPackage[] = systemPackages(),
): string | undefined {
  const [kind, name = ""] = provides.split(":");
  const wanted = kind === "python" ? `python:${name.split(".")[0]}` : provides;
  return list.find((p) => p.provides === wanted)?.name;
}

/**
 * What a failed run's output says is missing (pure): Python's `No module named X`, pytest's
 * `unrecognized arguments: --cov` (pytest-cov), a shell's or spawn's `X: not found` / `ENOENT`.
 */
export function missingToolIn(output: string): string | undefined {
  const module = /No module named '?([A-Za-z_][\w.]*)'?/.exec(output)?.[1];
  if (module) return `python:${module}`;
  if (/unrecognized arguments:.*--cov/.test(output)) return "python:pytest_cov";
  const command = /(?:spawn|cannot run) ([\w.+/-]+):? ENOENT|([\w.+-]+): (?:command )?not found/.exec(output);
  const name = command?.[1] ?? command?.[2];
  return name ? `command:${name.split("/").pop()}` : undefined;
}

/**
 * One line for a person: the missing tool and the Debian package that brings it; undefined when the
 * output names no missing tool or one no listed package provides (a project's own module, say).
 */
export function installHint(
  output: string,
  list: readonly SystemPackage[] = systemPackages(),
): string | undefined {
  const missing = missingToolIn(output);
  const pkg = missing ? packageProviding(missing, list) : undefined;
  if (!missing || !pkg) return undefined;
  const what = missing.replace(/^python:/, "Python module ").replace(/^command:/, "command ");
  return `${what} is missing: install the Debian package ${pkg} (sudo apt-get install -y ${pkg}); every package the kit needs is listed in scripts/system-packages.txt`;
}
