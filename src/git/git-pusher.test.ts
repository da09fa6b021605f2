import { describe, expect, it } from "vitest";
import { gitPushEnvironment } from "./git-pusher";

describe("the push's environment", () => {
  const runner = {
    PATH: "/usr/bin",
    LANG: "C.UTF-8",
    HTTPS_PROXY: "http://proxy:3128",
    HOME: "/home/runner",
    MLOPS_PROD_DATABRICKS_CLIENT_SECRET: "s3cret",
    GITHUB_TOKEN: "ghs_x",
    GIT_DIR: "/elsewhere",
    GIT_SSH_COMMAND: "evil",
    EDITOR: "vim",
    PAGER: "less",
  };

  it("keeps only the program path, locale and proxy settings of the runner", () => {
    const env = gitPushEnvironment("tok", "/tmp/push-home", runner);
    expect(env).toMatchObject({ PATH: "/usr/bin", LANG: "C.UTF-8", HTTPS_PROXY: "http://proxy:3128" });
    for (const key of [
      "MLOPS_PROD_DATABRICKS_CLIENT_SECRET",
      "GITHUB_TOKEN",
      "GIT_DIR",
      "GIT_SSH_COMMAND",
      "EDITOR",
      "PAGER",
    ])
      expect(env).not.toHaveProperty(key);
    expect(Object.values(env).join("\n")).not.toContain("s3cret");
  });

  it("gives git a home of its own, so no user config (credential helpers, insteadOf) applies", () => {
    const env = gitPushEnvironment("tok", "/tmp/push-home", runner);
    expect(env.HOME).toBe("/tmp/push-home");
    expect(env.XDG_CONFIG_HOME).toBe("/tmp/push-home");
    expect(env.GIT_CONFIG_NOSYSTEM).toBe("1");
  });

  it("carries the token only as an http.extraheader, base64 as GitHub expects", () => {
    const env = gitPushEnvironment("tok", "/tmp/push-home", runner);
    expect(env.GIT_CONFIG_KEY_0).toBe("http.extraheader");
    expect(env.GIT_CONFIG_VALUE_0).toBe(
      `AUTHORIZATION: basic ${Buffer.from("x-access-token:tok").toString("base64")}`,
    );
    expect(
      Object.entries(env).filter(([, v]) => v.includes("tok") && !v.startsWith("AUTHORIZATION")),
    ).toEqual([]);
  });
});
