/**
 * The create-project plan: typed steps, each one idempotent, with the steps it waits for. It is pure data:
 * printed as is for a dry run, executed by the plan applier otherwise, asserted on by tests. Secret
 * steps name the environment variable that holds the value; values are read and sealed only when the
 * step runs, so a plan can be printed and stored safely.
 */
import type { RenderedTree } from "../templates/template-renderer";

export type PlanArea =
  | "repository"
  | "content"
  | "properties"
  | "topics"
  | "access"
  | "environments"
  | "secrets"
  | "protection";

interface StepBase {
  /** Stable id, e.g. `secret:env:prod:DATABRICKS_CLIENT_ID`. */
  id: string;
  area: PlanArea;
  /** One line for people. */
  description: string;
  dependsOn: string[];
}

/** A REST call with a fixed body (PUT/PATCH with replace semantics: repeating it converges). */
export interface RequestStep extends StepBase {
  kind: "request";
  route: string;
  params: Record<string, unknown>;
}

/** POST the repository; "already exists" is success when the repo carries the kit's ownership marker. */
export interface CreateRepositoryStep extends StepBase {
  kind: "create-repository";
  route: "POST /orgs/{org}/repos";
  params: Record<string, unknown>;
}

export interface PushInitialCommitStep extends StepBase {
  kind: "push-initial-commit";
  branch: string;
  /** Rendered files (paths only appear in the printed plan). */
  tree: RenderedTree;
  message: string;
}

export type SecretScope = { type: "repository" } | { type: "environment"; environment: string };

export interface SetSecretStep extends StepBase {
  kind: "set-secret";
  scope: SecretScope;
  name: string;
  /** Environment variable of this process that holds the value. */
  fromEnv: string;
}

/** Create the kit's ruleset, or update it when a ruleset with its name exists (never a duplicate). */
export interface UpsertRulesetStep extends StepBase {
  kind: "upsert-ruleset";
  existingRulesetId?: number;
  body: Record<string, unknown>;
}

export type PlanStep =
  | RequestStep
  | CreateRepositoryStep
  | PushInitialCommitStep
  | SetSecretStep
  | UpsertRulesetStep;

export interface CreatePlan {
  org: string;
  repo: string;
  /** Browser URL of the repo. */
  url: string;
  /** Git remote (HTTPS, no credentials). */
  cloneUrl: string;
  /** What the plan found: a new repo, or one this kit created and left unfinished. */
  mode: "create" | "resume";
  steps: PlanStep[];
  /** Things worth knowing that are not steps (e.g. a cost tag with no org custom property). */
  notes: string[];
}
