/**
 * The one encoding rule for Markdown (job summary, README, PR bodies): text that came from a person is
 * written only inside a code span or a fenced block that it cannot close, so it can never become a
 * link, an image, HTML, a heading or a list item, whatever it holds. Code spans and fences are the only
 * CommonMark constructs whose content is not parsed (GitHub's autolinking of bare URLs included).
 */

/** Longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/**
 * An inline code span holding `text` on one line: delimited by one more backtick than the longest run
 * inside, padded when the text starts or ends with a backtick or a space (CommonMark strips one space
 * on each side), and line breaks as spaces. In a table cell (`inTable`), `|` is escaped: GFM splits
 * cells before it parses code spans, and reads `\|` as a literal pipe even inside one.
 */
export function mdCode(text: string, options: { inTable?: boolean } = {}): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, " ");
  const line = options.inTable ? oneLine.replace(/\|/g, "\\|") : oneLine;
  if (line === "") return "` `";
  const fence = "`".repeat(longestRun(line, "`") + 1);
  const pad = /^[` ]|[` ]$/.test(line) ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced code block holding `text`, with a fence longer than any backtick run inside it. */
export function mdFence(text: string, info = "text"): string {
  const body = text.replace(/\r\n|\r/g, "\n");
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${fence}${info.replace(/[`\s]/g, "")}\n${body}\n${fence}`;
}

/**
 * Text the kit itself wrote (from its config or its own words) as Markdown text: every ASCII
 * punctuation character is backslash-escaped (CommonMark allows that for all of them), line breaks
 * become spaces, so no character starts markup. Not for values from a person: use `mdCode`.
 */
export function mdText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ").replace(/[!-/:-@[-`{-~]/g, "\\$&");
}

/** A link destination: characters that would end or break `(...)` are percent-encoded. */
export function mdUrl(url: string): string {
  return url.replace(
    /[\s()<>\\`]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
