import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { permissionTablePath } from "../simulator/permission-check";
import { demoSeedPath, loadSeedFile } from "../simulator/sim-seed";
import {
  appManifest,
  appPermissionUnion,
  describePermission,
  gitMissingPermission,
  gitPermissionHint,
  jobPermissionsAll,
  KIT_APP_JOBS,
  missingPermissionHint,
  parseAcceptedPermissions,
} from "./app-permissions";

describe("the kit's App permission table", () => {
  it("names only permissions GitHub's table knows, each with a reason", () => {
    const known = Object.keys(JSON.parse(readFileSync(permissionTablePath(), "utf8")));
    for (const job of KIT_APP_JOBS) {
      for (const name of Object.keys(jobPermissionsAll(job))) {
        expect(known).toContain(name);
        expect(job.why[name], `${job.job}: why ${name}`).toBeTruthy();
      }
    }
  });

  it("the manifest and the demo simulator's App ask for exactly the union", () => {
    const union = appPermissionUnion();
    expect(appManifest().default_permissions).toEqual({ metadata: "read", ...union });
    const demoApp = loadSeedFile(demoSeedPath()).apps?.find((a) => a.slug === "mlops-kit");
    expect(demoApp?.permissions).toEqual(union);
  });

  it("enforce's org-ruleset permissions are conditional, so the default config does not hold them", () => {
    const enforce = KIT_APP_JOBS.find((j) => j.job === "enforce")!;
    expect(enforce.permissions).not.toHaveProperty("organization_administration");
    expect(jobPermissionsAll(enforce)).toMatchObject({ organization_administration: "write" });
  });
});

describe("naming a missing permission", () => {
  it("parses x-accepted-github-permissions into alternative sets of needs (access read when unsaid)", () => {
    expect(parseAcceptedPermissions(" contents=write , workflows=write ;; metadata ;")).toEqual([
      [
        { permission: "contents", access: "write" },
        { permission: "workflows", access: "write" },
      ],
      [{ permission: "metadata", access: "read" }],
    ]);
  });

  it("turns x-accepted-github-permissions into the App settings' words", () => {
    const error = {
      status: 403,
      response: {
        headers: {
          "x-accepted-github-permissions": "environments=write,secrets=write; administration=write",
        },
      },
    };
    const hint = missingPermissionHint(error)!;
    expect(hint).toContain(
      "Repository Environments: Read and write and Repository Secrets: Read and write, or Repository Administration: Read and write",
    );
    expect(missingPermissionHint({ status: 403, response: { headers: {} } })).toBeUndefined();
    expect(
      missingPermissionHint({ status: 404, response: { headers: error.response.headers } }),
    ).toBeUndefined();
  });

  it("names Workflows and Contents for git's refusals", () => {
    expect(
      gitPermissionHint(
        "refusing to allow a GitHub App to create or update workflow `x` without `workflows` permission",
      ),
    ).toContain(describePermission("workflows", "write"));
    expect(gitPermissionHint("remote: Permission to acme/x.git denied to mlops-kit[bot].")).toContain(
      "Contents",
    );
    expect(gitPermissionHint("fatal: unable to access")).toBeUndefined();
  });

  it("tells a refusal for a missing permission from other refusals (rules, protection)", () => {
    expect(gitMissingPermission("remote: error: refusing … without `workflows` permission")).toBe(
      "workflows",
    );
    expect(gitMissingPermission("remote: Permission to acme/x.git denied to mlops-kit[bot].")).toBe(
      "contents",
    );
    expect(gitMissingPermission("remote: error: GH013: Repository rule violations found")).toBeUndefined();
    expect(gitMissingPermission("remote: error: GH006: Protected branch update failed")).toBeUndefined();
  });
});
