/**
 * Questionnaire items no repo file or API field can show: the owners answer them in
 * `.mlops-kit/attestations.yml`. They are reported as `attested`, never as measured.
 */
import type { Criterion } from "./criterion";

const attest = (
  id: string,
  section: Criterion["section"],
  title: string,
  questions: string[],
): Criterion => ({
  id,
  section,
  title,
  questions,
  measuredBy: "Answered by the owners in .mlops-kit/attestations.yml (not measured).",
  fix: `Answer \`${id}\` in .mlops-kit/attestations.yml (answer, by, date).`,
  kitSatisfies: false,
});

export const ATTESTED_CRITERIA: readonly Criterion[] = [
  attest("business-goals", 1, "Business goals and KPIs are documented", [
    "1.3 Business goals and KPIs of the project are documented",
  ]),
  attest("model-documentation", 1, "The model is documented (data, features, choices)", [
    "1.4 ML model documentation: data, features, algorithm choices",
  ]),
  attest("model-risk", 1, "Model risk is evaluated", ["1.5 Model risk evaluation exists and is reviewed"]),
  attest("data-lineage", 2, "Training data is versioned and traceable", [
    "2.8 Data used to train a model version can be retrieved",
  ]),
  attest("incident-process", 4, "An on-call and incident process exists", [
    "4.5 There is a process for incidents and on-call support",
  ]),
  attest("data-pipelines", 5, "Data transformation pipelines are versioned and tested", [
    "5.1 Feature/data pipelines are code, versioned and tested",
  ]),
  attest("explainability", 6, "Model decisions can be explained", [
    "6.1 SHAP or similar explanations exist for the model",
  ]),
  attest("ab-testing", 7, "New models are compared online (A/B or shadow)", [
    "7.1 A/B or shadow testing compares model versions",
  ]),
  attest("feedback-loop", 7, "Production outcomes feed back into training", [
    "7.2 A feedback loop collects ground truth for retraining",
  ]),
];
