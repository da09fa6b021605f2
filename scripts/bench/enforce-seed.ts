/**
 * Simulator seeds for enforcement tests and benchmarks: an org with many governed repos, a share of them
 * drifted (each kind of drift in turn), plus archived, excluded and ungoverned repos. Each seeded repo
 * comes with the drift fields an audit must find, so tests compare the audit with the truth.
 */
import type { KitConfig } from "../../src/config/kit-config";
import type { DriftField } from "../../src/enforcement/protection-drift";
import {
  type ClassicProtectionBody,
  classicProtectionBody,
  protectionSettingsOf,
} from "../../src/protection/protection-requests";
import type { SeedRepo, SimSeed } from "../../src/simulator/index";

export const ENFORCE_TOKEN = "kit-enforce-token";
export const ENFORCE_USER = "mlops-kit-bot";

/** Each kind of classic drift: how it changes the policy's protection, and the field it shows up as. */
export const CLASSIC_DRIFTS: Record<
  string,
  { mutate: (b: ClassicProtectionBody) => ClassicProtectionBody | undefined; fields: DriftField[] | "all" }
> = {
  "missing-protection": { mutate: () => undefined, fields: "all" },
  "fewer-reviewers": {
    mutate: (b) => ({
      ...b,
      required_pull_request_reviews: {
        ...b.required_pull_request_reviews,
        required_approving_review_count: 0,
      },
    }),
    // No approval leaves Scorecard's tier 2 incomplete: the score drops below the policy's too.
    fields: ["requiredApprovingReviewCount", "scorecardScore"],
  },
  "no-codeowners": {
    mutate: (b) => ({
      ...b,
      required_pull_request_reviews: {
        ...b.required_pull_request_reviews,
        require_code_owner_reviews: false,
      },
    }),
    fields: ["requireCodeOwnerReviews"],
  },
  "missing-ci-check": {
    mutate: (b) => ({ ...b, required_status_checks: { strict: true, contexts: ["lint"] } }),
    fields: ["requiredStatusChecks"],
  },
  "admins-not-enforced": { mutate: (b) => ({ ...b, enforce_admins: false }), fields: ["enforceAdmins"] },
  "force-push-allowed": {
    mutate: (b) => ({ ...b, allow_force_pushes: true }),
    fields: ["allowForcePushes", "scorecardScore"],
  },
  "deletions-allowed": {
    mutate: (b) => ({ ...b, allow_deletions: true }),
    fields: ["allowDeletions", "scorecardScore"],
  },
  "stale-reviews-kept": {
    mutate: (b) => ({
      ...b,
      required_pull_request_reviews: { ...b.required_pull_request_reviews, dismiss_stale_reviews: false },
    }),
    fields: ["dismissStaleReviews"],
  },
};

export interface SeededRepo {
  name: string;
  drift?: string;
}

export interface EnforceSeed {
  seed: SimSeed;
  governed: SeededRepo[];
}

const DOMAINS = ["forecast", "pricing", "churn", "vision", "nlp", "ops"];

/**
 * `repos` governed repos (named by the convention; every tenth selected by the ownership property only,
 * under a name outside the convention), `driftedShare` of them drifted, round-robin over every kind of
 * classic drift. Plus one archived, one excluded-by-config candidate and a few ungoverned repos.
 */
export function buildEnforceSeed(
  config: KitConfig,
  options: { org?: string; repos: number; driftedShare: number; withProtection?: boolean },
): EnforceSeed {
  const org = options.org ?? config.org;
  const policyBody = classicProtectionBody(protectionSettingsOf(config.branchProtection));
  const kinds = Object.keys(CLASSIC_DRIFTS);
  const driftEvery = options.driftedShare > 0 ? Math.round(1 / options.driftedShare) : 0;
  const { customProperty, value } = config.repository.ownership;
  const governed: SeededRepo[] = [];
  const repos: SeedRepo[] = [];
  let driftIndex = 0;
  for (let i = 0; i < options.repos; i++) {
    const byProperty = i % 10 === 9;
    const name = byProperty
      ? `legacy-model-${String(i).padStart(5, "0")}`
      : `acme-${DOMAINS[i % DOMAINS.length]}-r${String(i).padStart(5, "0")}`;
    const drift = driftEvery > 0 && i % driftEvery === 0 ? kinds[driftIndex++ % kinds.length] : undefined;
    const body = drift ? CLASSIC_DRIFTS[drift]!.mutate(policyBody) : policyBody;
    repos.push({
      name,
      default_branch: "main",
      visibility: "private",
      ...(byProperty || i % 2 === 0 ? { custom_properties: { [customProperty]: value } } : {}),
      ...(body && options.withProtection !== false ? { branch_protection: { ...body } } : {}),
    });
    governed.push({ name, ...(drift ? { drift } : {}) });
  }
  repos.push(
    { name: "acme-forecast-archived", default_branch: "main", archived: true },
    { name: "website", default_branch: "main" },
    { name: "handbook", default_branch: "main" },
  );
  return {
    governed,
    seed: {
      users: [{ login: ENFORCE_USER, token: ENFORCE_TOKEN }],
      orgs: [
        {
          login: org,
          owners: [ENFORCE_USER],
          custom_properties: [
            {
              property_name: customProperty,
              value_type: "single_select",
              allowed_values: [value],
            },
          ],
          repos,
        },
      ],
    },
  };
}
