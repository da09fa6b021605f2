import { describe, expect, it } from "vitest";
import { mergeText, splitLines } from "./text-merge";

const labels = { ours: "ours", theirs: "template v0.2.0" };
const lines = (...ls: string[]) => ls.map((l) => `${l}\n`).join("");

describe("mergeText", () => {
  it("keeps a user edit and a template edit in different hunks", () => {
    const base = lines("a", "b", "c", "d", "e", "f");
    const ours = lines("a", "B-user", "c", "d", "e", "f");
    const theirs = lines("a", "b", "c", "d", "E-template", "f");
    expect(mergeText(base, ours, theirs, labels)).toEqual({
      text: lines("a", "B-user", "c", "d", "E-template", "f"),
      conflicts: 0,
    });
  });

  it("merges edits on neighbouring lines without a conflict (unlike git merge-file)", () => {
    const base = lines("a", "b", "c");
    const merged = mergeText(base, lines("a", "B", "c"), lines("a", "b", "C"), labels);
    expect(merged).toEqual({ text: lines("a", "B", "C"), conflicts: 0 });
  });

  it("marks the same lines changed differently by both with standard conflict markers", () => {
    const base = lines("a", "b", "c");
    const merged = mergeText(base, lines("a", "mine", "c"), lines("a", "template", "c"), labels);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe(
      lines("a", "<<<<<<< ours", "mine", "=======", "template", ">>>>>>> template v0.2.0", "c"),
    );
  });

  it("takes the same change made on both sides once", () => {
    const base = lines("a", "b");
    expect(mergeText(base, lines("a", "x"), lines("a", "x"), labels)).toEqual({
      text: lines("a", "x"),
      conflicts: 0,
    });
  });

  it("conflicts on two different insertions at the same point, not on an insertion next to an edit", () => {
    const base = lines("a", "b");
    expect(mergeText(base, lines("a", "mine", "b"), lines("a", "theirs", "b"), labels).conflicts).toBe(1);
    expect(mergeText(base, lines("a", "mine", "b"), lines("a", "B"), labels)).toEqual({
      text: lines("a", "mine", "B"),
      conflicts: 0,
    });
  });

  it("keeps a missing final newline and closes conflict sides with one", () => {
    expect(splitLines("a\nb")).toEqual(["a\n", "b"]);
    const merged = mergeText("a\nb", "a\nmine", "a\ntheirs", labels);
    expect(merged.text).toBe("a\n<<<<<<< ours\nmine\n=======\ntheirs\n>>>>>>> template v0.2.0\n");
    expect(mergeText("a\nb", "A\nb", "a\nb\nc", labels).text).toBe("A\nb\nc");
  });

  it("chains overlapping hunks into one conflict region", () => {
    const base = lines("1", "2", "3", "4", "5");
    const ours = lines("1", "X", "X", "4", "Y");
    const theirs = lines("1", "2", "T", "T", "T");
    const merged = mergeText(base, ours, theirs, labels);
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toBe(
      lines(
        "1",
        "<<<<<<< ours",
        "X",
        "X",
        "4",
        "Y",
        "=======",
        "2",
        "T",
        "T",
        "T",
        ">>>>>>> template v0.2.0",
      ),
    );
  });
});
