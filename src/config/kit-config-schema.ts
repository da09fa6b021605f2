/**
 * JSON schema of `mlops-kit.config.yml`: the single source for validation, defaults and the reference
 * tables in docs/config.md (`npm run docs` regenerates them; a test fails when they drift).
 */
import { PROTECTION_PRESETS } from "./protection-presets";

/** Per-key defaults of `branchProtection`: the `default` preset (one source for both). */
const preset = PROTECTION_PRESETS.default;

const slug = { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$", maxLength: 100 } as const;
const permission = { type: "string", enum: ["pull", "triage", "push", "maintain", "admin"] } as const;
const visibility = { type: "string", enum: ["private", "internal", "public"] } as const;

const secretSpec = {
  type: "object",
  additionalProperties: false,
  required: ["name", "fromEnv"],
  properties: {
    name: {
      type: "string",
      pattern: "^[A-Z_][A-Z0-9_]*$",
      not: { pattern: "^GITHUB_" },
      maxLength: 200,
      description: "Secret name in the generated repo. Upper-case letters, digits and `_`; not `GITHUB_*`.",
    },
    fromEnv: {
      type: "string",
      pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
      description:
        "Environment variable on the kit's runner that holds the value (a secret of the kit repo's `mlops-kit` environment, mapped in the workflow). Values never live in this file.",
    },
    required: {
      type: "boolean",
      default: true,
      description:
        "When true, a missing value stops the create before anything changes; when false, the secret is skipped and reported.",
    },
  },
} as const;

/** Failure alert destinations of one team (Databricks job notifications). */
const teamAlerts = {
  type: "object",
  additionalProperties: false,
  properties: {
    emails: {
      type: "array",
      maxItems: 5,
      default: [],
      items: { type: "string", pattern: "^[^@\\s\"'$<>{}]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", maxLength: 254 },
      description:
        "Addresses mailed when a job of the team's projects fails (at most 5, the Lakehouse monitor's limit).",
    },
    webhookDestinations: {
      type: "array",
      maxItems: 3,
      default: [],
      items: { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" },
      description:
        "Ids of Databricks notification destinations (Slack, Microsoft Teams, PagerDuty or webhook, created once by a workspace admin) called when a job fails (at most 3, Databricks' limit).",
    },
  },
} as const;

export const kitConfigSchema = {
  $id: "https://mlops-kit.dev/schemas/kit-config.json",
  type: "object",
  additionalProperties: false,
  required: ["org", "kit", "naming", "teams"],
  properties: {
    $schema: { type: "string", description: "Optional editor hint; ignored." },
    org: {
      type: "string",
      pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$",
      description: "GitHub organization the kit creates and governs repos in.",
    },
    kit: {
      type: "object",
      additionalProperties: false,
      required: ["repository"],
      description: "Where generated repos find the kit's reusable workflows.",
      properties: {
        repository: {
          type: "string",
          pattern: "^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$",
          description: "`owner/name` of the org's copy of the kit.",
        },
        ref: {
          type: "string",
          pattern: "^[A-Za-z0-9._/-]+$",
          description:
            "Ref the generated workflows pin: a release tag (`v1.2.0`) or a full commit SHA. Default: `v<kit version>`.",
        },
      },
    },
    naming: {
      type: "object",
      additionalProperties: false,
      required: ["parts"],
      description: "The org's repo naming convention.",
      properties: {
        separator: {
          type: "string",
          enum: ["-", "_", "."],
          default: "-",
          description: "Character between parts.",
        },
        minLength: {
          type: "integer",
          minimum: 1,
          maximum: 100,
          default: 3,
          description: "Shortest allowed name.",
        },
        maxLength: {
          type: "integer",
          minimum: 1,
          maximum: 100,
          default: 60,
          description: "Longest allowed name (GitHub's own limit is 100).",
        },
        parts: {
          type: "array",
          minItems: 1,
          description:
            "Ordered parts of a name. The last part takes whatever remains after the others, separators included.",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name"],
            properties: {
              name: {
                type: "string",
                pattern: "^[A-Za-z][A-Za-z0-9]*$",
                description: "Part name, used in messages and as `naming:<name>` in cost tags.",
              },
              description: { type: "string", description: "What the part means, shown in error messages." },
              allowed: {
                type: "array",
                minItems: 1,
                items: { type: "string", pattern: "^[a-z0-9]+$" },
                description: "Exact values allowed for this part.",
              },
              pattern: {
                type: "string",
                description: "Regular expression the whole part must match (anchored for you).",
              },
            },
          },
        },
        reserved: {
          type: "array",
          items: { type: "string" },
          default: [],
          description:
            "Words that may not be used: not as the whole name, nor as any word of any part (compared case-insensitively).",
        },
        example: {
          type: "string",
          description:
            "A valid name, shown in error messages (checked against the convention when the config loads).",
        },
      },
    },
    teams: {
      type: "object",
      additionalProperties: false,
      required: ["allowed", "platform"],
      description: "Who may create projects, and the access teams get.",
      properties: {
        allowed: {
          type: "array",
          minItems: 1,
          items: slug,
          description:
            "Team slugs whose active members may create projects; the chosen team must be one of them and the requester must belong to it.",
        },
        platform: { ...slug, description: "Slug of the platform (MLOps) team." },
        projectPermission: {
          ...permission,
          default: "maintain",
          description: "Access granted to the project's team.",
        },
        platformPermission: {
          ...permission,
          default: "admin",
          description: "Access granted to the platform team.",
        },
        alerts: {
          type: "object",
          default: {},
          propertyNames: slug,
          additionalProperties: teamAlerts,
          description:
            "Where failures of a team's deployed jobs go (the monitor job's drift and retrain alerts included), keyed by team slug (one of `allowed` or `platform`). Rendered into each job's `email_notifications` and `webhook_notifications` on failure.",
        },
      },
    },
    templates: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Templates offered to data scientists (folders under `templates/`).",
      properties: {
        default: { ...slug, default: "batch-job", description: "Template used when none is chosen." },
        offered: {
          type: "array",
          items: slug,
          minItems: 1,
          default: ["batch-job"],
          description: "Templates that may be chosen.",
        },
      },
    },
    repository: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Settings of every generated repo.",
      properties: {
        defaultVisibility: {
          ...visibility,
          default: "private",
          description: "Visibility when the request does not choose one.",
        },
        allowedVisibilities: {
          type: "array",
          items: visibility,
          minItems: 1,
          default: ["private", "internal"],
          description: "Visibilities a request may choose.",
        },
        defaultBranch: {
          type: "string",
          pattern: "^[A-Za-z0-9._/-]+$",
          default: "main",
          description: "Branch of the initial commit; protected.",
        },
        topics: {
          type: "array",
          items: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,49}$" },
          default: ["mlops-kit"],
          description: "Topics every generated repo gets.",
        },
        deleteBranchOnMerge: {
          type: "boolean",
          default: true,
          description: "Delete head branches after merge.",
        },
        allowMergeCommit: { type: "boolean", default: false, description: "Allow merge commits." },
        allowSquashMerge: { type: "boolean", default: true, description: "Allow squash merging." },
        allowRebaseMerge: { type: "boolean", default: false, description: "Allow rebase merging." },
        ownership: {
          type: "object",
          additionalProperties: false,
          default: {},
          description:
            "How the kit recognises repos it created, so it can resume a half-done create and never touch anything else.",
          properties: {
            customProperty: {
              type: "string",
              default: "managed-by",
              description: "Org custom property set when the repo is created.",
            },
            value: { type: "string", default: "mlops-kit", description: "Its value." },
            topic: {
              type: "string",
              pattern: "^[a-z0-9][a-z0-9-]{0,49}$",
              default: "mlops-kit",
              description: "Topic with the same meaning, for orgs without custom properties.",
            },
          },
        },
      },
    },
    python: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Python used by generated projects and their CI.",
      properties: {
        version: {
          type: "string",
          pattern: "^3\\.[0-9]+$",
          default: "3.11",
          description: "Python version (`3.X`).",
        },
      },
    },
    secrets: {
      type: "object",
      additionalProperties: false,
      default: {},
      description:
        "Secrets provisioned in every generated repo, sealed with the repo's (or environment's) public key.",
      properties: {
        repository: {
          type: "array",
          items: secretSpec,
          default: [],
          description: "Repository-level Actions secrets.",
        },
        environments: {
          type: "object",
          additionalProperties: { type: "array", items: secretSpec },
          default: {},
          description:
            "Environment-level secrets, keyed by environment name (each must be declared under `environments`).",
        },
      },
    },
    costTags: {
      type: "array",
      default: [],
      description:
        "Cost-management tags: set as repo custom properties and topics, and on the compute jobs and clusters.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["key", "from"],
        properties: {
          key: { type: "string", pattern: "^[a-z][a-z0-9-]{0,39}$", description: "Tag key." },
          from: {
            type: "string",
            pattern: "^(cost-center|team|project|template|requester|fixed|naming:[A-Za-z][A-Za-z0-9]*)$",
            description:
              "Source of the value: `cost-center`, `team`, `project` (the repo name), `template`, `requester`, `fixed` (use `value`) or `naming:<part>`.",
          },
          value: {
            type: "string",
            description: "The value when `from: fixed`; otherwise the default when the source is empty.",
          },
          pattern: { type: "string", description: "Regular expression the value must match." },
          allowed: { type: "array", items: { type: "string" }, minItems: 1, description: "Values allowed." },
          required: { type: "boolean", default: true, description: "A missing value fails the create." },
          customProperty: { type: "string", description: "Org custom property that receives the value." },
          topic: { type: "boolean", default: false, description: "Also add a `<key>-<value>` topic." },
        },
      },
    },
    environments: {
      type: "array",
      default: [
        { name: "dev", reviewers: [] },
        { name: "prod", reviewers: ["team"] },
      ],
      description: "GitHub deployment environments of every generated repo.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name"],
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9_-]{1,255}$", description: "Environment name." },
          reviewers: {
            type: "array",
            items: { type: "string" },
            maxItems: 6,
            default: [],
            description:
              "Required reviewers: `team` (the project's team), `platform`, or team slugs. GitHub allows six.",
          },
          waitTimerMinutes: {
            type: "integer",
            minimum: 0,
            maximum: 43200,
            default: 0,
            description: "Delay before a deployment runs.",
          },
          preventSelfReview: {
            type: "boolean",
            default: true,
            description: "The person who triggered a deployment cannot approve it.",
          },
          deploymentBranches: {
            type: "string",
            enum: ["protected", "all"],
            default: "protected",
            description:
              "`protected`: only protected branches may deploy (tags may not: use `all` for environments that deploy releases); `all`: any ref.",
          },
        },
      },
    },
    branchProtection: {
      type: "object",
      additionalProperties: false,
      default: {},
      description:
        "Protection of the default branch: applied by create-project and enforced by enforce-protection (one policy). Each key's OpenSSF Scorecard tier and what it costs are explained below the table.",
      properties: {
        mechanism: {
          type: "string",
          enum: ["classic", "ruleset"],
          default: "classic",
          description: "Classic branch protection or a repository ruleset.",
        },
        preset: {
          type: "string",
          enum: ["default", "strict"],
          default: "default",
          description:
            "Starting point for the keys below: `default` (OpenSSF Scorecard 8/10) or `strict` (10/10: 2 approvals). Keys set here override it.",
        },
        requiredApprovingReviewCount: {
          type: "integer",
          minimum: 0,
          maximum: 6,
          default: preset.requiredApprovingReviewCount,
          description: "Approvals a pull request needs (Scorecard tier 2 at 1, tier 4 at 2).",
        },
        requireCodeOwnerReviews: {
          type: "boolean",
          default: preset.requireCodeOwnerReviews,
          description: "CODEOWNERS (the team) must approve (Scorecard tier 4, with a CODEOWNERS file).",
        },
        dismissStaleReviews: {
          type: "boolean",
          default: preset.dismissStaleReviews,
          description: "New commits dismiss approvals (Scorecard tier 5).",
        },
        requireLastPushApproval: {
          type: "boolean",
          default: preset.requireLastPushApproval,
          description:
            "The most recent push must be approved by someone other than its author (Scorecard tier 2).",
        },
        requiredStatusChecks: {
          type: "array",
          items: { type: "string", minLength: 1 },
          default: [...preset.requiredStatusChecks],
          description: "Checks that must pass (the reusable CI job's check name; Scorecard tier 3).",
        },
        strictStatusChecks: {
          type: "boolean",
          default: preset.strictStatusChecks,
          description: "Branches must be up to date before merging (Scorecard tier 2).",
        },
        enforceAdmins: {
          type: "boolean",
          default: preset.enforceAdmins,
          description: "Admins follow the rules too (Scorecard tier 5).",
        },
        requireConversationResolution: {
          type: "boolean",
          default: preset.requireConversationResolution,
          description: "Review threads must be resolved.",
        },
        requireLinearHistory: {
          type: "boolean",
          default: preset.requireLinearHistory,
          description: "No merge commits on the branch.",
        },
        allowForcePushes: {
          type: "boolean",
          default: preset.allowForcePushes,
          description: "Allow force pushes (Scorecard tier 1 wants false).",
        },
        allowDeletions: {
          type: "boolean",
          default: preset.allowDeletions,
          description: "Allow deleting the branch (Scorecard tier 1 wants false).",
        },
      },
    },
    platform: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Compute platform generated projects deploy to.",
      properties: {
        type: {
          type: "string",
          enum: ["databricks", "local"],
          default: "databricks",
          description: "`databricks`, or `local` (a folder on the runner, for trying the kit).",
        },
        databricks: {
          type: "object",
          additionalProperties: false,
          default: {},
          description: "Databricks settings.",
          properties: {
            hosts: {
              type: "object",
              additionalProperties: { type: "string", pattern: "^https://[A-Za-z0-9.-]+/?$" },
              default: {},
              description: "Workspace URL per environment name.",
            },
            sparkVersion: {
              type: "string",
              default: "15.4.x-scala2.12",
              description: "Databricks runtime of job clusters.",
            },
            nodeTypeId: {
              type: "string",
              default: "Standard_DS3_v2",
              description: "Node type of job clusters.",
            },
            auth: {
              type: "string",
              enum: ["github-oidc", "oauth-m2m"],
              default: "github-oidc",
              description:
                "`github-oidc`: workload identity federation, no stored secret; `oauth-m2m`: service-principal client id and secret per environment.",
            },
          },
        },
      },
    },
    enforcement: {
      type: "object",
      additionalProperties: false,
      default: {},
      description: "Which repos enforce-protection governs and how it reports.",
      properties: {
        selectByNamingConvention: {
          type: "boolean",
          default: true,
          description: "Govern repos whose name follows the convention.",
        },
        selectByCustomProperty: {
          type: "boolean",
          default: true,
          description: "Govern repos whose ownership property has the kit's value.",
        },
        include: {
          type: "array",
          items: { type: "string" },
          default: [],
          description: "Repo names always governed.",
        },
        exclude: {
          type: "array",
          items: { type: "string" },
          default: [],
          description: "Repo names never governed.",
        },
        preferOrgRuleset: {
          type: "boolean",
          default: true,
          description: "Use one org ruleset targeting the ownership property where the org supports it.",
        },
        failOnDrift: { type: "boolean", default: true, description: "Fail the run when drift remains." },
        concurrency: {
          type: "integer",
          minimum: 1,
          maximum: 32,
          default: 8,
          description: "Requests in flight at once.",
        },
      },
    },
  },
} as const;
