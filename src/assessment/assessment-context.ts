/** The assessment's expectations, taken from the org's kit config (pure). */
import type { KitConfig } from "../config/kit-config";
import type { AssessmentContext } from "./repo-facts";

export function assessmentContextOf(config: KitConfig, latestKitVersion: string): AssessmentContext {
  return {
    latestKitVersion,
    kitRepository: config.kit.repository,
    costTags: config.costTags.map((t) => ({
      key: t.key,
      ...(t.pattern ? { pattern: t.pattern } : {}),
      ...(t.allowed ? { allowed: t.allowed } : {}),
      required: t.required,
    })),
    requiredStatusChecks: [...config.branchProtection.requiredStatusChecks],
  };
}
