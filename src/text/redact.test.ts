import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact";

describe("redactSecrets", () => {
  it("masks every occurrence of every value, and ignores empty values", () => {
    expect(redactSecrets("a tok b tok c s3c", ["tok", "", "s3c"])).toBe("a *** b *** c ***");
    expect(redactSecrets("nothing here", [""])).toBe("nothing here");
  });
});
