/**
 * Handlebars helpers that encode a value for the format it lands in, at the point where it is written.
 * Templates render with HTML escaping off (it is wrong for YAML, TOML and Python: `"` would become
 * `&quot;`), so every value that is not already constrained to a safe alphabet goes through one of
 * these. One rule per format: src/text/quoted-string.ts (YAML, TOML, Python) and src/text/markdown.ts.
 */
import type { HelperDelegate } from "handlebars";
import { mdCode, mdText } from "../text/markdown";
import { quotedString } from "../text/quoted-string";

const asText = (value: unknown): string => (value === undefined || value === null ? "" : String(value));
const quoted = (value: unknown): string => quotedString(asText(value));

/** Handlebars passes its options object last: the helper's own arguments are the others. */
const argsOf = (args: unknown[]): unknown[] => args.slice(0, -1);

export const templateHelpers: Record<string, HelperDelegate> = {
  /** YAML double-quoted scalar (valid YAML 1.1 and 1.2). */
  yaml: (value: unknown) => quoted(value),
  /**
   * A string in `databricks.yml`: a YAML scalar that never holds `${`, because the Databricks CLI
   * resolves `${...}` in every string of a bundle (and has no escape for it).
   */
  bundle: (value: unknown) => {
    if (asText(value).includes("${")) {
      throw new Error(
        'a value would put "${" into databricks.yml, where the Databricks CLI would resolve it as a variable reference',
      );
    }
    return quoted(value);
  },
  /** TOML basic string. */
  toml: (value: unknown) => quoted(value),
  /** Python string literal. */
  py: (value: unknown) => quoted(value),
  /** Any JSON value. */
  json: (value: unknown) => JSON.stringify(value ?? null),
  /** The kit's own text in Markdown: punctuation escaped. Not for a person's text: use `mdcode`. */
  md: (value: unknown) => mdText(asText(value)),
  /** A person's text in Markdown: one inline code span it cannot close (arguments are joined). */
  mdcode: (...args: unknown[]) => mdCode(argsOf(args).map(asText).join("")),
  upper: (value: unknown) => asText(value).toUpperCase(),
  lower: (value: unknown) => asText(value).toLowerCase(),
  snake: (value: unknown) => asText(value).replace(/[-.\s]+/g, "_"),
  eq: (a: unknown, b: unknown) => a === b,
  join: (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.map(asText).join(asText(separator)) : "",
};
