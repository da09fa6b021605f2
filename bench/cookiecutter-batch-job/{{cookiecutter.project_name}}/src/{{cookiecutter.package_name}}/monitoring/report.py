"""The monitor's verdict and its report: one result, rendered as text (the job's log, what an alert links
to) and as JSON (for dashboards). Pure: the caller gathers the data and prints.

Verdicts: ``fail`` (a feature drifts or the retrain rule fires; the job exits 1 so the job's failure
notifications reach the team), ``pass``, or ``no verdict`` (too little data to tell; exit 0, said plainly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .config import MonitoringConfig
from .drift import DRIFT, NO_VERDICT, FeatureDrift
from .quality import RetrainDecision, Window

FAIL, PASS = "fail", "pass"


@dataclass
class MonitorReport:
    project: str
    version: str
    git_sha: str
    environment: str
    deployment_id: str
    run_date: str
    config: MonitoringConfig
    notes: list[str] = field(default_factory=list)
    drift: list[FeatureDrift] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    retrain: RetrainDecision | None = None

    @property
    def drifting(self) -> list[str]:
        return [d.feature for d in self.drift if d.verdict == DRIFT]

    @property
    def problems(self) -> list[str]:
        found = []
        if self.drifting and self.config.fail_on_drift:
            found.append(f"data drift in {len(self.drifting)} feature(s): {', '.join(self.drifting)}")
        if self.retrain and self.retrain.retrain and self.config.fail_on_retrain:
            found.append(f"prediction quality: {self.retrain.reason}")
        return found

    @property
    def verdict(self) -> str:
        if self.problems:
            return FAIL
        judged_drift = any(d.verdict != NO_VERDICT for d in self.drift)
        judged_quality = bool(self.retrain and self.retrain.considered)
        return PASS if judged_drift or judged_quality else NO_VERDICT

    @property
    def exit_code(self) -> int:
        return 1 if self.verdict == FAIL else 0

    def as_dict(self) -> dict:
        return {
            "project": self.project,
            "version": self.version,
            "git_sha": self.git_sha,
            "environment": self.environment,
            "deployment_id": self.deployment_id,
            "run_date": self.run_date,
            "verdict": self.verdict,
            "problems": self.problems,
            "drifting_features": self.drifting,
            "notes": self.notes,
            "config": self.config.source,
            "drift": [d.as_dict() for d in self.drift],
            "quality_windows": [w.as_dict() for w in self.windows],
            "retrain": self.retrain.as_dict() if self.retrain else None,
        }


def _number(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "-"
    if 0 < abs(value) < 10 ** -digits:
        return f"{value:.1e}"
    return f"{value:.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    return ["  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in [header, *rows]]


def render_text(report: MonitorReport) -> str:
    """The report a data scientist reads in the job's log: verdict first, then the evidence."""
    config = report.config
    lines = [
        f"Monitoring report of {report.project} {report.version}",
        f"  git sha {report.git_sha}, environment {report.environment}, deployment {report.deployment_id},"
        f" run date {report.run_date}, config {config.source}",
        "",
        f"VERDICT: {report.verdict.upper()}",
    ]
    lines += [f"  - {problem}" for problem in report.problems]
    if report.verdict == NO_VERDICT:
        lines.append("  - not enough data for any verdict yet (see the minimum sample sizes below)")
    lines += ["", "Data:"] + [f"  {note}" for note in report.notes]
    drift = config.drift
    lines += [
        "",
        f"Data drift per feature (drifts when PSI >= {drift.psi_threshold} and KS p-value < {drift.ks_alpha};"
        f" no verdict below {drift.min_samples} rows on either side):",
    ]
    if report.drift:
        rows = [
            [d.feature, f"{d.reference_count}/{d.current_count}", _number(d.psi), _number(d.ks_statistic),
             _number(d.ks_p_value, 4), d.verdict.upper() if d.verdict == DRIFT else d.verdict, d.reason]
            for d in report.drift
        ]
        lines += _table(["feature", "rows ref/cur", "PSI", "KS D", "KS p", "verdict", "why"], rows)
    else:
        lines.append("  no features to compare")
    quality = config.quality
    lines += [
        "",
        f"Prediction quality ({quality.metric}, above {quality.threshold} is a breach; windows of"
        f" {quality.window_days} day(s); no verdict below {quality.min_labels} labels):",
    ]
    if report.windows:
        rows = [
            [f"{w.start.isoformat()}..{w.end.isoformat()}", str(w.predictions), str(w.labels), _number(w.value),
             "no verdict" if w.breached is None else ("BREACH" if w.breached else "ok")]
            for w in report.windows
        ]
        lines += _table(["window", "predictions", "labels", quality.metric, "verdict"], rows)
    else:
        lines.append("  no labelled predictions yet")
    retrain = config.retrain
    lines += [
        "",
        f"Retrain rule (at least {retrain.min_breaches} of the last {retrain.lookback} windows with a verdict"
        " above the threshold, the latest included):",
        f"  {report.retrain.reason if report.retrain else 'not evaluated'}",
    ]
    if report.verdict == FAIL:
        lines += [
            "",
            "What to do: check the upstream data of the drifting features (a broken feed, a unit change?);"
            " if the world changed, retrain on recent data and refresh the reference sample; thresholds are"
            f" in {config.source}.",
        ]
    return "\n".join(lines)
