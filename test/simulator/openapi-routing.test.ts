/** Routing and request validation from GitHub's OpenAPI description (no server needed). */
import { describe, expect, it } from "vitest";
import { routeMatcher, validateRequestBody } from "../../src/simulator/index";
import { globMatches } from "../../src/simulator/ruleset-matcher";

describe("route matcher", () => {
  const match = (method: string, path: string) => {
    const found = routeMatcher().match(method, path);
    return found && { id: found.operation.operationId, params: found.params };
  };

  it("prefers literal segments over parameters and decodes parameters", () => {
    expect(match("GET", "/orgs/acme/repos")).toEqual({ id: "repos/list-for-org", params: { org: "acme" } });
    expect(match("GET", "/repos/acme/x/branches/feature%2Fa")).toEqual({
      id: "repos/get-branch",
      params: { owner: "acme", repo: "x", branch: "feature/a" },
    });
    expect(match("GET", "/repos/acme/x/actions/secrets/public-key")?.id).toBe("actions/get-repo-public-key");
    expect(match("GET", "/repos/acme/x/actions/secrets/MY_SECRET")?.id).toBe("actions/get-repo-secret");
  });

  it("lets a trailing file path span slashes, and an omitted one mean the root", () => {
    expect(match("GET", "/repos/acme/x/contents/src/pkg/a.py")?.params.path).toBe("src/pkg/a.py");
    expect(match("GET", "/repos/acme/x/contents")?.params.path).toBe("");
    expect(match("GET", "/repos/acme/x/contents/")?.params.path).toBe("");
  });

  it("knows no route GitHub does not have, nor a method a route lacks", () => {
    expect(match("GET", "/no/such/route")).toBeUndefined();
    expect(match("POST", "/user/../orgs/acme")).toBeUndefined();
    expect(match("PATCH", "/rate_limit")).toBeUndefined();
  });
});

describe("request validation", () => {
  const operation = (id: string) => routeMatcher().byOperationId(id)!;

  it("names missing fields and impossible values as GitHub does", () => {
    expect(validateRequestBody(operation("repos/create-in-org"), {})).toEqual([`"name" wasn't supplied.`]);
    expect(
      validateRequestBody(operation("repos/create-in-org"), { name: "x", visibility: "secret" })[0],
    ).toMatch(/^For 'properties\/visibility', "secret" is not a possible value/);
    expect(validateRequestBody(operation("repos/create-in-org"), { name: "x", private: true })).toEqual([]);
  });

  it("validates nested $refs and oneOf rule lists", () => {
    const ruleset = operation("repos/create-repo-ruleset");
    expect(
      validateRequestBody(ruleset, { name: "r", enforcement: "active", rules: [{ type: "deletion" }] }),
    ).toEqual([]);
    expect(
      validateRequestBody(ruleset, { name: "r", enforcement: "active", rules: [{ type: "nope" }] }).join(),
    ).toMatch(/oneOf/);
  });
});

describe("glob matching (rulesets, fault paths)", () => {
  it("keeps * within a segment and lets ** cross them", () => {
    expect(globMatches("refs/heads/release/*", "refs/heads/release/1.0")).toBe(true);
    expect(globMatches("refs/heads/release/*", "refs/heads/release/1.0/x")).toBe(false);
    expect(globMatches("refs/heads/**", "refs/heads/a/b")).toBe(true);
    expect(globMatches("acme-*", "acme-forecast")).toBe(true);
  });
});
