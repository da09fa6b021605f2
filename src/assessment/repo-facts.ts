/**
 * The "repo facts" record the criteria read (pure data): the repo's relevant files and, when assessed
 * through the API, what GitHub says about its protection and environments. Adapters fill it
 * (`local-facts.ts` from a checkout, `github-facts.ts` through the API); criteria never do I/O.
 */
import type { ProtectionFacts } from "../protection/scorecard-score";

export interface ProtectionObservation {
  facts: ProtectionFacts;
  /** Where the facts came from (classic protection, a ruleset…), for the evidence. */
  source: string;
  /** Scorecard's Branch-Protection score of `facts`, when known. */
  score?: number;
}

export interface EnvironmentObservation {
  name: string;
  /** Required reviewers (users and teams) of the environment's protection rules. */
  reviewers: number;
  /** Names of the environment's secrets, when they were read (only when OIDC makes them matter). */
  secretNames?: string[];
}

/** What the org's kit config says a repo should carry (from the config, not the repo). */
export interface AssessmentContext {
  /** The kit release the fleet should be on. */
  latestKitVersion: string;
  /** `owner/repo` of the kit: its reusable workflows count as first-party. */
  kitRepository: string;
  costTags: { key: string; pattern?: string; allowed?: string[]; required: boolean }[];
  /** Status checks the kit's protection requires (the CI job's check). */
  requiredStatusChecks: string[];
}

export interface RepoFacts {
  /** `owner/name` (API) or the checkout's folder name (local). */
  repo: string;
  source: "local" | "api";
  defaultBranch: string;
  /** Every file path in the repo (posix, repo-relative). */
  paths: readonly string[];
  /** Text of the files criteria read (workflows, bundle, pyproject, kit files, tests…). */
  files: ReadonlyMap<string, string>;
  /** Undefined: not observed (local checkout); `unreadable`: the API refused. */
  protection?: ProtectionObservation | { unreadable: string };
  environments?: EnvironmentObservation[] | { unreadable: string };
}

/** Which files an adapter must load the text of (everything else is only listed). */
export function isRelevantFile(path: string): boolean {
  return (
    path.startsWith(".github/") ||
    path.startsWith(".mlops-kit/") ||
    /^(tests?|src)\/.*\.py$/.test(path) ||
    /^(databricks\.ya?ml|pyproject\.toml|\.pre-commit-config\.ya?ml|README(\.md)?|CHANGELOG(\.md)?|RELEASE_NOTES(\.md)?|CODEOWNERS)$/i.test(
      path,
    ) ||
    /^docs\/CODEOWNERS$/.test(path)
  );
}

/** 1-based line of the first match of `pattern` in `text`, or undefined. */
export function lineOf(text: string | undefined, pattern: RegExp): number | undefined {
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => pattern.test(l));
  return index < 0 ? undefined : index + 1;
}
