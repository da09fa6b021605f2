/**
 * JSON-schema validators of the kit's own files (the kit config, template manifests).
 *
 * From source (tests, tsx) each schema is compiled with ajv when its module loads. In the bundles the
 * build replaces this module with ajv's standalone code of the same schemas and options
 * (scripts/precompiled-validators.ts): ajv's compiler was the largest part of `mlops-kit create`'s
 * start-up, and a bundle should not generate code at run time that can be generated once at build time.
 */
import Ajv, { type Options, type ValidateFunction } from "ajv";

export interface RegisteredSchema {
  /** Unique name the bundle looks the validator up by. */
  name: string;
  schema: object;
  options: Options;
}

const registered = new Map<string, RegisteredSchema>();

/** The validator of `schema`, registered under `name` so the build can precompile it. */
export function compiledValidator(name: string, schema: object, options: Options): ValidateFunction {
  registered.set(name, { name, schema, options });
  return new Ajv(options).compile(schema);
}

/** Every schema compiled so far (the build imports the modules that declare them, then reads this). */
export function registeredSchemas(): RegisteredSchema[] {
  return [...registered.values()];
}
