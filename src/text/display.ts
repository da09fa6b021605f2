/**
 * A value quoted for messages and logs: JSON-style quotes and escapes, plus `\uXXXX` for invisible and
 * direction-changing characters (which JSON leaves raw), so hostile input cannot reshape a log line.
 */
export function quoteForDisplay(value: string, maxLength = 120): string {
  const shown = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return JSON.stringify(shown).replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );
}
