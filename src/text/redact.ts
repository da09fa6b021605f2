/** Replaces every occurrence of each secret value with `***`, as the Actions runner masks its log. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  // An empty value would split the text into characters and join them with masks.
  return secrets.filter((value) => value.length > 0).reduce((t, value) => t.split(value).join("***"), text);
}
