import { describe, expect, it } from "vitest";
import { isForbiddenInLine, singleLineProblems } from "./unicode-rules";

const cp = (n: number) => String.fromCodePoint(n);

const FORBIDDEN: [number, string][] = [
  // Default_Ignorable_Code_Point that are not format characters: the property is what covers them.
  [0x115f, "Hangul choseong filler"],
  [0x1160, "Hangul jungseong filler"],
  [0x3164, "Hangul filler"],
  [0xffa0, "half-width Hangul filler"],
  [0x034f, "combining grapheme joiner"],
  [0x180b, "Mongolian free variation selector"],
  [0xfe00, "variation selector 1"],
  [0xfe0f, "variation selector 16"],
  [0xe0100, "variation selector 17"],
  [0xfff0, "reserved default-ignorable"],
  // Format characters, bidi controls among them.
  [0x200b, "zero-width space"],
  [0x200e, "left-to-right mark"],
  [0x061c, "Arabic letter mark"],
  [0x202e, "right-to-left override"],
  [0x2066, "left-to-right isolate"],
  [0x2060, "word joiner"],
  [0xfeff, "byte order mark"],
  [0xe0001, "language tag"],
  [0x1d173, "musical begin beam"],
  // Line ends and controls.
  [0x0a, "line feed"],
  [0x0d, "carriage return"],
  [0x85, "next line"],
  [0x2028, "line separator"],
  [0x2029, "paragraph separator"],
  [0x00, "NUL"],
  [0x09, "tab"],
  [0x7f, "delete"],
  // Noncharacters, in the BMP block and at the end of planes.
  [0xfdd0, "first of U+FDD0..U+FDEF"],
  [0xfdef, "last of U+FDD0..U+FDEF"],
  [0xfffe, "U+FFFE"],
  [0xffff, "U+FFFF"],
  [0x1fffe, "U+1FFFE"],
  [0x10ffff, "U+10FFFF"],
  // Private use and a lone surrogate.
  [0xe000, "private use"],
  [0xd800, "lone high surrogate"],
];

describe("single-line input rules", () => {
  it.each(
    FORBIDDEN.map(([code, name]) => [code.toString(16).toUpperCase().padStart(4, "0"), name, code] as const),
  )("refuses U+%s (%s)", (_hex, _name, code) => {
    expect(isForbiddenInLine(cp(code))).toBe(true);
  });

  it("accepts ordinary text in any script, emoji included", () => {
    expect(singleLineProblems("description", "Café 中文 😀 Ελληνικά עברית العربية — ok, 100%")).toEqual([]);
  });

  it("names each forbidden character once, by code point and position", () => {
    expect(singleLineProblems("description", "a\u3164b\u3164c\n")).toEqual([
      "description: invisible character U+3164 at position 2 is not allowed (no line breaks, control, format or invisible characters)",
      "description: line feed (newline) (U+000A) at position 6 is not allowed (no line breaks, control, format or invisible characters)",
    ]);
  });
});
