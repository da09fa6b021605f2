/**
 * Named branch-protection presets (`branchProtection.preset`). A preset fills every protection key
 * the config leaves out; keys written in the config override it. `default` is also where the schema's
 * per-key defaults come from, so "no preset" and `preset: default` are the same policy.
 *
 * Scores are OpenSSF Scorecard's Branch-Protection check (see src/protection/scorecard-score.ts),
 * with the CODEOWNERS file every kit template ships:
 * - `default` 8/10: tiers 1–3 (no force push or deletion; 1 approval, pull requests, up-to-date
 *   branches, approval of the most recent push; a required status check).
 * - `strict` 10/10: tiers 4–5 too (2 approvals with code-owner review; stale approvals dismissed and
 *   admins bound). Costs a small team a second reviewer on every pull request.
 */
import type { BranchProtectionPolicy } from "./kit-config";

export type ProtectionPresetName = "default" | "strict";

/** The protection keys a preset sets (everything but the mechanism and the preset's name). */
export type ProtectionPresetValues = Omit<BranchProtectionPolicy, "mechanism" | "preset">;

const DEFAULT_PRESET: ProtectionPresetValues = {
  requiredApprovingReviewCount: 1,
  requireCodeOwnerReviews: true,
  dismissStaleReviews: true,
  requireLastPushApproval: true,
  requiredStatusChecks: ["ci / build-test"],
  strictStatusChecks: true,
  enforceAdmins: true,
  requireConversationResolution: true,
  requireLinearHistory: false,
  allowForcePushes: false,
  allowDeletions: false,
};

export const PROTECTION_PRESETS: Readonly<Record<ProtectionPresetName, Readonly<ProtectionPresetValues>>> = {
  default: DEFAULT_PRESET,
  strict: { ...DEFAULT_PRESET, requiredApprovingReviewCount: 2 },
};

/** The Scorecard score each preset is built to reach (asserted by the presets' tests). */
export const PRESET_TARGET_SCORE: Readonly<Record<ProtectionPresetName, number>> = { default: 8, strict: 10 };

export function isProtectionPreset(name: unknown): name is ProtectionPresetName {
  return typeof name === "string" && Object.hasOwn(PROTECTION_PRESETS, name);
}

/**
 * Fills the keys of `branchProtection` the raw config leaves out from its preset, before the schema
 * applies its defaults (raw, unvalidated data: anything odd is left for the schema to report).
 */
export function applyProtectionPreset(data: unknown): void {
  if (!data || typeof data !== "object") return;
  const section = (data as Record<string, unknown>).branchProtection;
  if (!section || typeof section !== "object" || Array.isArray(section)) return;
  const raw = section as Record<string, unknown>;
  if (!isProtectionPreset(raw.preset)) return;
  for (const [key, value] of Object.entries(PROTECTION_PRESETS[raw.preset])) {
    if (!(key in raw)) raw[key] = Array.isArray(value) ? [...value] : value;
  }
}
