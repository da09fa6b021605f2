/**
 * Who may create a project: every person behind the run (`github.actor` and `github.triggering_actor`,
 * which differ on a re-run by someone else) must be an *active* member of the chosen team, and the team
 * must be one the config allows. Pending invitations do not count.
 */
import { KitError } from "../errors";
import { quoteForDisplay } from "../text/display";

export type TeamMembershipState = "active" | "pending" | "none";

/** Reads one user's membership of one team (adapter). */
export type MembershipReader = (team: string, user: string) => Promise<TeamMembershipState>;

export interface AccessDecision {
  allowed: boolean;
  /** One line per requester. */
  findings: string[];
}

export function decideAccess(team: string, memberships: Record<string, TeamMembershipState>): AccessDecision {
  const users = Object.keys(memberships);
  if (users.length === 0)
    return { allowed: false, findings: ["no requester identity (GITHUB_ACTOR is empty)"] };
  const findings = users.map((user) => {
    const state = memberships[user];
    if (state === "active") return `${user} is an active member of ${team}`;
    if (state === "pending")
      return `${user}'s membership of ${team} is still pending (accept the invitation first)`;
    return `${user} is not a member of ${team}`;
  });
  return { allowed: users.every((u) => memberships[u] === "active"), findings };
}

/** The distinct people behind a run. */
export function requestersOf(actor: string, triggeringActor: string): string[] {
  return [...new Set([actor, triggeringActor].map((a) => a.trim()).filter(Boolean))];
}

export async function checkRequesterAccess(
  team: string,
  requesters: string[],
  readMembership: MembershipReader,
): Promise<string[]> {
  const entries = await Promise.all(
    requesters.map(async (user) => [user, await readMembership(team, user)] as const),
  );
  const decision = decideAccess(team, Object.fromEntries(entries));
  if (!decision.allowed) {
    throw new KitError(
      "requester-not-allowed",
      `only active members of team ${quoteForDisplay(team)} may create a project for it; nothing was created`,
      decision.findings,
    );
  }
  return decision.findings;
}
