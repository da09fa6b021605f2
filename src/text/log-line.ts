/**
 * The one encoding rule for log lines: the Actions runner reads a line that starts with `::` (or the
 * older `##[`) as a workflow command, so such a line is prefixed and printed as plain text. Every
 * line of a multi-line text is checked, since any of them could carry text from a person.
 */
const COMMAND_START = /^(\s*)(::|##\[)/;

export function logSafe(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (COMMAND_START.test(line) ? `› ${line}` : line))
    .join("\n");
}
