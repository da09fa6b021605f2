/**
 * Custom properties: the org's schema (definitions) and the values on repos, including the org-wide
 * values listing that enforcement uses to scope thousands of repos in a few paginated calls.
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
import { setRepoProperties } from "./custom-properties";
import { hasAccess, isOrgMember, isOrgOwner } from "./repo-access";
import type { SimCustomProperty, SimOrg, SimRepo } from "./sim-state";

function definitionShape(ctx: HandlerContext, org: SimOrg, p: SimCustomProperty) {
  return {
    property_name: p.property_name,
    url: `${ctx.urls.api}/orgs/${org.login}/properties/schema/${encodeURIComponent(p.property_name)}`,
    source_type: "organization",
    value_type: p.value_type,
    required: p.required,
    default_value: p.default_value ?? null,
    description: p.description ?? null,
    allowed_values: p.allowed_values ?? null,
    values_editable_by: p.values_editable_by ?? "org_actors",
  };
}

function requireOwner(ctx: HandlerContext, org: SimOrg): void {
  if (!isOrgOwner(ctx.user, org))
    throw new ApiError(403, "You must be an organization owner to manage custom properties.");
}

function defineProperty(org: SimOrg, name: string, body: Record<string, unknown>): SimCustomProperty {
  const valueType = body.value_type as SimCustomProperty["value_type"];
  const allowed = (body.allowed_values as string[] | null | undefined) ?? null;
  const required = (body.required as boolean | undefined) ?? false;
  const defaultValue = (body.default_value as string | string[] | null | undefined) ?? null;
  if ((valueType === "single_select" || valueType === "multi_select") && (!allowed || allowed.length === 0)) {
    throw validationFailed(`allowed_values must be set for a ${valueType} property.`, {
      resource: "CustomProperty",
      field: "allowed_values",
    });
  }
  if (required && defaultValue === null) {
    throw validationFailed("A required property must have a default value.", {
      resource: "CustomProperty",
      field: "default_value",
    });
  }
  const property: SimCustomProperty = {
    property_name: name,
    value_type: valueType,
    required,
    default_value: defaultValue,
    description: (body.description as string | null | undefined) ?? null,
    allowed_values: allowed,
    values_editable_by: (body.values_editable_by as SimCustomProperty["values_editable_by"]) ?? "org_actors",
  };
  if (allowed && defaultValue !== null) {
    for (const v of Array.isArray(defaultValue) ? defaultValue : [defaultValue]) {
      if (!allowed.includes(v)) {
        throw validationFailed(`Default value '${v}' is not one of the allowed values.`, {
          resource: "CustomProperty",
          field: "default_value",
        });
      }
    }
  }
  org.properties.set(name, property);
  return property;
}

/**
 * The subset of GitHub's repository search syntax the simulator understands in `repository_query`:
 * `props.NAME:VALUE` (comma-separated values match any), `archived:true|false`,
 * `is:public|private|internal`, `repo:OWNER/NAME`, and bare words matched against the repo name.
 */
function queryFilter(query: string | null): (repo: SimRepo) => boolean {
  if (!query?.trim()) return () => true;
  const tests: ((repo: SimRepo) => boolean)[] = [];
  for (const term of query.trim().split(/\s+/)) {
    const negate = term.startsWith("-");
    const t = negate ? term.slice(1) : term;
    let test: (repo: SimRepo) => boolean;
    const prop = /^props\.([^:]+):(.+)$/.exec(t);
    if (prop) {
      const values = prop[2]!.split(",");
      test = (repo) => {
        const value =
          repo.properties.get(prop[1]!) ?? repo.org.properties.get(prop[1]!)?.default_value ?? null;
        return (
          value !== null &&
          (Array.isArray(value) ? value.some((v) => values.includes(v)) : values.includes(value))
        );
      };
    } else if (/^archived:(true|false)$/.test(t)) {
      const archived = t.endsWith("true");
      test = (repo) => repo.archived === archived;
    } else if (/^is:(public|private|internal)$/.test(t)) {
      const visibility = t.slice(3);
      test = (repo) => repo.visibility === visibility;
    } else if (t.startsWith("repo:")) {
      const full = t.slice(5).toLowerCase();
      test = (repo) => `${repo.org.login}/${repo.name}`.toLowerCase() === full;
    } else if (!t.includes(":")) {
      const word = t.toLowerCase();
      test = (repo) => repo.name.toLowerCase().includes(word);
    } else {
      throw validationFailed(
        `The GitHub simulator does not understand the qualifier '${t}' in repository_query.`,
        {
          resource: "Search",
          field: "repository_query",
        },
      );
    }
    tests.push(negate ? (repo) => !test(repo) : test);
  }
  return (repo) => tests.every((test) => test(repo));
}

function valuesOf(repo: SimRepo) {
  return [...repo.properties].map(([property_name, value]) => ({ property_name, value }));
}

export const propertyHandlers: Record<string, OperationHandler> = {
  "orgs/custom-properties-for-repos-get-organization-definitions": (ctx) => {
    const org = requireOrg(ctx);
    if (!isOrgMember(ctx.user, org)) throw notFound();
    return ok([...org.properties.values()].map((p) => definitionShape(ctx, org, p)));
  },

  "orgs/custom-properties-for-repos-create-or-update-organization-definitions": (ctx) => {
    const org = requireOrg(ctx);
    requireOwner(ctx, org);
    const properties = bodyObject(ctx).properties as Record<string, unknown>[];
    for (const p of properties) defineProperty(org, String(p.property_name), p);
    return ok([...org.properties.values()].map((p) => definitionShape(ctx, org, p)));
  },

  "orgs/custom-properties-for-repos-get-organization-definition": (ctx) => {
    const org = requireOrg(ctx);
    if (!isOrgMember(ctx.user, org)) throw notFound();
    const property = org.properties.get(ctx.params.custom_property_name ?? "");
    if (!property) throw notFound();
    return ok(definitionShape(ctx, org, property));
  },

  "orgs/custom-properties-for-repos-create-or-update-organization-definition": (ctx) => {
    const org = requireOrg(ctx);
    requireOwner(ctx, org);
    return ok(
      definitionShape(ctx, org, defineProperty(org, ctx.params.custom_property_name ?? "", bodyObject(ctx))),
    );
  },

  "orgs/custom-properties-for-repos-delete-organization-definition": (ctx) => {
    const org = requireOrg(ctx);
    requireOwner(ctx, org);
    const name = ctx.params.custom_property_name ?? "";
    if (!org.properties.delete(name)) throw notFound();
    for (const repo of org.repos) repo.properties.delete(name);
    return NO_CONTENT;
  },

  "orgs/custom-properties-for-repos-get-organization-values": (ctx) => {
    const org = requireOrg(ctx);
    if (!isOrgMember(ctx.user, org))
      throw new ApiError(403, `You must be a member of ${org.login} to read custom property values.`);
    const filter = queryFilter(ctx.query.get("repository_query"));
    const repos = ctx.query.get("repository_query") ? org.repos.filter(filter) : org.repos;
    const page = paginate(ctx, repos);
    return {
      status: 200,
      body: page.items.map((repo) => ({
        repository_id: repo.id,
        repository_name: repo.name,
        repository_full_name: `${org.login}/${repo.name}`,
        properties: valuesOf(repo),
      })),
      headers: page.headers,
    };
  },

  "orgs/custom-properties-for-repos-create-or-update-organization-values": (ctx) => {
    const org = requireOrg(ctx);
    requireOwner(ctx, org);
    const body = bodyObject(ctx);
    const repos = (body.repository_names as string[]).map((name) => {
      const repo = ctx.state.repo(org.login, name);
      if (!repo)
        throw validationFailed(`Repository '${name}' was not found in ${org.login}.`, {
          resource: "Repository",
          field: "repository_names",
        });
      return repo;
    });
    const values = body.properties as { property_name: string; value: unknown }[];
    for (const repo of repos) setRepoProperties(repo, values);
    return NO_CONTENT;
  },

  "repos/custom-properties-for-repos-get-repository-values": (ctx) => {
    const { repo } = requireRepo(ctx);
    return ok(valuesOf(repo));
  },

  "repos/custom-properties-for-repos-create-or-update-repository-values": (ctx) => {
    const { repo, access } = requireRepo(ctx);
    const values = bodyObject(ctx).properties as { property_name: string; value: unknown }[];
    // Repo admins may set only the properties the org lets repo actors edit; owners may set all.
    const owner = isOrgOwner(ctx.user, repo.org);
    for (const v of values) {
      const editableByRepo =
        repo.org.properties.get(v.property_name)?.values_editable_by === "org_and_repo_actors";
      if (!owner && !(editableByRepo && hasAccess(access, "admin"))) {
        throw new ApiError(403, `You do not have permission to edit the property '${v.property_name}'.`);
      }
    }
    setRepoProperties(repo, values);
    return NO_CONTENT;
  },
};
