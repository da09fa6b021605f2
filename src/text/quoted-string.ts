/**
 * The one encoding rule for string values in YAML, TOML and Python source: a double-quoted literal
 * whose every character is either printable in all three (YAML 1.1 and 1.2, TOML 1.0, Python 3) or
 * written as an escape they all read the same way (`\n`, `\"`, `\\`, `\uXXXX`, `\UXXXXXXXX`). Control,
 * format, separator, private-use and invisible characters and noncharacters are always escaped, so a
 * value can neither end its string nor make the file unreadable to libyaml-family parsers (PyYAML, Go),
 * which refuse raw U+FFFE/U+FFFF and read raw U+2028/U+2029 as line breaks.
 */

const UNSAFE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Noncharacter_Code_Point}\p{Default_Ignorable_Code_Point}]/gu;

function escapeCodePoint(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\U${hex.padStart(8, "0")}` : `\\u${hex.padStart(4, "0")}`;
}

/** `"..."`: a YAML double-quoted scalar, a TOML basic string and a Python string literal at once. */
export function quotedString(value: string): string {
  // A lone surrogate has no UTF-8 form, and no escape of it is valid in TOML or YAML: U+FFFD instead.
  const wellFormed = value.replace(/\p{Cs}/gu, "\uFFFD");
  // JSON escapes `"`, `\` and C0 controls in forms all three formats share; the rest is done here.
  return JSON.stringify(wellFormed).replace(UNSAFE, escapeCodePoint);
}

type YamlValue = string | number | boolean | null | { [key: string]: YamlValue };

/** Words YAML 1.1 reads as booleans or null when plain: such keys are quoted too. */
const YAML11_SPECIAL = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

/** A key plain when it is an identifier no YAML version reads as anything but a string. */
function yamlKey(key: string): string {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(key) && !YAML11_SPECIAL.test(key) ? key : quotedString(key);
}

/**
 * A YAML document of nested maps: every string value a double-quoted scalar (numbers, booleans and
 * null plain), keys plain only when they are identifiers that read as strings everywhere, so no value
 * can be read as another type or another structure.
 */
export function yamlDocument(value: { [key: string]: YamlValue }, indent = ""): string {
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === "object") {
      const inner = yamlDocument(item, `${indent}  `);
      lines.push(inner ? `${indent}${yamlKey(key)}:\n${inner}` : `${indent}${yamlKey(key)}: {}`);
    } else {
      const scalar = typeof item === "string" ? quotedString(item) : item === null ? "null" : String(item);
      lines.push(`${indent}${yamlKey(key)}: ${scalar}`);
    }
  }
  return lines.join("\n");
}
