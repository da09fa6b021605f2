/**
 * The one encoding rule for HTML (the assessment dashboard): every value is escaped where it is
 * written, as element text or as a double-quoted attribute value; nothing from a repo ever becomes
 * markup, a URL scheme or script. Identifiers for `id`/`href="#…"` go through `htmlId`.
 */
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text or a double-quoted attribute value; control characters (but tab/newline) become spaces. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ")
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** A stable fragment identifier from any text: letters, digits and `-` only (others hex-encoded). */
export function htmlId(prefix: string, text: string): string {
  return `${prefix}-${[...text].map((c) => (/[A-Za-z0-9-]/.test(c) ? c : `_${c.codePointAt(0)!.toString(16)}`)).join("")}`;
}
