/**
 * What GitHub refuses on `git push`, decided for the pre-receive hook (git-push-hook.ts). Pure:
 * - an App token without `workflows: write` may not create or change `.github/workflows/**`;
 * - classic branch protection (GH006): force pushes and deletions unless allowed, direct pushes when
 *   pull requests or status checks are required, push restrictions; admins bypass when
 *   `enforce_admins` is off;
 * - active repo and org rulesets targeting the branch (GH013), conditions by ref name, repo name, id
 *   and custom property: `deletion`, `non_fast_forward`, `pull_request`, `required_status_checks`,
 *   `update`, `creation`; bypass actors (org admins, repo roles, teams, Apps) skip them.
 * Messages follow GitHub's wording (docs/simulator.md lists what remains different).
 */
import type { RefUpdate } from "./git-push-hook";
import { satisfies } from "./permission-check";
import { hasAccess, repoAccess } from "./repo-access";
import { rulesetEnforcedOnBranch } from "./ruleset-matcher";
import type { SimRepo, SimRuleset, SimUser } from "./sim-state";

export interface PushDecision {
  ok: boolean;
  /** Lines the hook prints; git shows them as `remote: …`. */
  messages: string[];
}

const ZERO = /^0+$/;
const WORKFLOW_PATH = /^\.github\/workflows\//;

export function decidePush(repo: SimRepo, user: SimUser | undefined, updates: RefUpdate[]): PushDecision {
  const messages: string[] = [];
  let ok = true;
  for (const update of updates) {
    const refusal =
      workflowRefusal(user, update) ??
      classicRefusal(repo, user, update) ??
      rulesetRefusal(repo, user, update);
    if (refusal) {
      ok = false;
      messages.push(...refusal);
    }
  }
  return { ok, messages };
}

function workflowRefusal(user: SimUser | undefined, update: RefUpdate): string[] | undefined {
  const grant = user?.installation;
  if (!grant || satisfies(grant.permissions, { permission: "workflows", access: "write" })) return undefined;
  const workflow = update.paths.find((p) => WORKFLOW_PATH.test(p));
  if (!workflow) return undefined;
  return [
    `error: refusing to allow a GitHub App to create or update workflow \`${workflow}\` without \`workflows\` permission`,
  ];
}

function branchOf(ref: string): string | undefined {
  return ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
}

function enabled(value: unknown): boolean {
  return (
    value === true ||
    (typeof value === "object" && value !== null && (value as { enabled?: boolean }).enabled === true)
  );
}

function requiredContexts(checks: unknown): string[] {
  const c = (checks ?? {}) as { contexts?: string[]; checks?: { context: string }[] };
  return [...(c.contexts ?? []), ...(c.checks ?? []).map((x) => x.context)].filter(
    (v, i, all) => all.indexOf(v) === i,
  );
}

/** Classic protection of the branch (GH006). */
function classicRefusal(repo: SimRepo, user: SimUser | undefined, update: RefUpdate): string[] | undefined {
  const branch = branchOf(update.ref);
  const protection = branch === undefined ? undefined : repo.protections.get(branch);
  if (!protection) return undefined;
  const isAdmin = !user?.installation && hasAccess(repoAccess(user, repo), "admin");
  if (isAdmin && !enabled(protection.enforce_admins)) return undefined;
  const reasons: string[] = [];
  if (ZERO.test(update.newSha)) {
    if (!enabled(protection.allow_deletions)) reasons.push("Cannot delete this branch");
  } else {
    if (update.forced && !enabled(protection.allow_force_pushes))
      reasons.push("Cannot force-push to this branch");
    if (protection.required_pull_request_reviews)
      reasons.push("Changes must be made through a pull request.");
    for (const context of requiredContexts(protection.required_status_checks)) {
      reasons.push(`Required status check "${context}" is expected.`);
    }
  }
  if (!reasons.length && protection.restrictions && !mayPushRestricted(repo, user, protection.restrictions)) {
    reasons.push(
      "You're not authorized to push to this branch. Visit https://docs.github.com/articles/about-protected-branches/ for more information.",
    );
  }
  if (!reasons.length) return undefined;
  return [
    `error: GH006: Protected branch update failed for ${update.ref}.`,
    ...reasons.map((r) => `error: ${r}`),
  ];
}

function mayPushRestricted(repo: SimRepo, user: SimUser | undefined, restrictions: unknown): boolean {
  if (!user) return false;
  const r = restrictions as { users?: string[]; teams?: string[]; apps?: string[] };
  if (user.installation) return (r.apps ?? []).includes(user.installation.installation.app.slug);
  const login = user.login.toLowerCase();
  if ((r.users ?? []).some((u) => u.toLowerCase() === login)) return true;
  return (r.teams ?? []).some(
    (slug) => repo.org.teams.get(slug.toLowerCase())?.members.get(login)?.state === "active",
  );
}

interface BypassActor {
  actor_type?: string;
  actor_id?: number | null;
  bypass_mode?: string;
}

/** Whether the pusher is one of the ruleset's bypass actors (a push is never a pull request). */
export function bypasses(ruleset: SimRuleset, repo: SimRepo, user: SimUser | undefined): boolean {
  if (!user) return false;
  const login = user.login.toLowerCase();
  return (ruleset.bypassActors as BypassActor[]).some((actor) => {
    if (actor.bypass_mode === "pull_request") return false;
    if (user.installation) {
      return actor.actor_type === "Integration" && actor.actor_id === user.installation.installation.app.id;
    }
    switch (actor.actor_type) {
      case "OrganizationAdmin":
        return repo.org.owners.has(login);
      case "RepositoryRole":
        // Role ids: 1 read, 2 triage, 3 write, 4 maintain, 5 admin.
        return actor.actor_id === 5
          ? hasAccess(repoAccess(user, repo), "admin")
          : actor.actor_id === 4
            ? hasAccess(repoAccess(user, repo), "maintain")
            : actor.actor_id === 3
              ? hasAccess(repoAccess(user, repo), "push")
              : false;
      case "Team": {
        const team = repo.org.teamsById.get(actor.actor_id ?? -1);
        return team?.members.get(login)?.state === "active";
      }
      default:
        return false;
    }
  });
}

function ruleReasons(rule: Record<string, unknown>, update: RefUpdate): string[] {
  const deleting = ZERO.test(update.newSha);
  const creating = ZERO.test(update.oldSha);
  const parameters = (rule.parameters ?? {}) as Record<string, unknown>;
  switch (rule.type) {
    case "deletion":
      return deleting ? ["Cannot delete this branch"] : [];
    case "non_fast_forward":
      return update.forced ? ["Cannot force-push to this branch"] : [];
    case "creation":
      return creating ? ["Cannot create ref due to creations being restricted."] : [];
    case "update":
      return !creating && !deleting ? ["Cannot update this protected ref."] : [];
    case "pull_request":
      return deleting ? [] : ["Changes must be made through a pull request."];
    case "required_status_checks": {
      if (deleting) return [];
      const checks = (parameters.required_status_checks ?? []) as { context: string }[];
      return checks.map((c) => `Required status check "${c.context}" is expected.`);
    }
    default:
      return [];
  }
}

/** Active repo and org rulesets on the branch (GH013), all violations listed as GitHub does. */
function rulesetRefusal(repo: SimRepo, user: SimUser | undefined, update: RefUpdate): string[] | undefined {
  const branch = branchOf(update.ref);
  if (branch === undefined) return undefined;
  const rulesets = [...repo.rulesets.values(), ...repo.org.rulesets.values()].filter(
    // The kit's shared condition evaluator (src/protection/ruleset-conditions.ts) decides the targeting.
    (r) => rulesetEnforcedOnBranch(r, repo, branch) && !bypasses(r, repo, user),
  );
  const reasons = [...new Set(rulesets.flatMap((r) => r.rules.flatMap((rule) => ruleReasons(rule, update))))];
  if (!reasons.length) return undefined;
  const rulesUrl = `/${repo.org.login}/${repo.name}/rules?ref=${encodeURIComponent(update.ref)}`;
  return [
    `error: GH013: Repository rule violations found for ${update.ref}.`,
    `Review all repository rules at ${rulesUrl}`,
    "",
    ...reasons.flatMap((r) => [`- ${r}`, ""]),
  ];
}
