import { describe, expect, it } from "vitest";
import { markdownFacts, parseWithPython } from "../../test/helpers/strict-parsers";
import { logSafe } from "./log-line";
import { mdCode, mdFence, mdText } from "./markdown";
import { quotedString, yamlDocument } from "./quoted-string";

/** Text a person could type that means something in one format or another. */
const HOSTILE = [
  "plain",
  "`",
  "``a``",
  " `x` ",
  "a | b",
  "[x](https://evil.example) ![i](https://evil.example/i.png)",
  "<img src=x onerror=alert(1)> &amp; &#x3C;",
  "https://evil.example www.evil.example mail@evil.example",
  "line\n```\n# Heading\n![i](https://evil.example/i.png)\n```",
  "1. list",
  "# heading",
  "> quote",
  "    indented",
  '" quote \\ back',
  "${var.token} {{ x }} ${{ github.token }}",
  "tab\there\u0000nul\u007fdel\u0085nel\u009fc1",
  "\u2028ls\u2029ps\ufeffbom\u200bzw\u202erlo\u2066iso",
  "\ufffe\uffff\ufdd0 nonchar \u{1fffe}",
  "\u3164hangul\u115f\u1160\uffa0 filler",
  "lone \ud800 surrogate",
  "e\u0301 caf\u00e9 \u{1f600} 中文",
  "key: value\n- item\n? q",
  "'''\"\"\"",
  "\r\ncrlf\rcr",
  "\b backspace \f form feed \v vertical tab \u001b[31m escape",
];

describe("Markdown: a person's text only in code it cannot close", () => {
  it.each(HOSTILE)("keeps %j inside one code span and one fence", (text) => {
    const doc = `# Title\n\n| a | b |\n| --- | --- |\n| ${mdCode(text, { inTable: true })} | x |\n\nSee ${mdCode(text)} here.\n\n${mdFence(text)}\n`;
    const facts = markdownFacts(doc);
    expect(facts.links).toEqual([]);
    expect(facts.images).toEqual([]);
    expect(facts.html).toEqual([]);
    expect(facts.headings).toEqual(["Title"]);
    expect(facts.plainText).not.toMatch(/evil|heading|list|quote/);
  });

  it("escapes every punctuation character of the kit's own text", () => {
    const facts = markdownFacts(`${mdText("1. [x](https://a.example) # <b>")}\n`);
    expect(facts.links).toEqual([]);
    expect(facts.html).toEqual([]);
    expect(facts.plainText.trim()).toBe("1. [x](https://a.example) # <b>");
  });
});

describe("YAML, TOML and Python: a person's text is one string value", () => {
  it("reads back every hostile value exactly (well-formed) with PyYAML, libyaml, tomllib and Python", () => {
    const files: [string, "yaml" | "toml" | "python", string][] = [];
    HOSTILE.forEach((text, i) => {
      files.push([
        `y${i}`,
        "yaml",
        `value: ${quotedString(text)}\n${yamlDocument({ [text]: { [text]: text } })}\n`,
      ]);
      files.push([`t${i}`, "toml", `value = ${quotedString(text)}\n`]);
      files.push([`p${i}`, "python", `VALUE = ${quotedString(text)}\n`]);
    });
    const parsed = parseWithPython(files);
    HOSTILE.forEach((text, i) => {
      const expected = text.replace(/\p{Cs}/gu, "\ufffd");
      expect(parsed[`y${i}`], text).toEqual({
        ok: true,
        data: { value: expected, [expected]: { [expected]: expected } },
      });
      expect(parsed[`t${i}`], text).toEqual({ ok: true, data: { value: expected } });
      expect(parsed[`p${i}`], text).toEqual({ ok: true, data: { VALUE: expected } });
    });
  });

  it("keeps identifier keys plain and quotes every other key, YAML 1.1 booleans included", () => {
    expect(yamlDocument({ name: "x", on: 1, "a b": true, y: null })).toBe(
      'name: "x"\n"on": 1\n"a b": true\n"y": null',
    );
  });

  it("writes invisible and separator characters as escapes, never raw", () => {
    expect(quotedString("a\u2028b\ufffe\u3164\u{e0001}")).toBe('"a\\u2028b\\uFFFE\\u3164\\U000E0001"');
  });
});

describe("log lines", () => {
  it("never start with a workflow command", () => {
    const text = logSafe("ok\n::error::x\r\n  ::set-output name=a::b\n##[error]y\nfine :: here");
    expect(text.split("\n").filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([]);
    expect(text).toContain("fine :: here");
  });
});
