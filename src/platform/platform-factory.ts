/** Picks the compute platform by name; the local one lives in a folder (default ~/.mlops-kit/platform). */
import { homedir } from "node:os";
import path from "node:path";
import { KitError } from "../errors";
import type { ComputePlatform } from "./compute-platform";
import { DatabricksPlatform } from "./databricks-platform";
import { LocalPlatform } from "./local-platform";

export function defaultLocalPlatformDir(): string {
  return process.env.MLOPS_KIT_PLATFORM_DIR || path.join(homedir(), ".mlops-kit", "platform");
}

export function createPlatform(
  name: string,
  options: { platformDir?: string; log?: (line: string) => void } = {},
): ComputePlatform {
  switch (name) {
    case "local":
      return new LocalPlatform(path.resolve(options.platformDir || defaultLocalPlatformDir()), options.log);
    case "databricks":
      return new DatabricksPlatform(process.env.DATABRICKS_CLI || "databricks", options.log);
    default:
      throw new KitError(
        "platform-unknown",
        `unknown platform ${JSON.stringify(name)}: use local or databricks`,
      );
  }
}
