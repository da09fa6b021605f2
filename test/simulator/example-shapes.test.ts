/** The example comparator itself: it must catch what it claims to catch, on GitHub's own examples. */
import { describe, expect, it } from "vitest";
import { routeMatcher } from "../../src/simulator/openapi-description";
import { compareErrorBody, compareWithExamples, examplesFor } from "./example-shapes";

const getOrg = routeMatcher().byOperationId("orgs/get")!;
const createRepo = routeMatcher().byOperationId("repos/create-in-org")!;
const example = examplesFor(getOrg, 200)[0] as Record<string, unknown>;

describe("compareWithExamples", () => {
  it("accepts GitHub's own example", () => {
    expect(compareWithExamples(getOrg, 200, example)).toEqual([]);
  });

  it("names a missing key, an undocumented key and a wrong type", () => {
    const { billing_email: _dropped, ...rest } = example;
    expect(compareWithExamples(getOrg, 200, { ...rest, mood: "happy", public_repos: "2" }).sort()).toEqual([
      "billing_email: missing (GitHub's example has it)",
      "mood: not a documented key",
      "public_repos: is string, GitHub's example has number",
    ]);
  });

  it("lets a caller lack keys it names conditional, and compares nested objects", () => {
    const { billing_email: _dropped, ...rest } = example;
    expect(compareWithExamples(getOrg, 200, rest, { conditional: new Set(["billing_email"]) })).toEqual([]);
    const plan = { ...(example.plan as object), seats: true };
    expect(compareWithExamples(getOrg, 200, { ...example, plan })).toEqual([
      "plan.seats: is boolean, GitHub's example has number",
    ]);
  });
});

describe("compareErrorBody", () => {
  const docs = "https://docs.github.com/rest";

  it("accepts GitHub's error format, with and without status", () => {
    expect(
      compareErrorBody(getOrg, 404, { message: "Not Found", documentation_url: docs, status: "404" }),
    ).toEqual([]);
    expect(compareErrorBody(getOrg, 404, { message: "Not Found", documentation_url: docs })).toEqual([]);
  });

  it("refuses a body without documentation_url, with a wrong status or a foreign key", () => {
    expect(compareErrorBody(getOrg, 404, { message: "Not Found", status: "403", error: "x" })).toEqual([
      "documentation_url: missing or not a string",
      'status: "403", not "404"',
      "error: not a GitHub error key",
    ]);
  });

  it("wants errors[] with codes for Validation Failed", () => {
    const failed = { message: "Validation Failed", documentation_url: docs, status: "422" };
    expect(compareErrorBody(createRepo, 422, failed)).toEqual(["errors: missing or empty"]);
    expect(
      compareErrorBody(createRepo, 422, { ...failed, errors: [{ resource: "Repository", field: "name" }] }),
    ).toEqual(["errors[0]: not an object with a code"]);
    expect(
      compareErrorBody(createRepo, 422, {
        ...failed,
        errors: [{ resource: "Repository", code: "custom", field: "name", message: "name already exists" }],
      }),
    ).toEqual([]);
  });
});
