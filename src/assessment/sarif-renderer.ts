/**
 * SARIF 2.1.0 of an assessment, so failing criteria show in GitHub code scanning: one rule per
 * criterion (from the criteria data), one result per failing criterion of each repo, located at its
 * evidence (file and line) or, for API evidence, at the repo's `.mlops-kit/answers.yml`.
 */
import { type AssessmentReport, sectionTitle } from "./assessment-report";

const ANCHOR = ".mlops-kit/answers.yml";

export function renderSarif(report: AssessmentReport): object {
  const rules = report.criteria.map((c) => ({
    id: c.id,
    name: c.id.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    fullDescription: { text: c.measuredBy },
    help: { text: `${c.fix}\nAnswers: ${c.questions.join("; ")}`, markdown: `**Fix:** ${c.fix}` },
    defaultConfiguration: { level: "warning" },
    properties: { section: c.section, tags: ["mlops", sectionTitle(c.section)], measured: c.measured },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.repos.flatMap((repo) =>
    repo.results
      .filter((r) => r.outcome === "fail")
      .map((r) => {
        const file = r.evidence.find((e) => e.path && e.kind !== "api");
        return {
          ruleId: r.id,
          ruleIndex: ruleIndex.get(r.id) ?? 0,
          level: "warning",
          message: { text: `${report.repos.length > 1 ? `${repo.repo}: ` : ""}${r.detail}. Fix: ${r.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: file?.path ?? ANCHOR },
                region: { startLine: file?.line ?? 1 },
              },
            },
          ],
          partialFingerprints: { "mlopsKitCriterion/v1": `${repo.repo}/${r.id}` },
          properties: { repo: repo.repo, section: r.section },
        };
      }),
  );
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mlops-kit assess",
            version: report.kitVersion,
            informationUri: "https://github.com/acme/mlops-kit/blob/main/docs/assessment.md",
            rules,
          },
        },
        automationDetails: { id: `mlops-kit-assess/${report.scope.name}` },
        results,
      },
    ],
  };
}
