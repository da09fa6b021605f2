import { quoteForDisplay } from "../text/display";

/**
 * Human descriptions of characters that may appear in hostile or mistyped names, and the ASCII letters
 * that common confusables (Cyrillic, Greek, full-width forms) imitate.
 */

const NAMED: Record<string, string> = {
  "\u0000": "NUL",
  "\t": "tab",
  "\n": "line feed (newline)",
  "\r": "carriage return",
  "\u000b": "vertical tab",
  "\u000c": "form feed",
  "\u001b": "escape",
  "\u007f": "delete",
  " ": "space",
  "\u00a0": "no-break space",
  "\u00ad": "soft hyphen",
  "\u200b": "zero-width space",
  "\u200c": "zero-width non-joiner",
  "\u200d": "zero-width joiner",
  "\u2028": "line separator",
  "\u2029": "paragraph separator",
  "\u202a": "left-to-right embedding",
  "\u202b": "right-to-left embedding",
  "\u202c": "pop directional formatting",
  "\u202d": "left-to-right override",
  "\u202e": "right-to-left override",
  "\u2066": "left-to-right isolate",
  "\u2067": "right-to-left isolate",
  "\u2068": "first strong isolate",
  "\u2069": "pop directional isolate",
  "\ufeff": "byte order mark",
  "\u2010": "hyphen (not the ASCII -)",
  "\u2011": "non-breaking hyphen",
  "\u2013": "en dash",
  "\u2014": "em dash",
  "\u2212": "minus sign",
};

/** Letters that render like ASCII ones (the usual suspects of homograph attacks). */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  "\u0430": "a",
  "\u0435": "e",
  "\u043e": "o",
  "\u0440": "p",
  "\u0441": "c",
  "\u0443": "y",
  "\u0445": "x",
  "\u0456": "i",
  "\u0458": "j",
  "\u0455": "s",
  "\u0501": "d",
  "\u04bb": "h",
  "\u0442": "t",
  "\u043c": "m",
  "\u043d": "h",
  "\u0432": "b",
  "\u043a": "k",
  "\u0410": "a",
  "\u0415": "e",
  "\u041e": "o",
  "\u0420": "p",
  "\u0421": "c",
  "\u0425": "x",
  "\u0406": "i",
  // Greek
  "\u03bf": "o",
  "\u03b1": "a",
  "\u03bd": "v",
  "\u03c1": "p",
  "\u03b9": "i",
  "\u03ba": "k",
  "\u03c4": "t",
  "\u039f": "o",
  "\u0391": "a",
  "\u0392": "b",
  "\u0395": "e",
  "\u0397": "h",
  "\u0399": "i",
  "\u039a": "k",
  // Latin lookalikes
  "\u0131": "i",
  "\u0261": "g",
  "\u01c3": "!",
  // Dashes that are not the ASCII hyphen
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\ufe63": "-",
  "\uff0d": "-",
};

export function toAsciiLookalike(char: string): string | undefined {
  if (CONFUSABLES[char]) return CONFUSABLES[char];
  const folded = char.normalize("NFKD").replace(/\p{M}/gu, "");
  return /^[\x21-\x7e]$/.test(folded) && folded !== char ? folded : undefined;
}

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** e.g. `"/"`, `line feed (newline, U+000A)`, `"а" (U+0430)`. */
export function describeCharacter(char: string): string {
  const named = NAMED[char];
  if (named) return `${named} (${codePoint(char)})`;
  if (/\p{Noncharacter_Code_Point}/u.test(char)) return `noncharacter ${codePoint(char)}`;
  if (/\p{Cs}/u.test(char)) return `lone surrogate ${codePoint(char)}`;
  if (/\p{Cf}/u.test(char)) return `format (invisible) character ${codePoint(char)}`;
  if (/[\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u.test(char))
    return `invisible character ${codePoint(char)}`;
  if (/\p{C}/u.test(char)) return `control character ${codePoint(char)}`;
  if (/^[\x21-\x7e]$/.test(char)) return quoteForDisplay(char);
  return `${quoteForDisplay(char)} (${codePoint(char)})`;
}
