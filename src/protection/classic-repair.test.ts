/**
 * Property test: for random classic protections stricter than the policy (locks, creation blocks,
 * signatures, restrictions, dismissal restrictions, bypass allowances, app-bound checks, more of
 * everything) with one policy field weakened, the audit finds exactly that field and the repair's PUT
 * changes only that field, to the policy's value. Seeded, hand-rolled generator: failures reproduce.
 */
import { describe, expect, it } from "vitest";
import { exampleConfig } from "../../test/fixtures/example-config";
import { auditRepo } from "../enforcement/enforce-audit";
import { planRepairs } from "../enforcement/enforce-planner";
import type { GovernedRepo } from "../enforcement/enforce-scope";
import { type ClassicProtectionPut, classicPutFromResponse } from "./classic-repair";
import {
  type ClassicProtectionResponse,
  type ProtectionSettings,
  protectionSettingsOf,
} from "./protection-requests";

const config = exampleConfig();
const policy = protectionSettingsOf(config.branchProtection);
const repo: GovernedRepo = {
  name: "acme-nlp",
  archived: false,
  defaultBranch: "main",
  governedBy: ["naming"],
  hasOwnershipProperty: true,
};

/** mulberry32: small, seeded, good enough to explore shapes. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    bool: () => next() < 0.5,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}
type Random = ReturnType<typeof random>;

const actors = (r: Random) => ({
  users: r.bool() ? [{ login: "octocat" }] : [],
  teams: r.bool() ? [{ slug: "platform" }] : [],
  apps: r.bool() ? [{ slug: "deploy-bot" }] : [],
});
const flag = (enabled: boolean) => ({ enabled });

/** A protection at least as strict as the policy on every field, with random extras. */
function stricterThanPolicy(r: Random): ClassicProtectionResponse {
  const extraChecks = r.bool() ? [{ context: "security / scan", app_id: r.bool() ? 15368 : null }] : [];
  const policyChecks = policy.requiredStatusChecks.map((context) => ({
    context,
    app_id: r.bool() ? 15368 : null,
  }));
  return {
    required_status_checks: {
      strict: policy.strictStatusChecks || r.bool(),
      checks: [...policyChecks, ...extraChecks],
      contexts: [...policyChecks, ...extraChecks].map((c) => c.context),
    },
    enforce_admins: flag(policy.enforceAdmins || r.bool()),
    required_pull_request_reviews: {
      required_approving_review_count: policy.requiredApprovingReviewCount + r.int(0, 3),
      require_code_owner_reviews: policy.requireCodeOwnerReviews || r.bool(),
      dismiss_stale_reviews: policy.dismissStaleReviews || r.bool(),
      require_last_push_approval: policy.requireLastPushApproval || r.bool(),
      ...(r.bool() ? { dismissal_restrictions: actors(r) } : {}),
      ...(r.bool() ? { bypass_pull_request_allowances: actors(r) } : {}),
    },
    required_signatures: flag(r.bool()),
    required_linear_history: flag(policy.requireLinearHistory || r.bool()),
    allow_force_pushes: flag(policy.allowForcePushes && r.bool()),
    allow_deletions: flag(policy.allowDeletions && r.bool()),
    block_creations: flag(r.bool()),
    required_conversation_resolution: flag(policy.requireConversationResolution || r.bool()),
    lock_branch: flag(r.bool()),
    allow_fork_syncing: flag(r.bool()),
    restrictions: r.bool() ? actors(r) : null,
  };
}

/** The fields the policy requires, each with how to weaken it in a GET shape, and where it lives in the PUT. */
const WEAKEN: Partial<
  Record<
    keyof ProtectionSettings,
    { weaken: (p: ClassicProtectionResponse, r: Random) => void; path: string[] }
  >
> = {
  requiredApprovingReviewCount: {
    weaken: (p, r) => {
      p.required_pull_request_reviews!.required_approving_review_count = r.int(
        0,
        policy.requiredApprovingReviewCount - 1,
      );
    },
    path: ["required_pull_request_reviews.required_approving_review_count"],
  },
  requireCodeOwnerReviews: {
    weaken: (p) => {
      p.required_pull_request_reviews!.require_code_owner_reviews = false;
    },
    path: ["required_pull_request_reviews.require_code_owner_reviews"],
  },
  dismissStaleReviews: {
    weaken: (p) => {
      p.required_pull_request_reviews!.dismiss_stale_reviews = false;
    },
    path: ["required_pull_request_reviews.dismiss_stale_reviews"],
  },
  requiredStatusChecks: {
    weaken: (p) => {
      const checks = p.required_status_checks!;
      checks.checks = checks.checks!.filter((c) => !policy.requiredStatusChecks.includes(c.context));
      checks.contexts = checks.checks.map((c) => c.context);
    },
    path: ["required_status_checks.checks", "required_status_checks.contexts"],
  },
  strictStatusChecks: {
    weaken: (p) => {
      p.required_status_checks!.strict = false;
    },
    path: ["required_status_checks.strict"],
  },
  enforceAdmins: {
    weaken: (p) => {
      p.enforce_admins = flag(false);
    },
    path: ["enforce_admins"],
  },
  requireConversationResolution: {
    weaken: (p) => {
      p.required_conversation_resolution = flag(false);
    },
    path: ["required_conversation_resolution"],
  },
  allowForcePushes: {
    weaken: (p) => {
      p.allow_force_pushes = flag(true);
    },
    path: ["allow_force_pushes"],
  },
  allowDeletions: {
    weaken: (p) => {
      p.allow_deletions = flag(true);
    },
    path: ["allow_deletions"],
  },
};

/** A GET shape with every optional part spelled out, as `afterPut` spells it. */
function normalised(p: ClassicProtectionResponse): ClassicProtectionResponse {
  const reviews = p.required_pull_request_reviews;
  const checks = p.required_status_checks;
  const on = (f: { enabled?: boolean } | null | undefined) => flag(f?.enabled === true);
  return {
    required_status_checks: checks
      ? {
          strict: checks.strict === true,
          contexts: checks.contexts ?? [],
          checks: (checks.checks ?? []).map((c) => ({ context: c.context, app_id: c.app_id ?? null })),
        }
      : null,
    enforce_admins: on(p.enforce_admins),
    required_pull_request_reviews: reviews
      ? {
          ...reviews,
          dismissal_restrictions: reviews.dismissal_restrictions ?? null,
          bypass_pull_request_allowances: reviews.bypass_pull_request_allowances ?? null,
        }
      : null,
    required_signatures: p.required_signatures ?? null,
    required_linear_history: on(p.required_linear_history),
    allow_force_pushes: on(p.allow_force_pushes),
    allow_deletions: on(p.allow_deletions),
    block_creations: on(p.block_creations),
    required_conversation_resolution: on(p.required_conversation_resolution),
    lock_branch: on(p.lock_branch),
    allow_fork_syncing: on(p.allow_fork_syncing),
    restrictions: p.restrictions ?? null,
  };
}

/** Leaf paths where two values differ (arrays compared whole). */
function differingPaths(a: unknown, b: unknown, prefix = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differingPaths(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        prefix ? `${prefix}.${k}` : k,
      ),
    );
  }
  return [prefix];
}

/** What GitHub answers after a PUT of `put` (signatures are not part of the PUT: they stay as they were). */
function afterPut(put: ClassicProtectionPut, before: ClassicProtectionResponse): ClassicProtectionResponse {
  const named = (lists?: { users: string[]; teams: string[]; apps: string[] }) =>
    lists && {
      users: lists.users.map((login) => ({ login })),
      teams: lists.teams.map((slug) => ({ slug })),
      apps: lists.apps.map((slug) => ({ slug })),
    };
  const reviews = put.required_pull_request_reviews;
  return {
    required_status_checks: put.required_status_checks && {
      strict: put.required_status_checks.strict,
      contexts: put.required_status_checks.contexts,
      checks: put.required_status_checks.checks.map((c) => ({
        context: c.context,
        app_id: c.app_id === -1 ? null : (c.app_id ?? null),
      })),
    },
    enforce_admins: flag(put.enforce_admins),
    required_pull_request_reviews: reviews && {
      ...reviews,
      dismissal_restrictions: named(reviews.dismissal_restrictions) ?? null,
      bypass_pull_request_allowances: named(reviews.bypass_pull_request_allowances) ?? null,
    },
    required_signatures: before.required_signatures ?? null,
    required_linear_history: flag(put.required_linear_history),
    allow_force_pushes: flag(put.allow_force_pushes),
    allow_deletions: flag(put.allow_deletions),
    block_creations: flag(put.block_creations),
    required_conversation_resolution: flag(put.required_conversation_resolution),
    lock_branch: flag(put.lock_branch),
    allow_fork_syncing: flag(put.allow_fork_syncing),
    restrictions: named(put.restrictions ?? undefined) ?? null,
  };
}

describe("classic repairs never loosen (property test)", () => {
  const weakenable = Object.keys(WEAKEN) as (keyof ProtectionSettings)[];

  it("stricter-than-policy protections are compliant and planned for nothing", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const audit = auditRepo(
        config,
        repo,
        { kind: "classic", protection: stricterThanPolicy(random(seed)) },
        "classic",
      );
      expect(audit.status, `seed ${seed}`).toBe("compliant");
      expect(planRepairs(config, [audit]).repairs).toEqual([]);
    }
  });

  it("one drifted field: the audit finds it and the repair changes only it, keeping locks and the rest", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = random(seed);
      const strict = stricterThanPolicy(r);
      const field = r.pick(weakenable);
      const drifted: ClassicProtectionResponse = structuredClone(strict);
      WEAKEN[field]!.weaken(drifted, r);
      const audit = auditRepo(config, repo, { kind: "classic", protection: drifted }, "classic");
      const label = `seed ${seed}, ${field}`;
      expect(
        audit.drift.filter((d) => d.field !== "scorecardScore").map((d) => d.field),
        label,
      ).toEqual([field]);
      // The Scorecard verdict of the same protection: drift exactly when the weakened field costs points.
      expect(
        audit.drift.some((d) => d.field === "scorecardScore"),
        label,
      ).toBe(audit.score!.score < audit.score!.target);
      const [repair] = planRepairs(config, [audit]).repairs;
      if (repair?.kind !== "put-classic-protection") throw new Error(`${label}: no classic repair`);
      // What GitHub would show after the PUT, against what it showed before: only this field moved.
      const changed = differingPaths(normalised(drifted), afterPut(repair.body, drifted));
      expect(changed.length, label).toBeGreaterThan(0);
      for (const path of changed)
        expect(
          WEAKEN[field]!.path.some((p) => path.startsWith(p)),
          `${label}: ${path} changed`,
        ).toBe(true);
      // The PUT restates everything else as read (the mapping from GET to PUT is faithful).
      expect(
        differingPaths(normalised(drifted), afterPut(classicPutFromResponse(drifted), drifted)),
        label,
      ).toEqual([]);
      expect(repair.keepSignatures === true, label).toBe(strict.required_signatures?.enabled === true);
      const after = auditRepo(
        config,
        repo,
        { kind: "classic", protection: afterPut(repair.body, drifted) },
        "classic",
      );
      expect(after.status, label).toBe("compliant");
    }
  });
});
