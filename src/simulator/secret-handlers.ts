/**
 * Actions secrets (repository and environment level) with real sealed-box keys, and environments with
 * their protection rules (required reviewers, wait timer, deployment branch policy).
 */
import {
  bodyObject,
  type HandlerContext,
  NO_CONTENT,
  notFound,
  type OperationHandler,
  ok,
  paginate,
  requireRepo,
  validationFailed,
} from "./api-handler";
import { nodeId, simpleUser, teamShape } from "./github-shapes";
import { newKeyPair, openSealed, type SealedKeyPair } from "./sealed-secrets";
import { now, type SimEnvironment, type SimRepo, type SimSecret } from "./sim-state";

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_REVIEWERS = 6;

/** Secrets and key pair of the scope the route names: the repo, or one of its environments. */
function secretScope(ctx: HandlerContext): {
  repo: SimRepo;
  holder: { secrets: Map<string, SimSecret>; keys?: SealedKeyPair };
} {
  // Reading or writing secrets needs admin on the repo, as on GitHub.
  const { repo } = requireRepo(ctx, "admin");
  const envName = ctx.params.environment_name;
  if (envName === undefined) return { repo, holder: repo };
  const environment = repo.environments.get(envName.toLowerCase());
  if (!environment) throw notFound();
  return { repo, holder: environment };
}

function keysOf(holder: { keys?: SealedKeyPair }): SealedKeyPair {
  holder.keys ??= newKeyPair();
  return holder.keys;
}

function secretShape(secret: SimSecret) {
  return { name: secret.name, created_at: secret.createdAt, updated_at: secret.updatedAt };
}

const publicKey: OperationHandler = (ctx) => {
  const keys = keysOf(secretScope(ctx).holder);
  return ok({ key_id: keys.keyId, key: keys.publicKeyBase64 });
};

const listSecrets: OperationHandler = (ctx) => {
  const secrets = [...secretScope(ctx).holder.secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(ctx, secrets);
  return {
    status: 200,
    body: { total_count: secrets.length, secrets: page.items.map(secretShape) },
    headers: page.headers,
  };
};

const getSecret: OperationHandler = (ctx) => {
  const secret = secretScope(ctx).holder.secrets.get((ctx.params.secret_name ?? "").toUpperCase());
  if (!secret) throw notFound();
  return ok(secretShape(secret));
};

const putSecret: OperationHandler = (ctx) => {
  const { holder } = secretScope(ctx);
  const name = (ctx.params.secret_name ?? "").toUpperCase();
  if (!SECRET_NAME.test(name) || name.startsWith("GITHUB_")) {
    throw validationFailed(
      "Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_), must not start with a number or GITHUB_.",
      { resource: "Secret", field: "name", code: "invalid" },
    );
  }
  const body = bodyObject(ctx);
  const keys = keysOf(holder);
  if (body.key_id !== keys.keyId) {
    throw validationFailed("Bad request: key_id does not match the current public key.", {
      resource: "Secret",
      field: "key_id",
      code: "invalid",
    });
  }
  const value = openSealed(keys, String(body.encrypted_value));
  if (value === undefined) {
    throw validationFailed("Bad request: encrypted_value could not be decrypted with the public key.", {
      resource: "Secret",
      field: "encrypted_value",
      code: "invalid",
    });
  }
  const existing = holder.secrets.get(name);
  const stamp = now();
  holder.secrets.set(name, { name, value, createdAt: existing?.createdAt ?? stamp, updatedAt: stamp });
  return existing ? NO_CONTENT : { status: 201, body: {} };
};

const deleteSecret: OperationHandler = (ctx) => {
  const { holder } = secretScope(ctx);
  if (!holder.secrets.delete((ctx.params.secret_name ?? "").toUpperCase())) throw notFound();
  return NO_CONTENT;
};

function environmentShape(ctx: HandlerContext, repo: SimRepo, env: SimEnvironment) {
  const rules: Record<string, unknown>[] = [];
  if (env.waitTimer > 0) {
    rules.push({
      id: env.id * 10 + 1,
      node_id: nodeId("GA", env.id * 10 + 1),
      type: "wait_timer",
      wait_timer: env.waitTimer,
    });
  }
  if (env.reviewers.length > 0) {
    rules.push({
      id: env.id * 10 + 2,
      node_id: nodeId("GA", env.id * 10 + 2),
      prevent_self_review: env.preventSelfReview,
      type: "required_reviewers",
      reviewers: env.reviewers.map((r) => ({
        type: r.type,
        reviewer:
          r.type === "Team"
            ? teamShape(ctx.urls, repo.org.teamsById.get(r.id)!)
            : simpleUser(ctx.urls, [...ctx.state.users.values()].find((u) => u.id === r.id)!),
      })),
    });
  }
  if (env.deploymentBranchPolicy) {
    rules.push({ id: env.id * 10 + 3, node_id: nodeId("GA", env.id * 10 + 3), type: "branch_policy" });
  }
  return {
    id: env.id,
    node_id: nodeId("EN", env.id),
    name: env.name,
    url: `${ctx.urls.api}/repos/${repo.org.login}/${repo.name}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${ctx.urls.server}/${repo.org.login}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.createdAt,
    updated_at: env.updatedAt,
    protection_rules: rules,
    deployment_branch_policy: env.deploymentBranchPolicy,
  };
}

export const secretHandlers: Record<string, OperationHandler> = {
  "actions/get-repo-public-key": publicKey,
  "actions/list-repo-secrets": listSecrets,
  "actions/get-repo-secret": getSecret,
  "actions/create-or-update-repo-secret": putSecret,
  "actions/delete-repo-secret": deleteSecret,
  "actions/get-environment-public-key": publicKey,
  "actions/list-environment-secrets": listSecrets,
  "actions/get-environment-secret": getSecret,
  "actions/create-or-update-environment-secret": putSecret,
  "actions/delete-environment-secret": deleteSecret,

  "repos/get-all-environments": (ctx) => {
    const { repo } = requireRepo(ctx);
    const environments = [...repo.environments.values()].sort((a, b) => a.name.localeCompare(b.name));
    const page = paginate(ctx, environments);
    return {
      status: 200,
      body: {
        total_count: environments.length,
        environments: page.items.map((e) => environmentShape(ctx, repo, e)),
      },
      headers: page.headers,
    };
  },

  "repos/get-environment": (ctx) => {
    const { repo } = requireRepo(ctx);
    const env = repo.environments.get((ctx.params.environment_name ?? "").toLowerCase());
    if (!env) throw notFound();
    return ok(environmentShape(ctx, repo, env));
  },

  "repos/create-or-update-environment": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    const name = ctx.params.environment_name ?? "";
    const body = bodyObject(ctx);
    const reviewers = (body.reviewers as { type: "User" | "Team"; id: number }[] | null | undefined) ?? [];
    if (reviewers.length > MAX_REVIEWERS) {
      throw validationFailed(`Only ${MAX_REVIEWERS} reviewers can be set.`, {
        resource: "Environment",
        field: "reviewers",
      });
    }
    for (const reviewer of reviewers) {
      const exists =
        reviewer.type === "Team"
          ? repo.org.teamsById.has(reviewer.id)
          : [...ctx.state.users.values()].some((u) => u.id === reviewer.id);
      if (!exists) {
        throw validationFailed(`Reviewer ${reviewer.type} with id ${reviewer.id} was not found.`, {
          resource: "Environment",
          field: "reviewers",
          code: "invalid",
        });
      }
    }
    const policy = body.deployment_branch_policy as SimEnvironment["deploymentBranchPolicy"] | undefined;
    if (policy && policy.protected_branches === policy.custom_branch_policies) {
      throw validationFailed("Only one of protected_branches and custom_branch_policies can be true.", {
        resource: "Environment",
        field: "deployment_branch_policy",
        code: "invalid",
      });
    }
    const stamp = now();
    const existing = repo.environments.get(name.toLowerCase());
    const env: SimEnvironment = existing ?? {
      id: ctx.state.newId(),
      name,
      waitTimer: 0,
      preventSelfReview: false,
      reviewers: [],
      deploymentBranchPolicy: null,
      secrets: new Map(),
      createdAt: stamp,
      updatedAt: stamp,
    };
    // PUT replaces the protection settings; omitted ones fall back to GitHub's defaults.
    env.waitTimer = (body.wait_timer as number | undefined) ?? 0;
    env.preventSelfReview = (body.prevent_self_review as boolean | undefined) ?? false;
    env.reviewers = reviewers.map((r) => ({ type: r.type, id: r.id }));
    env.deploymentBranchPolicy = policy ?? null;
    env.updatedAt = stamp;
    repo.environments.set(name.toLowerCase(), env);
    return ok(environmentShape(ctx, repo, env));
  },

  "repos/delete-an-environment": (ctx) => {
    const { repo } = requireRepo(ctx, "admin");
    if (!repo.environments.delete((ctx.params.environment_name ?? "").toLowerCase())) throw notFound();
    return NO_CONTENT;
  },
};

/** Decrypted secrets of a repo or environment (for `/_sim/secrets`); `undefined` when absent. */
export function decryptedSecrets(repo: SimRepo, environment?: string): Record<string, string> | undefined {
  const holder = environment === undefined ? repo : repo.environments.get(environment.toLowerCase());
  if (!holder) return undefined;
  return Object.fromEntries([...holder.secrets.values()].map((s) => [s.name, s.value]));
}
