/**
 * The simulator's seed: users (with tokens), orgs, teams, custom-property schemas, and optionally many
 * repos with settings (cheap: kept in memory, no git on disk). Given as an object or a YAML file;
 * the format is documented in docs/simulator.md.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { kitRoot } from "../kit-paths";
import type { SeedApp } from "./app-auth";

export type RepoPermission = "pull" | "triage" | "push" | "maintain" | "admin";

export interface SeedUser {
  login: string;
  /** Token that authenticates as this user (none: the user exists but cannot call the API). */
  token?: string;
  name?: string;
  email?: string;
}

export interface SeedTeam {
  slug: string;
  name?: string;
  description?: string;
  privacy?: "closed" | "secret";
  /** Active members. */
  members?: string[];
  /** Active maintainers. */
  maintainers?: string[];
  /** Invited, not yet accepted: membership state `pending`, which grants nothing. */
  pending?: string[];
}

export interface SeedCustomProperty {
  property_name: string;
  value_type: "string" | "single_select" | "multi_select" | "true_false" | "url";
  required?: boolean;
  default_value?: string | string[] | null;
  description?: string | null;
  allowed_values?: string[] | null;
  values_editable_by?: "org_actors" | "org_and_repo_actors" | null;
}

export interface SeedRepo {
  name: string;
  description?: string | null;
  /** Seeded repos have no git on disk; with a default branch they get a synthetic commit sha for it. */
  default_branch?: string;
  archived?: boolean;
  visibility?: "public" | "private" | "internal";
  topics?: string[];
  custom_properties?: Record<string, string | string[] | null>;
  /** The PUT body of classic branch protection, applied to the default branch. */
  branch_protection?: Record<string, unknown>;
  /** Team slug → permission. */
  teams?: Record<string, RepoPermission>;
  /** Who created the repo by hand: GitHub makes the creator a direct admin collaborator. */
  creator?: string;
  /** Direct collaborators: login → permission. */
  collaborators?: Record<string, RepoPermission>;
  /** Repository rulesets (POST body shape). */
  rulesets?: Record<string, unknown>[];
}

export interface SeedOrg {
  login: string;
  name?: string;
  description?: string;
  /** Org owners: admin on every repo of the org. */
  owners?: string[];
  members?: string[];
  /** Base permission of members on every repo (GitHub's default: `read`). */
  default_repository_permission?: "none" | "read" | "write" | "admin";
  /** Whether members (not only owners) may create repositories (default true). */
  members_can_create_repositories?: boolean;
  teams?: SeedTeam[];
  custom_properties?: SeedCustomProperty[];
  repos?: SeedRepo[];
  /** Organization rulesets (POST body shape). */
  rulesets?: Record<string, unknown>[];
  /** GitHub plan (plans.ts): `free`, `team` or `enterprise` (default). */
  plan?: "free" | "team" | "enterprise";
}

export interface SimSeed {
  users?: SeedUser[];
  orgs?: SeedOrg[];
  /** GitHub Apps and their installations (docs/simulator.md, "GitHub Apps"). */
  apps?: SeedApp[];
}

export function parseSeed(yamlText: string, source = "seed"): SimSeed {
  const seed = parse(yamlText) as unknown;
  if (seed === null || seed === undefined) return {};
  if (typeof seed !== "object" || Array.isArray(seed)) {
    throw new Error(`${source}: a seed is a mapping with \`users\` and \`orgs\``);
  }
  return seed as SimSeed;
}

export function loadSeedFile(file: string): SimSeed {
  return parseSeed(readFileSync(file, "utf8"), file);
}

/** The demo organization shipped with the kit (matches mlops-kit.config.yml). */
export function demoSeedPath(): string {
  // Resolved from the kit's root, not this module: the CLI runs from a bundle in dist/.
  return path.join(kitRoot(), "src", "simulator", "demo-seed.yml");
}
