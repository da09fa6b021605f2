/**
 * What an org's plan allows (seed `plan: free | team | enterprise`; default `enterprise`, the GHEC
 * description the simulator serves): `internal` repositories only on Enterprise; branch protection and
 * rulesets on private and internal repos not on Free ("Upgrade to GitHub Pro or make this repository
 * public to enable this feature."); custom properties not on Free (404, as the kit reads it: "no
 * properties on this plan"). Checked before the handler, for the operations concerned.
 */
import type { ApiResult } from "./api-handler";
import { DOCS_URL } from "./api-handler";
import type { SimOrg, SimRepo, SimState } from "./sim-state";

export type OrgPlan = "free" | "team" | "enterprise";

export const UPGRADE_MESSAGE = "Upgrade to GitHub Pro or make this repository public to enable this feature.";

/** Plans by org id (kept beside the state: seeds set them, resets drop them with the state). */
const plans = new WeakMap<SimOrg, OrgPlan>();

export function setPlan(org: SimOrg, plan: OrgPlan): void {
  plans.set(org, plan);
}

export function planOf(org: SimOrg): OrgPlan {
  return plans.get(org) ?? "enterprise";
}

const PROTECTION_OPERATIONS =
  /^repos\/(get|update|delete)-branch-protection$|^repos\/(get-repo-rulesets|create-repo-ruleset|get-repo-ruleset|update-repo-ruleset|delete-repo-ruleset)$/;
const PROPERTY_OPERATIONS = /custom-properties-for-repos-/;

function refuse(status: number, message: string, extra: Record<string, unknown> = {}): ApiResult {
  return { status, body: { message, documentation_url: DOCS_URL, status: String(status), ...extra } };
}

/** The refusal an org's plan gives `operationId`, or `undefined`. */
export function planRefusal(
  state: SimState,
  operationId: string,
  params: Record<string, string>,
  body: unknown,
): ApiResult | undefined {
  const repo: SimRepo | undefined =
    params.owner && params.repo ? state.repo(params.owner, params.repo) : undefined;
  const org = repo?.org ?? (params.org ? state.org(params.org) : undefined);
  if (!org) return undefined;
  const plan = planOf(org);
  if (plan === "enterprise") return undefined;
  const visibility = (body as { visibility?: unknown } | undefined)?.visibility;
  if (
    (operationId === "repos/create-in-org" || operationId === "repos/update") &&
    visibility === "internal"
  ) {
    return refuse(422, "Repository creation failed.", {
      errors: [
        {
          resource: "Repository",
          code: "custom",
          field: "visibility",
          message: "visibility can't be internal: internal repositories need GitHub Enterprise",
        },
      ],
    });
  }
  if (plan === "free" && repo && repo.visibility !== "public" && PROTECTION_OPERATIONS.test(operationId)) {
    return refuse(403, UPGRADE_MESSAGE);
  }
  if (plan === "free" && PROPERTY_OPERATIONS.test(operationId)) return refuse(404, "Not Found");
  return undefined;
}
