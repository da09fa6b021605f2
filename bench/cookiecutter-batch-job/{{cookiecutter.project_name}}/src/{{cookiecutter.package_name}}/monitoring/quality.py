"""Prediction quality over time windows, once labels arrive, and the windowed retrain rule.

Predictions are grouped into consecutive windows of ``window_days`` days (weekly windows start on
Mondays). A window's metric is computed from its labelled predictions only; a window with fewer than
``min_labels`` labels gets no verdict (it is shown, but carries no evidence either way).

Retrain rule (the one Databricks MLOps Stacks ships in a notebook, here as a tested function): retrain
when at least ``min_breaches`` of the last ``lookback`` windows with a verdict exceed the threshold
**and** the latest of them does too. One bad window is noise; a bad trend that is still bad is not.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Callable, Iterable, Sequence

# Windows are aligned on a Monday, so 7-day windows are calendar weeks.
EPOCH = date(1970, 1, 5)


def _mae(pairs: Sequence[tuple[float, float]]) -> float:
    return sum(abs(p - y) for p, y in pairs) / len(pairs)


def _rmse(pairs: Sequence[tuple[float, float]]) -> float:
    return math.sqrt(sum((p - y) ** 2 for p, y in pairs) / len(pairs))


def _error_rate(pairs: Sequence[tuple[float, float]]) -> float:
    # Predictions and labels are classes (0/1) or probabilities, decided at 0.5.
    return sum((p >= 0.5) != (y >= 0.5) for p, y in pairs) / len(pairs)


# Every metric here is "higher is worse", so "exceeds the threshold" always means "too bad".
METRICS: dict[str, Callable[[Sequence[tuple[float, float]]], float]] = {
    "mae": _mae,
    "rmse": _rmse,
    "error_rate": _error_rate,
}


@dataclass(frozen=True)
class Observation:
    """One prediction, and its label once it arrived (``None`` until then)."""

    day: date
    prediction: float
    label: float | None = None


@dataclass(frozen=True)
class QualitySettings:
    metric: str = "mae"
    threshold: float = 10.0
    window_days: int = 7
    min_labels: int = 20


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    predictions: int
    labels: int
    value: float | None
    # True: above the threshold; False: within it; None: too few labels for a verdict.
    breached: bool | None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return data


@dataclass(frozen=True)
class RetrainDecision:
    retrain: bool
    considered: list[Window]
    breaches: int
    latest_breached: bool
    reason: str

    def as_dict(self) -> dict:
        return {
            "retrain": self.retrain,
            "breaches": self.breaches,
            "latest_breached": self.latest_breached,
            "considered": [w.start.isoformat() for w in self.considered],
            "reason": self.reason,
        }


def window_start(day: date, window_days: int) -> date:
    return EPOCH + timedelta(days=((day - EPOCH).days // window_days) * window_days)


def quality_windows(observations: Iterable[Observation], settings: QualitySettings) -> list[Window]:
    """One window per period that has predictions, oldest first."""
    if settings.metric not in METRICS:
        raise ValueError(f"unknown metric {settings.metric!r}; use one of {', '.join(METRICS)}")
    if settings.window_days < 1:
        raise ValueError("window_days must be at least 1")
    grouped: dict[date, list[Observation]] = {}
    for observation in observations:
        grouped.setdefault(window_start(observation.day, settings.window_days), []).append(observation)
    windows = []
    for start in sorted(grouped):
        rows = grouped[start]
        pairs = [(o.prediction, o.label) for o in rows if o.label is not None]
        value = METRICS[settings.metric](pairs) if len(pairs) >= settings.min_labels and pairs else None
        breached = None if value is None else value > settings.threshold
        end = start + timedelta(days=settings.window_days - 1)
        windows.append(Window(start, end, len(rows), len(pairs), value, breached))
    return windows


def retrain_decision(windows: Sequence[Window], lookback: int = 5, min_breaches: int = 2) -> RetrainDecision:
    """Apply the retrain rule to the last ``lookback`` windows that have a verdict."""
    if lookback < 1 or not 1 <= min_breaches <= lookback:
        raise ValueError("need lookback >= 1 and 1 <= min_breaches <= lookback")
    judged = [w for w in windows if w.breached is not None][-lookback:]
    if not judged:
        return RetrainDecision(False, [], 0, False, "no window has enough labels yet: no verdict")
    breaches = sum(1 for w in judged if w.breached)
    latest = bool(judged[-1].breached)
    retrain = breaches >= min_breaches and latest
    summary = f"{breaches} of the last {len(judged)} windows above the threshold"
    if retrain:
        reason = f"retrain: {summary}, including the latest ({judged[-1].start.isoformat()})"
    elif breaches >= min_breaches:
        reason = f"no retrain: {summary}, but the latest ({judged[-1].start.isoformat()}) is within it"
    else:
        reason = f"no retrain: {summary} (the rule needs {min_breaches} and the latest)"
    return RetrainDecision(retrain, judged, breaches, latest, reason)
