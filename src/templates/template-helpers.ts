/**
 * Handlebars helpers that quote a value for the format it lands in. Templates render with HTML
 * escaping off (it is wrong for YAML, TOML and Python: `"` would become `&quot;`), so every value that
 * is not already constrained to a safe alphabet goes through one of these.
 */
import type { HelperDelegate } from "handlebars";

const asText = (value: unknown): string => (value === undefined || value === null ? "" : String(value));

/** A JSON string literal is also a valid YAML double-quoted scalar, TOML basic string and Python literal. */
const quoted = (value: unknown): string =>
  JSON.stringify(asText(value)).replace(/[\u2028\u2029]/g, (c) => (c === "\u2028" ? "\\u2028" : "\\u2029"));

export const templateHelpers: Record<string, HelperDelegate> = {
  /** YAML double-quoted scalar. */
  yaml: (value: unknown) => quoted(value),
  /** TOML basic string. */
  toml: (value: unknown) => quoted(value),
  /** Python string literal. */
  py: (value: unknown) => quoted(value),
  /** Any JSON value. */
  json: (value: unknown) => JSON.stringify(value ?? null),
  /** Markdown text: characters that would start markup or HTML are backslash-escaped. */
  md: (value: unknown) =>
    asText(value)
      .replace(/[\\`*_{}[\]()<>#+!|~]/g, "\\$&")
      .replace(/\r?\n/g, " "),
  upper: (value: unknown) => asText(value).toUpperCase(),
  lower: (value: unknown) => asText(value).toLowerCase(),
  snake: (value: unknown) => asText(value).replace(/[-.\s]+/g, "_"),
  eq: (a: unknown, b: unknown) => a === b,
  join: (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.map(asText).join(asText(separator)) : "",
};
