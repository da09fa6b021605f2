/**
 * What a single-line field may hold, from Unicode properties rather than lists (pure). Refused:
 *
 * - `\p{Cc}` controls (tab, newline, NUL, DEL, C1) and `\p{Zl}`/`\p{Zp}` line and paragraph separators:
 *   they end a line in logs, YAML and Markdown;
 * - `\p{Cf}` format characters, which include every `\p{Bidi_Control}` (U+202A–U+202E, U+2066–U+2069,
 *   U+200E/U+200F, U+061C): they reorder or hide text;
 * - `\p{Default_Ignorable_Code_Point}`: everything a renderer may draw as nothing, beyond `Cf` too —
 *   variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), Mongolian free variation selectors, the
 *   Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the combining grapheme joiner U+034F, tags
 *   U+E0000–U+E0FFF and the reserved default-ignorable ranges. ECMAScript supports the property
 *   directly (ECMA-262, table of binary Unicode properties), so the set follows Node's Unicode version;
 * - `\p{Noncharacter_Code_Point}` (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE,
 *   U+FFFF, ...): libyaml-family parsers refuse them, and they are not meant for interchange;
 * - `\p{Cs}` lone surrogates (no UTF-8 form) and `\p{Co}` private use (meaningless across systems).
 *
 * Every refusal names the character by code point and its position (1-based, in code points).
 */
import { describeCharacter } from "../naming/character-names";

const FORBIDDEN =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;

export function isForbiddenInLine(char: string): boolean {
  return FORBIDDEN.test(char);
}

/** One message per distinct forbidden character of `text` (empty when the text is fine). */
export function singleLineProblems(field: string, text: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  [...text].forEach((char, index) => {
    if (!FORBIDDEN.test(char) || seen.has(char)) return;
    seen.add(char);
    problems.push(
      `${field}: ${describeCharacter(char)} at position ${index + 1} is not allowed (no line breaks, control, format or invisible characters)`,
    );
  });
  return problems;
}
