/**
 * Repository and organization rulesets (CRUD), and the effective rules of a branch, which merge the
 * repo's own active rulesets with the org's rulesets that target the repo.
 */
import {
  ApiError,
  bodyObject,
  type HandlerContext,
  NO_CONTENT,
  notFound,
  type OperationHandler,
  ok,
  paginate,
  requireOrg,
  requireRepo,
  validationFailed,
} from "./api-handler";
import { nodeId } from "./github-shapes";
import { hasAccess, isOrgOwner, repoAccess } from "./repo-access";
import { rulesetEnforcedOnBranch, rulesetTargetsRepo } from "./ruleset-matcher";
import { now, type SimOrg, type SimRepo, type SimRuleset, type SimState } from "./sim-state";

type Owner = SimRepo | SimOrg;

function isRepo(owner: Owner): owner is SimRepo {
  return "org" in owner;
}

/** Creates a ruleset from a POST body (also used by seeding). */
export function createRuleset(state: SimState, owner: Owner, body: Record<string, unknown>): SimRuleset {
  checkRuleset(owner, body, undefined);
  const stamp = now();
  const ruleset: SimRuleset = {
    id: state.newId(),
    name: String(body.name),
    target: (body.target as string | undefined) ?? "branch",
    enforcement: String(body.enforcement),
    bypassActors: (body.bypass_actors as unknown[] | undefined) ?? [],
    conditions: storedConditions(body.conditions),
    rules: (body.rules as Record<string, unknown>[] | undefined) ?? [],
    sourceType: isRepo(owner) ? "Repository" : "Organization",
    source: isRepo(owner) ? `${owner.org.login}/${owner.name}` : owner.login,
    createdAt: stamp,
    updatedAt: stamp,
  };
  owner.rulesets.set(ruleset.id, ruleset);
  return ruleset;
}

function checkRuleset(owner: Owner, body: Record<string, unknown>, self: SimRuleset | undefined): void {
  if (body.name !== undefined) {
    for (const other of owner.rulesets.values()) {
      if (other !== self && other.name === body.name) {
        throw validationFailed("Validation Failed", {
          resource: "Ruleset",
          field: "name",
          code: "already_exists",
          message: "Name must be unique",
        });
      }
    }
  }
  const conditions = body.conditions as Record<string, unknown> | undefined;
  if (
    !isRepo(owner) &&
    conditions &&
    !conditions.repository_name &&
    !conditions.repository_id &&
    !conditions.repository_property
  ) {
    throw validationFailed("Validation Failed", {
      resource: "Ruleset",
      field: "conditions",
      code: "invalid",
      message:
        "An organization ruleset must target repositories by repository_name, repository_id or repository_property.",
    });
  }
}

/** Conditions as GitHub keeps them: a `repository_name` condition always says whether it is `protected`. */
function storedConditions(conditions: unknown): Record<string, unknown> | null {
  if (!conditions || typeof conditions !== "object") return null;
  const out = { ...(conditions as Record<string, unknown>) };
  const byName = out.repository_name as Record<string, unknown> | undefined;
  if (byName && typeof byName === "object") out.repository_name = { protected: false, ...byName };
  return out;
}

function links(ctx: HandlerContext, ruleset: SimRuleset) {
  const self =
    ruleset.sourceType === "Repository"
      ? `${ctx.urls.api}/repos/${ruleset.source}/rulesets/${ruleset.id}`
      : `${ctx.urls.api}/orgs/${ruleset.source}/rulesets/${ruleset.id}`;
  const html =
    ruleset.sourceType === "Repository"
      ? `${ctx.urls.server}/${ruleset.source}/rules/${ruleset.id}`
      : `${ctx.urls.server}/organizations/${ruleset.source}/settings/rules/${ruleset.id}`;
  return { self: { href: self }, html: { href: html } };
}

/** What list endpoints return: no rules, conditions or bypass actors (as on GitHub). */
function summaryShape(ctx: HandlerContext, ruleset: SimRuleset) {
  return {
    id: ruleset.id,
    name: ruleset.name,
    target: ruleset.target,
    source_type: ruleset.sourceType,
    source: ruleset.source,
    enforcement: ruleset.enforcement,
    node_id: nodeId("RRS", ruleset.id),
    _links: links(ctx, ruleset),
    created_at: ruleset.createdAt,
    updated_at: ruleset.updatedAt,
  };
}

function canBypass(ctx: HandlerContext, ruleset: SimRuleset, repo: SimRepo | undefined): string {
  const actors = ruleset.bypassActors as {
    actor_type?: string;
    actor_id?: number | null;
    bypass_mode?: string;
  }[];
  const owner = repo
    ? isOrgOwner(ctx.user, repo.org)
    : ctx.state.org(ruleset.source) && isOrgOwner(ctx.user, ctx.state.org(ruleset.source)!);
  const admin = repo ? hasAccess(repoAccess(ctx.user, repo), "admin") : owner;
  const allowed = actors.find(
    (a) =>
      (a.actor_type === "OrganizationAdmin" && owner) ||
      (a.actor_type === "RepositoryRole" && a.actor_id === 5 && admin),
  );
  return allowed ? (allowed.bypass_mode === "pull_request" ? "pull_requests_only" : "always") : "never";
}

function fullShape(ctx: HandlerContext, ruleset: SimRuleset, repo?: SimRepo) {
  return {
    ...summaryShape(ctx, ruleset),
    bypass_actors: ruleset.bypassActors,
    current_user_can_bypass: canBypass(ctx, ruleset, repo),
    conditions: ruleset.conditions,
    rules: ruleset.rules,
  };
}

function update(ruleset: SimRuleset, owner: Owner, body: Record<string, unknown>): void {
  checkRuleset(owner, body, ruleset);
  if (body.name !== undefined) ruleset.name = String(body.name);
  if (body.target !== undefined) ruleset.target = String(body.target);
  if (body.enforcement !== undefined) ruleset.enforcement = String(body.enforcement);
  if (body.bypass_actors !== undefined) ruleset.bypassActors = body.bypass_actors as unknown[];
  if (body.conditions !== undefined) ruleset.conditions = storedConditions(body.conditions);
  if (body.rules !== undefined) ruleset.rules = body.rules as Record<string, unknown>[];
  ruleset.updatedAt = now();
}

function orgRulesetsFor(repo: SimRepo): SimRuleset[] {
  return [...repo.org.rulesets.values()].filter((r) => rulesetTargetsRepo(r, repo));
}

function requireRulesetId(ctx: HandlerContext): number {
  const id = Number(ctx.params.ruleset_id);
  if (!Number.isInteger(id)) throw notFound();
  return id;
}

function requireOrgAdmin(ctx: HandlerContext): SimOrg {
  const org = requireOrg(ctx);
  if (!isOrgOwner(ctx.user, org))
    throw new ApiError(403, "You must be an organization owner to manage organization rulesets.");
  return org;
}

export const rulesetHandlers: Record<string, OperationHandler> = {
  "repos/get-repo-rulesets": (ctx) => {
    const { repo } = requireRepo(ctx);
    const parents = ctx.query.get("includes_parents") !== "false";
    const rulesets = [...repo.rulesets.values(), ...(parents ? orgRulesetsFor(repo) : [])];
    const page = paginate(ctx, rulesets);
    return { status: 200, body: page.items.map((r) => summaryShape(ctx, r)), headers: page.headers };
  },

  "repos/create-repo-ruleset": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    return ok(fullShape(ctx, createRuleset(ctx.state, repo, bodyObject(ctx)), repo), 201);
  },

  "repos/get-repo-ruleset": (ctx) => {
    const { repo } = requireRepo(ctx);
    const id = requireRulesetId(ctx);
    const parents = ctx.query.get("includes_parents") !== "false";
    const ruleset =
      repo.rulesets.get(id) ?? (parents ? orgRulesetsFor(repo).find((r) => r.id === id) : undefined);
    if (!ruleset) throw notFound();
    return ok(fullShape(ctx, ruleset, repo));
  },

  "repos/update-repo-ruleset": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const ruleset = repo.rulesets.get(requireRulesetId(ctx));
    if (!ruleset) throw notFound();
    update(ruleset, repo, bodyObject(ctx));
    return ok(fullShape(ctx, ruleset, repo));
  },

  "repos/delete-repo-ruleset": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    if (!repo.rulesets.delete(requireRulesetId(ctx))) throw notFound();
    return NO_CONTENT;
  },

  "repos/get-branch-rules": (ctx) => {
    const { repo } = requireRepo(ctx);
    const branch = ctx.params.branch ?? "";
    const rules = [...repo.rulesets.values(), ...repo.org.rulesets.values()]
      // GitHub answers with the rules of active rulesets only (evaluate-mode rules are not enforced).
      .filter((r) => rulesetEnforcedOnBranch(r, repo, branch))
      .flatMap((r) =>
        r.rules.map((rule) => ({
          ...rule,
          ruleset_source_type: r.sourceType,
          ruleset_source: r.source,
          ruleset_id: r.id,
        })),
      );
    const page = paginate(ctx, rules);
    return { status: 200, body: page.items, headers: page.headers };
  },

  "repos/get-org-rulesets": (ctx) => {
    const org = requireOrgAdmin(ctx);
    const page = paginate(ctx, [...org.rulesets.values()]);
    return { status: 200, body: page.items.map((r) => summaryShape(ctx, r)), headers: page.headers };
  },

  "repos/create-org-ruleset": (ctx) => {
    const org = requireOrgAdmin(ctx);
    const body = bodyObject(ctx);
    if (!body.conditions) {
      throw validationFailed("Validation Failed", {
        resource: "Ruleset",
        field: "conditions",
        code: "missing_field",
        message: "An organization ruleset needs conditions that target repositories.",
      });
    }
    return ok(fullShape(ctx, createRuleset(ctx.state, org, body)), 201);
  },

  "repos/get-org-ruleset": (ctx) => {
    const org = requireOrgAdmin(ctx);
    const ruleset = org.rulesets.get(requireRulesetId(ctx));
    if (!ruleset) throw notFound();
    return ok(fullShape(ctx, ruleset));
  },

  "repos/update-org-ruleset": (ctx) => {
    const org = requireOrgAdmin(ctx);
    const ruleset = org.rulesets.get(requireRulesetId(ctx));
    if (!ruleset) throw notFound();
    update(ruleset, org, bodyObject(ctx));
    return ok(fullShape(ctx, ruleset));
  },

  "repos/delete-org-ruleset": (ctx) => {
    const org = requireOrgAdmin(ctx);
    if (!org.rulesets.delete(requireRulesetId(ctx))) throw notFound();
    return NO_CONTENT;
  },
};
