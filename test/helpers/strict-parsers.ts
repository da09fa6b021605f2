/**
 * Strict third-party parsers for what the kit writes: a CommonMark parser with GitHub's table and
 * autolink behaviour (markdown-it, linkify on, bare domains off as on GitHub), and PyYAML (pure and libyaml) and tomllib
 * through Debian's /usr/bin/python3, run once per batch of files to keep the corpus fast.
 */
import { execFileSync } from "node:child_process";
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

const markdown = new MarkdownIt({ linkify: true, html: true });
markdown.linkify.set({ fuzzyLink: false });

export interface MarkdownFacts {
  /** Destinations of every link (inline, reference, autolink, bare URL or e-mail). */
  links: string[];
  images: string[];
  /** Raw HTML blocks or inline HTML. */
  html: string[];
  /** Text of every heading. */
  headings: string[];
  /** Text outside code spans and fences (where a person's text must never be). */
  plainText: string;
}

export function markdownFacts(source: string): MarkdownFacts {
  const facts: MarkdownFacts = { links: [], images: [], html: [], headings: [], plainText: "" };
  const walk = (tokens: Token[], inHeading: { on: boolean }) => {
    for (const token of tokens) {
      if (token.type === "heading_open") inHeading.on = true;
      if (token.type === "heading_close") inHeading.on = false;
      if (token.type === "link_open") facts.links.push(token.attrGet("href") ?? "");
      if (token.type === "image") facts.images.push(token.attrGet("src") ?? "");
      if (token.type === "html_block" || token.type === "html_inline") facts.html.push(token.content);
      if (token.type === "text") facts.plainText += `${token.content}\n`;
      if (token.type === "inline") {
        if (inHeading.on) facts.headings.push(token.content);
        walk(token.children ?? [], inHeading);
      }
    }
  };
  walk(markdown.parse(source, {}), { on: false });
  return facts;
}

export interface PythonParseResult {
  /** Per file: the parsed data as JSON, or the parser's error. */
  [name: string]: { ok: true; data: unknown } | { ok: false; error: string };
}

const PARSE_SCRIPT = `
import ast, json, sys, tomllib, yaml
out = {}
for name, kind, text in json.load(sys.stdin):
    try:
        if kind == "yaml":
            # Both PyYAML readers: the pure-Python one and libyaml's (the family Go's parser follows).
            data = yaml.load(text, Loader=yaml.SafeLoader)
            if yaml.load(text, Loader=yaml.CSafeLoader) != data:
                raise ValueError("libyaml reads the document differently")
        elif kind == "toml":
            data = tomllib.loads(text)
        else:
            # The value of every top-level NAME = "literal" assignment.
            tree = ast.parse(text)
            data = {n.targets[0].id: ast.literal_eval(n.value) for n in tree.body
                    if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)}
        out[name] = {"ok": True, "data": data}
    except Exception as e:
        out[name] = {"ok": False, "error": type(e).__name__ + ": " + str(e)}
json.dump(out, sys.stdout, default=str)
`;

/** Parses files with PyYAML (`yaml`), tomllib (`toml`) or Python's own parser (`python`), in one process. */
export function parseWithPython(files: [name: string, kind: "yaml" | "toml" | "python", text: string][]) {
  const output = execFileSync("/usr/bin/python3", ["-c", PARSE_SCRIPT], {
    input: JSON.stringify(files),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.toString("utf8")) as PythonParseResult;
}
