/**
 * The org's kit configuration (`mlops-kit.config.yml`) after validation and defaults.
 * The JSON schema in `kit-config-schema.ts` is the contract for the file; these types are what the rest
 * of the kit reads. Every field is documented in docs/config.md (generated from the schema).
 */

export type TeamPermission = "pull" | "triage" | "push" | "maintain" | "admin";
export type RepoVisibility = "private" | "internal" | "public";

export interface KitConfig {
  org: string;
  kit: KitSourceConfig;
  naming: NamingConvention;
  teams: TeamsConfig;
  templates: TemplatesConfig;
  repository: RepositoryConfig;
  python: { version: string };
  secrets: SecretsConfig;
  costTags: CostTagSpec[];
  environments: EnvironmentSpec[];
  branchProtection: BranchProtectionPolicy;
  platform: PlatformConfig;
  enforcement: EnforcementConfig;
}

/** Where generated repos find the kit's reusable workflows. */
export interface KitSourceConfig {
  /** `owner/name` of the org's copy of the kit. */
  repository: string;
  /** Git ref the generated workflows pin (a release tag or a full commit SHA). */
  ref: string;
}

export interface NamingConvention {
  separator: string;
  minLength: number;
  maxLength: number;
  parts: NamingPart[];
  reserved: string[];
  /** A valid name, shown in error messages. */
  example?: string;
}

export interface NamingPart {
  name: string;
  description?: string;
  /** Exact values allowed for this part. */
  allowed?: string[];
  /** Regular expression the part must match (whole part). */
  pattern?: string;
}

export interface TeamsConfig {
  /** Teams whose members may create projects, and that may own one. */
  allowed: string[];
  /** The platform (MLOps) team: admin on every generated repo, reviewer where configured. */
  platform: string;
  projectPermission: TeamPermission;
  platformPermission: TeamPermission;
  /** Failure alert destinations per team slug (teams without an entry get no notifications). */
  alerts: Record<string, TeamAlerts>;
}

/** Where a team's failed jobs (drift and retrain alerts of the monitor job included) are reported. */
export interface TeamAlerts {
  /** Email addresses (at most 5). */
  emails: string[];
  /** Databricks notification destination ids (at most 3): Slack, Teams, PagerDuty, webhooks. */
  webhookDestinations: string[];
}

export interface TemplatesConfig {
  default: string;
  offered: string[];
}

export interface RepositoryConfig {
  defaultVisibility: RepoVisibility;
  allowedVisibilities: RepoVisibility[];
  defaultBranch: string;
  topics: string[];
  deleteBranchOnMerge: boolean;
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  /** How the kit recognises repos it created (resume a half-done create; never touch others). */
  ownership: { customProperty: string; value: string; topic: string };
}

export interface SecretSpec {
  /** Secret name in the generated repo (upper-case, as GitHub requires). */
  name: string;
  /** Environment variable of the kit's runner that holds the value. Values never live in the config. */
  fromEnv: string;
  /** When true (default) a missing value fails the create; when false the secret is skipped and reported. */
  required: boolean;
}

export interface SecretsConfig {
  repository: SecretSpec[];
  /** Secrets per GitHub environment name. */
  environments: Record<string, SecretSpec[]>;
}

/** Where a cost tag's value comes from. `naming:<part>` takes that part of the project name. */
export type CostTagSource =
  | "cost-center"
  | "team"
  | "project"
  | "template"
  | "requester"
  | "fixed"
  | `naming:${string}`;

export interface CostTagSpec {
  key: string;
  from: CostTagSource;
  /** The value when `from` is `fixed`, or the default when the source is empty. */
  value?: string;
  pattern?: string;
  allowed?: string[];
  required: boolean;
  /** Org custom property that receives the value (omit to skip). */
  customProperty?: string;
  /** Also add a `<key>-<value>` topic to the repo. */
  topic: boolean;
}

/** Who must approve a deployment: the project's team, the platform team, or explicit team slugs. */
export type ReviewerRef = "team" | "platform" | string;

export interface EnvironmentSpec {
  name: string;
  reviewers: ReviewerRef[];
  waitTimerMinutes: number;
  preventSelfReview: boolean;
  /** `protected`: only protected branches (and tags) may deploy; `all`: any branch. */
  deploymentBranches: "protected" | "all";
}

export interface BranchProtectionPolicy {
  /** `classic` branch protection, or a repository `ruleset`. */
  mechanism: "classic" | "ruleset";
  /**
   * The preset the keys below started from (`default` scores 8/10 on OpenSSF Scorecard, `strict`
   * 10/10); keys set in the config override it. See src/config/protection-presets.ts.
   */
  preset: "default" | "strict";
  requiredApprovingReviewCount: number;
  requireCodeOwnerReviews: boolean;
  dismissStaleReviews: boolean;
  requireLastPushApproval: boolean;
  requiredStatusChecks: string[];
  strictStatusChecks: boolean;
  enforceAdmins: boolean;
  requireConversationResolution: boolean;
  requireLinearHistory: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
}

export interface PlatformConfig {
  /** The compute platform generated repos deploy to. */
  type: "databricks" | "local";
  databricks: DatabricksConfig;
}

export interface DatabricksConfig {
  /** Workspace URL per environment. */
  hosts: Record<string, string>;
  sparkVersion: string;
  nodeTypeId: string;
  /** How deploy jobs authenticate: GitHub OIDC federation (no stored secret) or service-principal OAuth. */
  auth: "github-oidc" | "oauth-m2m";
}

export interface EnforcementConfig {
  /** Govern repos whose name follows the naming convention. */
  selectByNamingConvention: boolean;
  /** Govern repos whose ownership custom property has the kit's value. */
  selectByCustomProperty: boolean;
  include: string[];
  exclude: string[];
  /** Use one org-level ruleset targeting the ownership property where the org supports it. */
  preferOrgRuleset: boolean;
  failOnDrift: boolean;
  concurrency: number;
}
