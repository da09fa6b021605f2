import { describe, expect, it } from "vitest";
import { createProtectionClient, type ProtectionTransport, type RulesetScope } from "./protection-client";
import { KIT_RULESET_NAME, type RulesetResponse } from "./protection-requests";

/** An error as Octokit throws it: a message and an HTTP status. */
function httpError(status: number, message: string): Error & { status: number } {
  return Object.assign(new Error(message), { status });
}

/**
 * A small hand-written GitHub: rulesets per repo and for the org, classic protection per branch, and a
 * log of every call. `losePosts` makes the next POSTs of a ruleset apply and then answer 422, as a
 * retried POST whose first response was lost does.
 */
function fakeGitHub(seed: { rulesets?: Record<string, RulesetResponse[]>; protected?: string[] } = {}) {
  const rulesets = new Map(Object.entries(seed.rulesets ?? {}).map(([k, v]) => [k, [...v]]));
  const protectedBranches = new Map((seed.protected ?? []).map((b) => [b, { url: b } as object]));
  const calls: string[] = [];
  let nextId = 100;
  let losePosts = 0;
  let failNext: Error | undefined;
  const keyOf = (p: Record<string, unknown>) => (p.org ? `org:${p.org}` : `${p.owner}/${p.repo}`);
  const listOf = (p: Record<string, unknown>) => rulesets.get(keyOf(p)) ?? [];
  const transport: ProtectionTransport = {
    async request(route, params) {
      calls.push(route);
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      const [method] = route.split(" ");
      if (route.endsWith("/rulesets") && method === "GET") return { data: listOf(params) };
      if (route.endsWith("/rulesets/{ruleset_id}")) {
        const found = listOf(params).find((r) => r.id === params.ruleset_id);
        if (!found) throw httpError(404, "Not Found");
        if (method === "GET") return { data: found };
        Object.assign(found, params);
        return { data: found };
      }
      if (route.endsWith("/rulesets") && method === "POST") {
        const list = listOf(params);
        if (list.some((r) => r.name === params.name)) throw httpError(422, "Name must be unique");
        const created = { ...params, id: nextId++ } as unknown as RulesetResponse;
        rulesets.set(keyOf(params), [...list, created]);
        if (losePosts > 0) {
          losePosts--;
          throw httpError(422, "Name must be unique");
        }
        return { data: created };
      }
      const branch = `${params.owner}/${params.repo}@${params.branch}`;
      if (route.endsWith("/protection") && method === "GET") {
        const protection = protectedBranches.get(branch);
        if (!protection) throw httpError(404, "Branch not protected");
        return { data: protection };
      }
      if (route.endsWith("/protection") && method === "PUT") {
        protectedBranches.set(branch, params);
        return { data: params };
      }
      if (route.endsWith("/required_signatures")) return { data: { enabled: true } };
      throw new Error(`unexpected ${route}`);
    },
    async paginate(route, params) {
      calls.push(`paginate ${route}`);
      return listOf(params);
    },
  };
  return {
    transport,
    calls,
    rulesets: (scope: RulesetScope) => listOf(scope as Record<string, unknown>),
    protection: (branch: string) => protectedBranches.get(branch),
    loseNextPost: () => {
      losePosts++;
    },
    failNextWith: (error: Error) => {
      failNext = error;
    },
  };
}

const repo = { owner: "acme", repo: "acme-nlp-x" };
const kitBody = { name: KIT_RULESET_NAME, target: "branch", enforcement: "active", rules: [] };
const other = (id: number, extra: Partial<RulesetResponse> = {}): RulesetResponse => ({
  id,
  name: `team rules ${id}`,
  target: "branch",
  ...extra,
});

describe("protection client: the kit's ruleset", () => {
  it("finds the kit's ruleset by name in a repo and in the org, and says when there is none", async () => {
    const github = fakeGitHub({
      rulesets: {
        "acme/acme-nlp-x": [other(1), { id: 2, name: KIT_RULESET_NAME }],
        "org:acme": [{ id: 3, name: KIT_RULESET_NAME }],
      },
    });
    const client = createProtectionClient(github.transport);
    expect(await client.findKitRuleset(repo)).toBe(2);
    expect(await client.findKitRuleset({ org: "acme" })).toBe(3);
    expect(await client.findKitRuleset({ owner: "acme", repo: "acme-other" })).toBeUndefined();
    // Org rulesets are paginated; a repo's are one page of 100.
    expect(github.calls).toContain("paginate GET /orgs/{org}/rulesets");
  });

  it("creates it, and updates it in place when its id is known", async () => {
    const github = fakeGitHub();
    const client = createProtectionClient(github.transport);
    expect(await client.upsertKitRuleset(repo, kitBody)).toBe("created");
    const [created] = github.rulesets(repo);
    expect(await client.upsertKitRuleset(repo, { ...kitBody, enforcement: "evaluate" }, created!.id)).toBe(
      "updated",
    );
    expect(github.rulesets(repo)).toHaveLength(1);
    expect(github.rulesets(repo)[0]!.enforcement).toBe("evaluate");
    expect(github.calls).toEqual([
      "POST /repos/{owner}/{repo}/rulesets",
      "PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}",
    ]);
  });

  it("a create whose response was lost (422 on the retry) is found by name and updated, never duplicated", async () => {
    for (const scope of [repo, { org: "acme" }] as RulesetScope[]) {
      const github = fakeGitHub();
      const client = createProtectionClient(github.transport);
      github.loseNextPost();
      expect(await client.upsertKitRuleset(scope, kitBody)).toBe("updated");
      expect(github.rulesets(scope).map((r) => r.name)).toEqual([KIT_RULESET_NAME]);
    }
  });

  it("a 422 that is not about the kit's ruleset, and any other failure, are thrown", async () => {
    const github = fakeGitHub({ rulesets: { "acme/acme-nlp-x": [other(1)] } });
    const client = createProtectionClient(github.transport);
    github.failNextWith(httpError(422, "Validation failed: rules"));
    await expect(client.upsertKitRuleset(repo, kitBody)).rejects.toMatchObject({ status: 422 });
    github.failNextWith(httpError(500, "boom"));
    await expect(client.upsertKitRuleset(repo, kitBody)).rejects.toMatchObject({ status: 500 });
    // The 500 was not taken for "exists": no lookup followed it.
    expect(github.calls.at(-1)).toBe("POST /repos/{owner}/{repo}/rulesets");
    expect(github.rulesets(repo)).toHaveLength(1);
  });
});

describe("protection client: classic protection and read-back", () => {
  const branch = { ...repo, branch: "main" };

  it("PUTs classic protection and re-asserts signatures only when asked", async () => {
    const github = fakeGitHub();
    const client = createProtectionClient(github.transport);
    await client.putClassicProtection(branch, { enforce_admins: true });
    expect(github.calls).toEqual(["PUT /repos/{owner}/{repo}/branches/{branch}/protection"]);
    await client.putClassicProtection(branch, { enforce_admins: true }, { keepSignatures: true });
    expect(github.calls.slice(1)).toEqual([
      "PUT /repos/{owner}/{repo}/branches/{branch}/protection",
      "POST /repos/{owner}/{repo}/branches/{branch}/protection/required_signatures",
    ]);
    expect(github.protection("acme/acme-nlp-x@main")).toMatchObject({ enforce_admins: true });
  });

  it("reads classic protection: `null` when not protected, an error when the branch is missing", async () => {
    const github = fakeGitHub({ protected: ["acme/acme-nlp-x@main"] });
    const client = createProtectionClient(github.transport);
    expect(await client.readClassicProtection(branch)).toEqual({ url: "acme/acme-nlp-x@main" });
    expect(await client.readClassicProtection({ ...branch, branch: "dev" })).toBeNull();
    github.failNextWith(httpError(404, "Branch not found"));
    await expect(client.readClassicProtection(branch)).rejects.toMatchObject({ status: 404 });
  });

  it("reads branch rulesets in full, skipping tag and push rulesets", async () => {
    const github = fakeGitHub({
      rulesets: {
        "acme/acme-nlp-x": [
          other(1, { rules: [{ type: "deletion" }] }),
          other(2, { target: "tag" }),
          other(3, { target: "push" }),
        ],
        "org:acme": [other(4), other(5, { target: "tag" })],
      },
    });
    const client = createProtectionClient(github.transport);
    expect(await client.readRulesets(repo)).toEqual([other(1, { rules: [{ type: "deletion" }] })]);
    expect((await client.readRulesets({ org: "acme" })).map((r) => r.id)).toEqual([4]);
    expect(github.calls.filter((c) => c.endsWith("{ruleset_id}"))).toEqual([
      "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}",
      "GET /orgs/{org}/rulesets/{ruleset_id}",
    ]);
  });
});
