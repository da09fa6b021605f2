import { describe, expect, it } from "vitest";
import { textFile } from "./file-tree";
import type { UpdatePlan } from "./update-planner";
import { upgradeBody, upgradeTitle } from "./upgrade-pr-body";
import {
  decideUpgrade,
  type RepoUpgradeFacts,
  upgradeBranch,
  versionOfUpgradeBranch,
} from "./upgrade-pr-planner";

const behind: RepoUpgradeFacts = { archived: false, recordedVersion: "0.1.0", pulls: [] };
const branch = "mlops-kit/upgrade-v0.3.0";

describe("decideUpgrade", () => {
  it("names one branch per target version", () => {
    expect(upgradeBranch("0.3.0")).toBe(branch);
    expect(versionOfUpgradeBranch(branch)).toBe("0.3.0");
    expect(versionOfUpgradeBranch("feature/x")).toBeUndefined();
  });

  it("skips archived repos, repos without answers and repos at or past the target", () => {
    expect(decideUpgrade({ ...behind, archived: true }, "0.3.0").action).toBe("archived");
    expect(decideUpgrade({ ...behind, recordedVersion: undefined }, "0.3.0").action).toBe("not-a-kit-repo");
    expect(decideUpgrade({ ...behind, recordedVersion: "0.3.0" }, "0.3.0").action).toBe("current");
    expect(decideUpgrade({ ...behind, recordedVersion: "0.4.0" }, "0.3.0").action).toBe("current");
  });

  it("opens a pull request, closing the kit's open ones for older versions", () => {
    const pulls = [
      { number: 4, headBranch: "mlops-kit/upgrade-v0.2.0", state: "open" as const, merged: false },
      { number: 2, headBranch: "mlops-kit/upgrade-v0.1.5", state: "closed" as const, merged: false },
      { number: 9, headBranch: "feature/owners", state: "open" as const, merged: false },
    ];
    expect(decideUpgrade({ ...behind, pulls }, "0.3.0")).toEqual({
      action: "open",
      branch,
      regenerate: true,
      supersede: [4],
    });
  });

  it("refreshes its own open pull request while only the kit committed to the branch", () => {
    const pulls = [{ number: 7, headBranch: branch, state: "open" as const, merged: false }];
    expect(decideUpgrade({ ...behind, pulls, branch: { onlyKitCommits: true } }, "0.3.0")).toMatchObject({
      action: "refresh",
      pull: 7,
    });
  });

  it("leaves a branch a person pushed to alone, and never reopens a pull request closed unmerged", () => {
    const open = [{ number: 7, headBranch: branch, state: "open" as const, merged: false }];
    expect(
      decideUpgrade({ ...behind, pulls: open, branch: { onlyKitCommits: false } }, "0.3.0"),
    ).toMatchObject({
      action: "leave-alone",
      pull: 7,
    });
    const closed = [{ number: 8, headBranch: branch, state: "closed" as const, merged: false }];
    expect(decideUpgrade({ ...behind, pulls: closed }, "0.3.0")).toMatchObject({
      action: "leave-alone",
      pull: 8,
      reason: expect.stringContaining("closed #8 unmerged"),
    });
  });
});

describe("upgrade pull request body", () => {
  const plan: UpdatePlan = {
    versions: { from: "0.1.0", to: "0.3.0" },
    changes: [
      { kind: "write", path: "README.md", content: textFile("x").content, mode: 0o644, reason: "merged" },
      {
        kind: "write",
        path: "pyproject.toml",
        content: textFile("x").content,
        mode: 0o644,
        reason: "conflict",
      },
      { kind: "delete", path: "src/a/data.py", reason: "renamed" },
      {
        kind: "write",
        path: "src/a/dataset.py",
        content: textFile("x").content,
        mode: 0o644,
        reason: "renamed",
      },
      { kind: "delete", path: "old|file.py", reason: "removed" },
    ],
    conflicts: [
      { path: "pyproject.toml", kind: "content", regions: 1, detail: "1 region(s) changed by you <b>" },
    ],
    notes: [{ path: "x.py", message: "kept x.py because you changed it" }],
    renames: [{ from: "src/a/data.py", to: "src/a/dataset.py" }],
  };

  it("lists the changelog, every file changed, conflicts with what to do, and a marker", () => {
    const body = upgradeBody({
      plan,
      changelog: [
        { version: "0.3.0", notes: "- Retries." },
        { version: "0.2.0", notes: "- Upgrades." },
      ],
      releasesUrl: "https://github.com/acme/mlops-kit/releases",
    });
    expect(upgradeTitle(plan)).toBe("Upgrade mlops-kit to v0.3.0 (conflicts to resolve)");
    expect(body).toContain("### ⚠️ 1 conflict(s) to resolve before merging");
    expect(body).toContain("- `pyproject.toml`: 1 region\\(s\\) changed by you \\<b\\>");
    expect(body.indexOf("#### v0.3.0")).toBeLessThan(body.indexOf("#### v0.2.0"));
    expect(body).toContain("| `src/a/dataset.py` | moved from `src/a/data.py` |");
    expect(body).not.toContain("| `src/a/data.py`");
    expect(body).toContain("| `old\\|file.py` | removed (the kit no longer ships it) |");
    expect(body).toContain("### Files changed (4)");
    expect(body.trimEnd().endsWith('<!-- mlops-kit-upgrade {"from":"0.1.0","to":"0.3.0"} -->')).toBe(true);
  });
});
