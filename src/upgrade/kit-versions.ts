/**
 * Kit versions and their tags: releases are `vX.Y.Z` (plus a moving `vX`), generated repos record the
 * exact `X.Y.Z` they were rendered from. Pure.
 */
import { KitError } from "../errors";

export interface KitVersion {
  major: number;
  minor: number;
  patch: number;
}

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseKitVersion(text: string, what = "kit version"): KitVersion {
  const match = VERSION.exec(text.trim());
  if (!match)
    throw new KitError("version-invalid", `${what} ${JSON.stringify(text)} is not X.Y.Z (e.g. 0.2.0)`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** `X.Y.Z` without the `v`. */
export function normalizeVersion(text: string, what?: string): string {
  const v = parseKitVersion(text, what);
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function compareVersions(a: string, b: string): number {
  const x = parseKitVersion(a);
  const y = parseKitVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** The release tag of a version: `v0.2.0`. */
export const releaseTag = (version: string): string => `v${normalizeVersion(version)}`;

/** The moving major tag a release also updates: `v0`. */
export const majorTag = (version: string): string => `v${parseKitVersion(version).major}`;

/** A ref that pins an exact commit (a full SHA) rather than a tag. */
export const isCommitSha = (ref: string): boolean => /^[0-9a-f]{40}$/.test(ref);
