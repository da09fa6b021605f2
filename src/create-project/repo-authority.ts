/**
 * Who may act on a repository that already exists (pure). Three rules, each one line of the threat
 * "another member of the org" in docs/security.md:
 *
 * 1. The ownership marker counts only when nobody but org-level actors can set it: a custom property
 *    that repo admins may edit is a marker anyone who can create a repo can forge.
 * 2. An existing kit repo is resumed only for the team recorded as its owner (custom property, with
 *    `.mlops-kit/answers.yml` as the cross-check); a request for another team is refused, never turned
 *    into a transfer.
 * 3. Before the kit provisions secrets or grants access into a repo it did not create in this run, the
 *    repo's direct collaborators and team grants must be exactly the ones the kit itself makes, with
 *    no pending invitation and no deploy key (the kit makes neither).
 */
import type { KitConfig } from "../config/kit-config";
import { KitError } from "../errors";
import { quoteForDisplay } from "../text/display";

/** One custom property definition of the org, as far as authority is concerned. */
export interface PropertyDefinition {
  name: string;
  /** `org_actors` (only org owners and people with the org-level permission) or `org_and_repo_actors`. */
  valuesEditableBy: "org_actors" | "org_and_repo_actors";
}

/** What the repo records about its owner team (undefined: not recorded there). */
export interface OwnerRecords {
  /** Value of the owner-team custom property. */
  property?: string;
  /** `project.team` of `.mlops-kit/answers.yml` on the default branch; `unreadable` when it is not YAML. */
  answers?: string | "unreadable";
}

/** Everyone and everything an existing repo grants access to, beyond the org's base permission. */
export interface RepoGrants {
  /** Logins with direct access (not via a team or the org's base permission). */
  collaborators: { login: string; permission: string }[];
  teams: { slug: string; permission: string }[];
  /** Pending invitations: access as soon as the invitee accepts. */
  invitations: { login: string; permission: string }[];
  /** Deploy keys: a key with write access can push a workflow that reads every secret. */
  deployKeys: { title: string; readOnly: boolean }[];
}

/**
 * The custom property that records the owning team: the one the `team` cost tag writes. The config
 * has one concept of "the project's team", so the ownership record is that tag's property.
 */
export function ownerTeamProperty(config: KitConfig): string | undefined {
  return config.costTags.find((t) => t.from === "team" && t.customProperty)?.customProperty;
}

/** Teams the kit itself grants on a project repo: the project team and the platform team. */
export function plannedTeamGrants(config: KitConfig, team: string): Map<string, string> {
  const grants = new Map<string, string>([[team, config.teams.projectPermission]]);
  if (!grants.has(config.teams.platform)) grants.set(config.teams.platform, config.teams.platformPermission);
  return grants;
}

/**
 * Refuses to run when a property the kit trusts for ownership may be set by repository actors: anyone
 * who may create a repo would then be able to mark it as the kit's, or as another team's.
 */
export function checkMarkerDefinitions(config: KitConfig, definitions: readonly PropertyDefinition[]): void {
  const trusted = [config.repository.ownership.customProperty, ownerTeamProperty(config)].filter(
    (name): name is string => Boolean(name),
  );
  const editable = definitions.filter((d) => trusted.includes(d.name) && d.valuesEditableBy !== "org_actors");
  if (editable.length === 0) return;
  throw new KitError(
    "ownership-marker-forgeable",
    `the org's custom propert${editable.length > 1 ? "ies" : "y"} ${editable.map((d) => `"${d.name}"`).join(", ")} can be set by repository admins (values_editable_by: ${editable[0]!.valuesEditableBy}), so anyone who creates a repository could forge the kit's ownership record; nothing was created. Fix: an org owner sets "Allow repository actors to set this property" off (values_editable_by: org_actors) in Organization settings → Custom properties, then re-run (docs/platform-team.md).`,
  );
}

/**
 * The owner team of an existing kit repo, or a refusal. The property is authoritative (only org actors
 * may set it); the answers file must not contradict it. Where the org has no owner-team property, the
 * answers file is the only record.
 */
export function decideOwnerTeam(fullName: string, records: OwnerRecords, platformTeam: string): string {
  const askPlatform = `ask the platform team (${platformTeam}) to check the repository; nothing was changed`;
  if (records.answers === "unreadable") {
    throw new KitError(
      "repository-owner-unclear",
      `${fullName}: .mlops-kit/answers.yml cannot be read, so the repository's owner team cannot be cross-checked; ${askPlatform}`,
    );
  }
  if (records.property && records.answers && records.property !== records.answers) {
    throw new KitError(
      "repository-owner-unclear",
      `${fullName} records two different owner teams (custom property: ${quoteForDisplay(records.property)}, .mlops-kit/answers.yml: ${quoteForDisplay(records.answers)}); ${askPlatform}`,
    );
  }
  const owner = records.property ?? records.answers;
  if (!owner) {
    throw new KitError(
      "repository-owner-unclear",
      `${fullName} exists with the kit's marker but records no owner team; ${askPlatform}`,
    );
  }
  return owner;
}

/** Refuses a request for an existing repo unless it is made for the team that owns it. */
export function checkResumeAuthority(
  fullName: string,
  requestedTeam: string,
  owner: string,
  platformTeam: string,
): void {
  if (owner === requestedTeam) return;
  throw new KitError(
    "repository-owned-by-another-team",
    `${fullName} already exists and belongs to team ${quoteForDisplay(owner)}; a request for team ${quoteForDisplay(requestedTeam)} may not resume or change it, and create never moves a project between teams. Nothing was changed. Choose another name for a new project, ask a member of ${quoteForDisplay(owner)} to run the request, or ask the platform team (${platformTeam}) to move it.`,
  );
}

/**
 * Grants of an existing repo that the kit would not have made: any direct collaborator other than the
 * kit's own identity (a repo's creator is its direct admin), any team outside the planned grants, any
 * pending invitation and any deploy key.
 */
export function unexpectedGrants(
  grants: RepoGrants,
  expectedTeams: ReadonlyMap<string, string>,
  kitLogin: string | undefined,
): string[] {
  const found: string[] = [];
  for (const c of grants.collaborators) {
    if (kitLogin && c.login.toLowerCase() === kitLogin.toLowerCase()) continue;
    found.push(`collaborator ${c.login} (${c.permission})`);
  }
  for (const t of grants.teams) {
    if (!expectedTeams.has(t.slug)) found.push(`team ${t.slug} (${t.permission})`);
  }
  for (const i of grants.invitations) found.push(`invitation of ${i.login} (${i.permission}), pending`);
  for (const k of grants.deployKeys)
    found.push(`deploy key ${quoteForDisplay(k.title)} (${k.readOnly ? "read-only" : "read and write"})`);
  return found;
}

export function checkGrants(
  fullName: string,
  grants: RepoGrants,
  expectedTeams: ReadonlyMap<string, string>,
  kitLogin: string | undefined,
  platformTeam: string,
): void {
  const found = unexpectedGrants(grants, expectedTeams, kitLogin);
  if (found.length === 0) return;
  throw new KitError(
    "repository-unexpected-grants",
    `${fullName} carries the kit's marker but has access grants the kit never makes, so it may not be the kit's; no secret was provisioned and no access granted. Ask the platform team (${platformTeam}) to review and remove these grants (or the repository), then re-run:`,
    found,
  );
}
