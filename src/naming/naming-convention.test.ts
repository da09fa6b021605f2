import { describe, expect, it } from "vitest";
import type { NamingConvention } from "../config/kit-config";
import { checkProjectName, formatNameCheck, suggestName } from "./naming-convention";

const convention: NamingConvention = {
  separator: "-",
  minLength: 8,
  maxLength: 50,
  example: "acme-forecast-demand",
  parts: [
    { name: "brand", description: "brand", allowed: ["acme", "globex", "initech"] },
    {
      name: "domain",
      description: "business domain",
      allowed: ["forecast", "pricing", "churn", "vision", "nlp", "ops"],
    },
    { name: "useCase", description: "use case", pattern: "[a-z][a-z0-9]{1,19}(-[a-z][a-z0-9]{1,19})?" },
  ],
  reserved: ["test", "tmp", "admin", "prod"],
};

function rejected(name: string) {
  const result = checkProjectName(name, convention);
  if (result.ok) throw new Error(`expected ${JSON.stringify(name)} to be rejected`);
  return result;
}

describe("checkProjectName: valid names", () => {
  it.each([
    ["acme-forecast-demand", { brand: "acme", domain: "forecast", useCase: "demand" }],
    ["globex-pricing-elasticity", { brand: "globex", domain: "pricing", useCase: "elasticity" }],
    ["initech-churn-daily-score", { brand: "initech", domain: "churn", useCase: "daily-score" }],
    ["acme-nlp-ner2", { brand: "acme", domain: "nlp", useCase: "ner2" }],
  ])("accepts %s and splits it into its parts", (name, parts) => {
    expect(checkProjectName(name, convention)).toEqual({ ok: true, name, parts });
  });
});

// Each entry: a hostile or invalid name, and a fragment the message must contain (proving *why*).
const hostileNames: [string, string][] = [
  ["", "empty"],
  ["../../etc/passwd", '"."'],
  ["acme-forecast-../../x", '"."'],
  ["acme/forecast/demand", '"/"'],
  ["acme-forecast-demand/../../evil", '"/"'],
  ["..", '"."'],
  [".acme-forecast-demand", '"."'],
  ["-acme-forecast-demand", "must not start or end"],
  ["acme-forecast-demand-", "must not start or end"],
  ["acme--forecast-demand", "empty part"],
  ["acme-forecast-demand; rm -rf /", '";"'],
  ["acme-forecast-$(id)", '"$"'],
  ["acme-forecast-`whoami`", '"`"'],
  ["acme-forecast-demand|cat", '"|"'],
  ["acme-forecast-demand&&reboot", '"&"'],
  ["acme-forecast-demand>out", '">"'],
  ["acme-forecast-${{ secrets.TOKEN }}", "expression syntax"],
  ["${{github.token}}", "expression syntax"],
  ["acme-forecast-{{constructor}}", '"{"'],
  ["acme-forecast-demand\n", "line feed"],
  ["acme-forecast-de\rmand", "carriage return"],
  ["acme-forecast-demand\u0000", "NUL"],
  ["acme-forecast-\tdemand", "tab"],
  ["acme-forecast-demand\u001b[31m", "escape"],
  ["acme forecast demand", "space"],
  ["acme-forecast-demand\u200b", "zero-width space"],
  ["acme-forecast-\u202ednamed", "right-to-left override"],
  ["\ufeffacme-forecast-demand", "byte order mark"],
  ["\u0430cme-forecast-demand", 'looks like "a"'],
  ["acme-f\u043erecast-demand", 'looks like "o"'],
  ["acme-forecast-d\u0435mand", 'looks like "e"'],
  ["acme\u2013forecast\u2013demand", "en dash"],
  ["acme-forecast-d\u00e9mand", "U+00E9"],
  ["\uff41cme-forecast-demand", "U+FF41"],
  ["ACME-forecast-demand", "lower-case"],
  ["Acme-Forecast-Demand", "lower-case"],
  ["acme-forecast-" + "x".repeat(60), "at most 50"],
  ["a".repeat(101), "at most 50"],
  ["acme", "missing parts domain, useCase"],
  ["acme-forecast", "missing part useCase"],
  ["acmee-forecast-demand", 'did you mean "acme"'],
  ["acme-forcast-demand", 'did you mean "forecast"'],
  ["contoso-forecast-demand", "is not allowed"],
  ["acme-forecast-1demand", "must match"],
  ["acme-forecast-d", "must match"],
  ["acme-forecast-admin", "reserved"],
  ["acme-forecast-test", "reserved"],
  ["acme-forecast-demand-test", '"test" (in useCase "demand-test") is a reserved'],
  ["acme-forecast-prod-uplift", '"prod" (in useCase "prod-uplift") is a reserved'],
  ["admin", "missing part"],
  ["acme-forecast-demand.git", '"."'],
  ["acme_forecast_demand", '"_"'],
  ["acme-forecast-demand%00", '"%"'],
  ["acme-forecast-demand'", `"'"`],
  ['acme-forecast-demand"', '"\\""'],
  ["acme-forecast-demand\\", '"\\\\"'],
  ["acme-forecast-*", '"*"'],
  ["acme-forecast-demand?x=1", '"?"'],
  ["acme-forecast-demand#x", '"#"'],
  ["acme-forecast-demand@main", '"@"'],
  ["acme-forecast-demand:", '":"'],
  ["acme-forecast-~root", '"~"'],
];

describe("checkProjectName: hostile and invalid names", () => {
  it("covers at least 40 cases", () => {
    expect(hostileNames.length).toBeGreaterThanOrEqual(40);
  });

  it.each(hostileNames)("rejects %j and says why", (name, why) => {
    const result = rejected(name);
    const message = formatNameCheck(result, convention);
    expect(message).toContain(why);
    // The message never echoes raw control characters back into a log.
    expect(message.split("\n")[0]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e\u200b]/);
  });

  it("names the failing part", () => {
    const result = rejected("acme-forcast-demand");
    expect(result.problems).toEqual([expect.objectContaining({ part: "domain" })]);
  });
});

describe("suggestions", () => {
  it.each([
    ["ACME-Forecast-Demand", "acme-forecast-demand"],
    ["acmee-forecast-demand", "acme-forecast-demand"],
    ["acme-forcast-demand", "acme-forecast-demand"],
    ["acme_forecast_demand", "acme-forecast-demand"],
    ["acme forecast demand", "acme-forecast-demand"],
    ["\u0430cme-forecast-demand", "acme-forecast-demand"],
    ["acme\u2013forecast\u2013demand", "acme-forecast-demand"],
    ["acme-forecast-d\u00e9mand", "acme-forecast-demand"],
    [" acme-forecast-demand\n", "acme-forecast-demand"],
  ])("suggests a valid name for %j", (name, suggestion) => {
    expect(rejected(name).suggestion).toBe(suggestion);
    expect(checkProjectName(suggestion, convention).ok).toBe(true);
  });

  it.each(["../../etc/passwd", "acme-forecast-admin", "contoso-zzz-demand", "${{ secrets.X }}", ""])(
    "offers no suggestion when no valid name is close to %j",
    (name) => {
      expect(rejected(name).suggestion).toBeUndefined();
    },
  );

  it("only ever suggests names that pass the convention", () => {
    for (const [name] of hostileNames) {
      const suggestion = suggestName(name, convention);
      if (suggestion) expect(checkProjectName(suggestion, convention).ok).toBe(true);
    }
  });

  it("shows the convention's example when nothing close exists", () => {
    const message = formatNameCheck(rejected("zzz"), convention);
    expect(message).toContain('Example of a valid name: "acme-forecast-demand"');
  });
});

describe("other conventions", () => {
  it("supports a different separator and pattern-only parts", () => {
    const underscore: NamingConvention = {
      separator: "_",
      minLength: 3,
      maxLength: 30,
      parts: [
        { name: "team", pattern: "[a-z]+" },
        { name: "model", pattern: "[a-z0-9]+" },
      ],
      reserved: [],
    };
    expect(checkProjectName("risk_pd2", underscore)).toMatchObject({
      ok: true,
      parts: { team: "risk", model: "pd2" },
    });
    expect(checkProjectName("risk-pd2", underscore).ok).toBe(false);
  });

  it("refuses Windows device names that a clone could not create", () => {
    const single: NamingConvention = {
      separator: "-",
      minLength: 1,
      maxLength: 20,
      parts: [{ name: "x", pattern: "[a-z0-9]+" }],
      reserved: [],
    };
    expect(checkProjectName("con", single)).toMatchObject({ ok: false });
    expect(checkProjectName("lpt1", single)).toMatchObject({ ok: false });
    expect(checkProjectName("console", single).ok).toBe(true);
  });
});
