"""Demand forecasting with Holt's linear trend method (double exponential smoothing).

A small, real model with no third-party dependency, so the project builds and tests anywhere.
Replace it with your own model; keep the function signatures or update the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class HoltModel:
    """Fitted level and trend of a series."""

    level: float
    trend: float

    def forecast(self, horizon: int) -> list[float]:
        """Values for the next ``horizon`` steps (never negative: demand cannot be)."""
        if horizon < 1:
            raise ValueError("horizon must be at least 1")
        return [max(0.0, self.level + step * self.trend) for step in range(1, horizon + 1)]


def fit_holt(series: Sequence[float], alpha: float = 0.5, beta: float = 0.3) -> HoltModel:
    """Fit Holt's linear method to ``series`` (at least two points)."""
    if len(series) < 2:
        raise ValueError("need at least two observations to fit a trend")
    if not (0 < alpha <= 1 and 0 < beta <= 1):
        raise ValueError("alpha and beta must be in (0, 1]")
    level, trend = float(series[0]), float(series[1] - series[0])
    for value in series[1:]:
        previous_level = level
        level = alpha * value + (1 - alpha) * (level + trend)
        trend = beta * (level - previous_level) + (1 - beta) * trend
    return HoltModel(level=level, trend=trend)


def mean_absolute_error(actual: Sequence[float], predicted: Sequence[float]) -> float:
    if len(actual) != len(predicted) or not actual:
        raise ValueError("actual and predicted must be non-empty and of equal length")
    return sum(abs(a - p) for a, p in zip(actual, predicted)) / len(actual)


def backtest(series: Sequence[float], horizon: int, alpha: float = 0.5, beta: float = 0.3) -> float:
    """Fit on all but the last ``horizon`` points and return the error on those points."""
    if len(series) <= horizon + 1:
        raise ValueError("series too short to hold out the horizon")
    model = fit_holt(series[:-horizon], alpha, beta)
    return mean_absolute_error(series[-horizon:], model.forecast(horizon))
