import { describe, expect, it } from "vitest";
import { checkActor, checkRunnerUrl, urlCredentials, withoutCredentials } from "./runner-environment";

describe("runner URLs", () => {
  it.each([
    ["https://github.com", "https://github.com"],
    ["https://ghes.example.com/api/v3/", "https://ghes.example.com/api/v3"],
    ["http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["http://localhost:8080/", "http://localhost:8080"],
  ])("accepts %s", (value, expected) => {
    expect(checkRunnerUrl("GITHUB_SERVER_URL", value)).toBe(expected);
  });

  it.each([
    ["https://user:hunter2-pass@github.com", /carries credentials/],
    ["https://ghp_tokenvalue123@github.com", /carries credentials/],
    ["http://github.com", /must use https/],
    ["ftp://github.com", /must use https/],
    ["javascript:alert(1)", /must use https/],
    ["github.com", /is not a URL/],
    ["https://github.com/?x=1", /query or fragment/],
    ["https://github.com/#x", /query or fragment/],
    ["https://git\nhub.com", /spaces or control/],
    ["https://github.com\u2028", /spaces or control/],
    ["https://github.com /x", /spaces or control/],
  ])("refuses %j, never printing its credentials", (value, message) => {
    let thrown: Error | undefined;
    try {
      checkRunnerUrl("GITHUB_SERVER_URL", value);
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).toMatch(message);
    for (const secret of urlCredentials(value)) expect(thrown?.message).not.toContain(secret);
  });

  it("finds and hides the user-info of anything URL-like", () => {
    expect(urlCredentials("https://u:p4ss@h/x")).toEqual(["p4ss", "u:p4ss"]);
    expect(urlCredentials("https://tok@h")).toEqual(["tok"]);
    expect(urlCredentials("https://h/x@y")).toEqual([]);
    expect(withoutCredentials("https://u:p@h/x")).toBe("https://***@h/x");
  });
});

describe("runner actors", () => {
  it.each(["bob", "a-b-c", "dependabot[bot]", "x".repeat(39), ""])("accepts %j", (login) => {
    expect(() => checkActor("GITHUB_ACTOR", login)).not.toThrow();
  });
  it.each(["-bob", "bob-", "a--b", "bob\n::error::x", "bob smith", "x".repeat(40), "bob\u202e"])(
    "refuses %j",
    (login) => {
      expect(() => checkActor("GITHUB_ACTOR", login)).toThrow(/is not a GitHub login/);
    },
  );
});
