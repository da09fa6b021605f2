/** Validates a `databricks.yml` against the Databricks CLI's bundle schema in ../shared/schemas. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parse } from "yaml";

/** `$DATABRICKS_BUNDLE_SCHEMA` when set (a checkout elsewhere, e.g. a git worktree), else ../shared/schemas. */
export const BUNDLE_SCHEMA_PATH = process.env.DATABRICKS_BUNDLE_SCHEMA
  ? new URL(`file://${path.resolve(process.env.DATABRICKS_BUNDLE_SCHEMA)}`)
  : new URL("../../../shared/schemas/databricks-bundle.schema.json", import.meta.url);

let validator: ValidateFunction | undefined;

export function bundleSchemaAvailable(): boolean {
  return existsSync(BUNDLE_SCHEMA_PATH);
}

/** Schema errors of a bundle file's text (empty when valid). */
export function validateBundle(yamlText: string): string[] {
  validator ??= new Ajv({ strict: false, allErrors: true }).compile(
    JSON.parse(readFileSync(BUNDLE_SCHEMA_PATH, "utf8")),
  );
  if (validator(parse(yamlText))) return [];
  // The schema allows `${var.x}` strings in place of objects (oneOf); report the object branch's errors.
  return (validator.errors ?? [])
    .filter((e) => e.keyword !== "oneOf" && !(e.keyword === "type" && e.params.type === "string"))
    .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
