import { describe, expect, it } from "vitest";
import { KitError } from "../errors";
import { parseTemplateManifest, resolveTemplateAnswers } from "./template-manifest";

const manifest = parseTemplateManifest(
  `name: demo
description: demo template
kind: batch
variables:
  - { name: schedule, description: cron, type: string, default: "0 6 * * *", pattern: "[0-9*/ ,-]+" }
  - { name: workers, description: workers, type: integer, default: 1, minimum: 0, maximum: 8 }
  - { name: paused, description: paused, type: boolean, default: true }
  - { name: size, description: size, type: enum, default: small, values: [small, large] }
`,
  "template.yml",
);

function answerProblems(given: Record<string, string | number | boolean>): string[] {
  try {
    resolveTemplateAnswers(manifest, given);
  } catch (error) {
    return [...(error as KitError).details];
  }
  throw new Error("expected answers to be rejected");
}

describe("template manifests and answers", () => {
  it("fills defaults and coerces strings from a CLI or workflow input", () => {
    expect(resolveTemplateAnswers(manifest, {})).toEqual({
      schedule: "0 6 * * *",
      workers: 1,
      paused: true,
      size: "small",
    });
    expect(resolveTemplateAnswers(manifest, { workers: "4", paused: "false", size: "large" })).toMatchObject({
      workers: 4,
      paused: false,
      size: "large",
    });
  });

  it("refuses unknown variables, wrong types, ranges, enums and patterns, all at once", () => {
    expect(
      answerProblems({ wrkers: 2, workers: "many", paused: "yes", size: "huge", schedule: "@daily" }),
    ).toEqual([
      expect.stringContaining('unknown variable "wrkers"'),
      expect.stringContaining('schedule (cron) "@daily" must match'),
      expect.stringContaining("workers (workers) must be an integer"),
      expect.stringContaining("paused (paused) must be a boolean"),
      expect.stringContaining("size (size) must be one of: small, large"),
    ]);
    expect(answerProblems({ workers: 9 })).toEqual([expect.stringContaining("must be at most 8")]);
  });

  it("refuses template syntax and control characters in answers whatever the pattern says", () => {
    const loose = parseTemplateManifest(
      "name: x\ndescription: x\nkind: batch\nvariables:\n  - { name: v, description: v, type: string, default: a }\n",
      "t.yml",
    );
    expect(() => resolveTemplateAnswers(loose, { v: "{{constructor}}" })).toThrow(
      /template or expression syntax/,
    );
    expect(() => resolveTemplateAnswers(loose, { v: "${{ secrets.X }}" })).toThrow(
      /template or expression syntax/,
    );
    expect(() => resolveTemplateAnswers(loose, { v: "a\nb" })).toThrow(
      /line feed \(newline\) \(U\+000A\) at position 2/,
    );
    expect(() => resolveTemplateAnswers(loose, { v: "a\u3164" })).toThrow(/invisible character U\+3164/);
  });

  it("rejects a manifest whose default breaks its own rules", () => {
    expect(() =>
      parseTemplateManifest(
        "name: x\ndescription: x\nkind: batch\nvariables:\n  - { name: n, description: n, type: integer, default: 5, maximum: 2 }\n",
        "t.yml",
      ),
    ).toThrow(/default of n must be at most 2/);
  });

  it("rejects a malformed manifest with the key at fault", () => {
    expect(() => parseTemplateManifest("name: x\nkind: cron\n", "t.yml")).toThrow(KitError);
  });
});
