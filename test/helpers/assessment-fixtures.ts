/**
 * Test fixtures of the assessment (used by tests only): a repo freshly made by `mlops-kit create`,
 * read into facts, with the protection and environments create-project sets, and helpers to degrade
 * it one fact at a time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { assessmentContextOf } from "../../src/assessment/assessment-context";
import { readLocalFacts } from "../../src/assessment/local-facts";
import type { AssessmentContext, RepoFacts } from "../../src/assessment/repo-facts";
import { loadKitConfigFile } from "../../src/config/config-file";
import { kitPaths } from "../../src/kit-paths";
import { KIT_VERSION } from "../../src/kit-version";
import { runLocalCreate } from "../../src/project/local-create";
import { NOTHING_ENFORCED } from "../../src/protection/scorecard-facts";
import { listTemplateNames } from "../../src/templates/template-catalog";

export const PROTECTED = {
  ...NOTHING_ENFORCED,
  allowForcePushes: false,
  allowDeletions: false,
  pullRequestsRequired: true,
  requiredApprovingReviewCount: 1,
  requireCodeOwnerReviews: true,
  requireLastPushApproval: true,
  upToDateBeforeMerge: true,
  requiredStatusChecks: ["ci / build-test"],
  dismissStaleReviews: true,
  enforceAdmins: true,
  codeownersFile: true,
};

export async function createdRepoFacts(
  template = "batch-job",
  name = "acme-forecast-demand",
): Promise<{ facts: RepoFacts; context: AssessmentContext }> {
  const dir = mkdtempSync(path.join(tmpdir(), "assess-fixture-"));
  try {
    const out = path.join(dir, name);
    await runLocalCreate({ request: { name, team: "forecasting", template }, outDir: out });
    const local = readLocalFacts(out);
    const { config } = loadKitConfigFile(undefined, listTemplateNames(kitPaths.templatesDir()));
    return {
      facts: {
        ...local,
        repo: `acme/${name}`,
        source: "api",
        protection: {
          facts: PROTECTED,
          source: "GET /repos/{owner}/{repo}/branches/main/protection",
          score: 9,
        },
        environments: [
          { name: "dev", reviewers: 0 },
          { name: "prod", reviewers: 1 },
        ],
      },
      context: assessmentContextOf(config, KIT_VERSION),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The facts with files replaced (`undefined` removes the file). */
export function withFiles(facts: RepoFacts, changes: Record<string, string | undefined>): RepoFacts {
  const files = new Map(facts.files);
  let paths = [...facts.paths];
  for (const [p, text] of Object.entries(changes)) {
    if (text === undefined) {
      files.delete(p);
      paths = paths.filter((x) => x !== p);
    } else {
      files.set(p, text);
      if (!paths.includes(p)) paths.push(p);
    }
  }
  return { ...facts, files, paths: paths.sort() };
}

/** One file's text with a substring replaced (the replacement must happen). */
export function editFile(facts: RepoFacts, file: string, from: string | RegExp, to: string): RepoFacts {
  const text = facts.files.get(file);
  if (text === undefined) throw new Error(`no ${file}`);
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`${file}: ${String(from)} not found`);
  return withFiles(facts, { [file]: edited });
}
