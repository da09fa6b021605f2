import { describe, expect, it } from "vitest";
import { type FileTree, type TreeFile, textFile, textOf } from "./file-tree";
import { type FileChange, mergeTrees, type TreeMergeInput } from "./tree-merge";

const labels = { ours: "ours", theirs: "template v0.2.0" };
const lines = (...ls: string[]) => ls.map((l) => `${l}\n`).join("");
const tree = (files: Record<string, string | TreeFile>): FileTree =>
  new Map(Object.entries(files).map(([p, f]) => [p, typeof f === "string" ? textFile(f) : f]));

function merge(base: FileTree, theirs: FileTree, ours: FileTree, extra: Partial<TreeMergeInput> = {}) {
  return mergeTrees({ base, theirs, ours, labels, ...extra });
}

/** The working tree after applying the plan (what a reviewer sees). */
function apply(ours: FileTree, changes: FileChange[]): Record<string, string> {
  const out = new Map(ours);
  for (const change of changes) {
    if (change.kind === "delete") out.delete(change.path);
    else out.set(change.path, { content: change.content, mode: change.mode });
  }
  return Object.fromEntries([...out].map(([p, f]) => [p, textOf(f) ?? "<binary>"]));
}

const readme = lines("# demo", "intro", "", "usage", "more", "end");

describe("mergeTrees: the update scenarios", () => {
  it("keeps a user edit and a template edit in different hunks of one file", () => {
    const base = tree({ "README.md": readme });
    const theirs = tree({ "README.md": readme.replace("end", "end (v2)") });
    const ours = tree({ "README.md": readme.replace("intro", "our intro") });
    const result = merge(base, theirs, ours);
    expect(result.conflicts).toEqual([]);
    expect(apply(ours, result.changes)["README.md"]).toBe(
      readme.replace("intro", "our intro").replace("end", "end (v2)"),
    );
    expect(result.changes.map((c) => [c.path, c.kind, c.kind === "write" && c.reason])).toEqual([
      ["README.md", "write", "merged"],
    ]);
  });

  it("writes conflict markers where both changed the same lines, and lists the file", () => {
    const base = tree({ "pyproject.toml": lines("[project]", 'version = "0.1.0"', "x") });
    const theirs = tree({ "pyproject.toml": lines("[project]", 'version = "0.2.0"', "x") });
    const ours = tree({ "pyproject.toml": lines("[project]", 'version = "1.0.0"', "x") });
    const result = merge(base, theirs, ours);
    expect(result.conflicts).toEqual([
      expect.objectContaining({ path: "pyproject.toml", kind: "content", regions: 1 }),
    ]);
    expect(apply(ours, result.changes)["pyproject.toml"]).toBe(
      lines(
        "[project]",
        "<<<<<<< ours",
        'version = "1.0.0"',
        "=======",
        'version = "0.2.0"',
        ">>>>>>> template v0.2.0",
        "x",
      ),
    );
  });

  it("adds a file the template added", () => {
    const result = merge(tree({}), tree({ "monitor.py": "print(1)\n" }), tree({ "mine.py": "x\n" }));
    expect(apply(tree({ "mine.py": "x\n" }), result.changes)).toEqual({
      "mine.py": "x\n",
      "monitor.py": "print(1)\n",
    });
  });

  it("merges a file both the template and the user added as a conflict when they differ", () => {
    const result = merge(tree({}), tree({ Makefile: "a\n" }), tree({ Makefile: "b\n" }));
    expect(result.conflicts[0]).toMatchObject({ path: "Makefile", kind: "both-added" });
    expect(merge(tree({}), tree({ Makefile: "a\n" }), tree({ Makefile: "a\n" })).changes).toEqual([]);
  });

  it("removes a file the template deleted, or keeps it with a note when the user changed it", () => {
    const base = tree({ "old.py": "old\n", "edited.py": "old\n" });
    const ours = tree({ "old.py": "old\n", "edited.py": "old\nmine\n" });
    const result = merge(base, tree({}), ours);
    expect(result.changes).toEqual([{ kind: "delete", path: "old.py", reason: "removed" }]);
    expect(result.notes).toEqual([
      { path: "edited.py", message: expect.stringContaining("kept because you changed it") },
    ]);
    expect(result.conflicts).toEqual([]);
  });

  it("leaves a file the user deleted deleted, even when the template changed it", () => {
    const result = merge(tree({ "notebook.py": "a\n" }), tree({ "notebook.py": "b\n" }), tree({}));
    expect(result.changes).toEqual([]);
    expect(result.notes[0]?.message).toContain("stays deleted");
  });

  it("follows a file the template renamed, with and without user edits", () => {
    const body = lines("def main():", "    load()", "    train()", "    save()", "    report()");
    const base = tree({ "src/a.py": body, "src/b.py": body.replace("main", "other") });
    const theirs = tree({
      "src/pkg/a.py": body.replace("report()", "report(v2)"),
      "src/pkg/b.py": body.replace("main", "other"),
    });
    const ours = tree({
      "src/a.py": body.replace("load()", "load(mine)"),
      "src/b.py": body.replace("main", "other"),
    });
    const result = merge(base, theirs, ours);
    expect(result.renames).toEqual([
      { from: "src/a.py", to: "src/pkg/a.py" },
      { from: "src/b.py", to: "src/pkg/b.py" },
    ]);
    expect(result.conflicts).toEqual([]);
    expect(apply(ours, result.changes)).toEqual({
      "src/pkg/a.py": body.replace("load()", "load(mine)").replace("report()", "report(v2)"),
      "src/pkg/b.py": body.replace("main", "other"),
    });
  });

  it("follows an answers-derived path by its template source even when the content changed entirely", () => {
    const source = "src/{{project.packageName}}/main.py";
    const base = tree({ "src/old_name/main.py": textFile("print('a')\n", 0o644, source) });
    const theirs = tree({ "src/new_name/main.py": textFile("import x\nrun()\n", 0o644, source) });
    const ours = tree({ "src/old_name/main.py": "print('a')\n" });
    const result = merge(base, theirs, ours);
    expect(result.renames).toEqual([{ from: "src/old_name/main.py", to: "src/new_name/main.py" }]);
    expect(apply(ours, result.changes)).toEqual({ "src/new_name/main.py": "import x\nrun()\n" });
  });

  it("does not move a renamed file the user deleted, and does not overwrite a file at the new path", () => {
    const body = lines("1", "2", "3", "4");
    expect(merge(tree({ "a.txt": body }), tree({ "b.txt": body }), tree({})).changes).toEqual([]);
    const clash = merge(
      tree({ "a.txt": body }),
      tree({ "b.txt": body }),
      tree({ "a.txt": body, "b.txt": "mine\n" }),
    );
    expect(clash.changes).toEqual([]);
    expect(clash.conflicts[0]).toMatchObject({ path: "b.txt", kind: "rename-target-exists" });
  });

  it("never text-merges a binary file: template change applied when untouched, conflict when both changed", () => {
    const png = (n: number): TreeFile => ({ content: new Uint8Array([0x89, 0x50, 0, n]), mode: 0o644 });
    const base = tree({ "logo.png": png(1), "icon.png": png(1) });
    const theirs = tree({ "logo.png": png(2), "icon.png": png(2) });
    const ours = tree({ "logo.png": png(1), "icon.png": png(3) });
    const result = merge(base, theirs, ours);
    expect(result.changes).toEqual([
      { kind: "write", path: "logo.png", content: png(2).content, mode: 0o644, reason: "updated" },
    ]);
    expect(result.conflicts).toEqual([
      expect.objectContaining({ path: "icon.png", kind: "binary", regions: 0 }),
    ]);
  });

  it("merges the executable bit on its own", () => {
    const base = tree({ "run.sh": textFile("echo a\n", 0o644), "keep.sh": textFile("x\n", 0o755) });
    const theirs = tree({ "run.sh": textFile("echo a\n", 0o755), "keep.sh": textFile("y\n", 0o755) });
    const ours = tree({ "run.sh": textFile("echo a\n", 0o644), "keep.sh": textFile("x\n", 0o644) });
    const result = merge(base, theirs, ours);
    expect(result.changes).toEqual([
      expect.objectContaining({ path: "keep.sh", mode: 0o644, reason: "updated" }),
      expect.objectContaining({ path: "run.sh", mode: 0o755, reason: "mode" }),
    ]);
  });

  it("writes the kit-owned answers file from the new render whatever the repo has", () => {
    const answers = ".mlops-kit/answers.yml";
    const result = merge(
      tree({ [answers]: "kitVersion: 0.1.0\n" }),
      tree({ [answers]: 'kitVersion: "0.2.0"\n' }),
      tree({ [answers]: "# mine\nkitVersion: 0.1.0\n" }),
      { kitOwned: [answers] },
    );
    expect(result.conflicts).toEqual([]);
    expect(apply(tree({}), result.changes)[answers]).toBe('kitVersion: "0.2.0"\n');
  });

  it("changes nothing when the repo already matches the new render", () => {
    const files = { "a.txt": "1\n", "b.txt": "2\n" };
    expect(merge(tree({ "a.txt": "0\n" }), tree(files), tree(files))).toEqual({
      changes: [],
      conflicts: [],
      notes: [],
      renames: [],
    });
  });
});

/** Small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Op = "keep" | "edit" | "delete";

/**
 * A random base file, random template changes, and random user changes on lines (and between lines)
 * the template does not touch; returns the three texts and the text a correct merge must produce.
 */
function scenario(seed: number) {
  const rnd = random(seed);
  const n = 5 + Math.floor(rnd() * 40);
  const base = Array.from({ length: n }, (_, i) => `line ${i}\n`);
  const tOps: Op[] = base.map(() => (rnd() < 0.15 ? "edit" : rnd() < 0.06 ? "delete" : "keep"));
  const tIns = Array.from({ length: n + 1 }, () => rnd() < 0.08);
  const free = (i: number) => i < 0 || i >= n || tOps[i] === "keep";
  // A line the user deletes next to a template insertion would make the gap ambiguous (before or after
  // the user's block?), as in every diff3; such a deletion touches the template's change, so none here.
  const uOps: Op[] = base.map((_, i) =>
    tOps[i] !== "keep"
      ? "keep"
      : rnd() < 0.2
        ? "edit"
        : rnd() < 0.06 && !tIns[i] && !tIns[i + 1]
          ? "delete"
          : "keep",
  );
  // The user inserts only between lines the template leaves alone, where the template inserts nothing.
  const uIns = Array.from({ length: n + 1 }, (_, p) => !tIns[p] && free(p - 1) && free(p) && rnd() < 0.1);
  const side = (ops: Op[], ins: boolean[], who: string) => {
    const out: string[] = [];
    for (let i = 0; i <= n; i++) {
      if (ins[i]) out.push(`${who} insert ${i}\n`);
      if (i === n) break;
      if (ops[i] === "keep") out.push(base[i]!);
      else if (ops[i] === "edit") out.push(`line ${i} ${who}\n`);
    }
    return out;
  };
  const expected: string[] = [];
  for (let i = 0; i <= n; i++) {
    if (uIns[i]) expected.push(`user insert ${i}\n`);
    if (tIns[i]) expected.push(`template insert ${i}\n`);
    if (i === n) break;
    if (tOps[i] === "edit") expected.push(`line ${i} template\n`);
    else if (tOps[i] === "keep" && uOps[i] === "edit") expected.push(`line ${i} user\n`);
    else if (tOps[i] === "keep" && uOps[i] === "keep") expected.push(base[i]!);
  }
  return {
    base: base.join(""),
    theirs: side(tOps, tIns, "template").join(""),
    ours: side(uOps, uIns, "user").join(""),
    expected: expected.join(""),
  };
}

describe("mergeTrees: property", () => {
  it("keeps every user edit and every template change, with no conflict, when they touch different lines", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const files = [0, 1, 2].map((k) => scenario(seed * 10 + k));
      const result = merge(
        tree(Object.fromEntries(files.map((f, k) => [`f${k}.py`, f.base]))),
        tree(Object.fromEntries(files.map((f, k) => [`f${k}.py`, f.theirs]))),
        tree(Object.fromEntries(files.map((f, k) => [`f${k}.py`, f.ours]))),
      );
      const merged = apply(
        tree(Object.fromEntries(files.map((f, k) => [`f${k}.py`, f.ours]))),
        result.changes,
      );
      expect({ seed, conflicts: result.conflicts }).toEqual({ seed, conflicts: [] });
      expect({ seed, merged }).toEqual({
        seed,
        merged: Object.fromEntries(files.map((f, k) => [`f${k}.py`, f.expected])),
      });
    }
  });
});
