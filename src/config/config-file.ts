/** Reads the kit config from disk (adapter around the pure parser). */
import { readFileSync } from "node:fs";
import { KitError } from "../errors";
import { kitPaths } from "../kit-paths";
import { parseKitConfig } from "./config-parser";
import type { KitConfig } from "./kit-config";

export interface LoadedKitConfig {
  config: KitConfig;
  /** The file it came from. */
  path: string;
}

export function loadKitConfigFile(
  configPath: string | undefined,
  availableTemplates: readonly string[],
): LoadedKitConfig {
  const file = configPath || kitPaths.exampleConfig();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new KitError(
      "config-missing",
      `cannot read the kit config ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return { config: parseKitConfig(text, { fileName: file, availableTemplates }), path: file };
}
