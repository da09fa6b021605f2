"""Churn model: logistic regression trained with gradient descent on a small built-in data set.

A small, real model with no third-party dependency, so the service builds, tests and serves anywhere.
Replace it with your own model (loaded from a file or a registry); keep ``predict`` or update the
server and the tests.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Mapping, Sequence

FEATURES = ("tenure_months", "monthly_charges", "support_calls")


def synthetic_customers(count: int = 200, seed: int = 11) -> tuple[list[list[float]], list[int]]:
    """Reproducible customers and whether they churned: short tenure, high charges and many
    support calls make churn likelier."""
    rng = random.Random(seed)
    rows: list[list[float]] = []
    labels: list[int] = []
    for _ in range(count):
        tenure = rng.uniform(0, 72)
        charges = rng.uniform(20, 120)
        calls = float(rng.randint(0, 8))
        score = -0.06 * tenure + 0.03 * charges + 0.6 * calls - 2.0 + rng.gauss(0, 0.5)
        rows.append([tenure, charges, calls])
        labels.append(1 if score > 0 else 0)
    return rows, labels


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class ChurnModel:
    """Weights over standardised features."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probability(self, row: Sequence[float]) -> float:
        z = self.bias + sum(
            w * (x - m) / s for w, x, m, s in zip(self.weights, row, self.means, self.scales)
        )
        return _sigmoid(z)

    def predict(self, instance: Mapping[str, object], threshold: float = 0.5) -> dict:
        """Churn probability and decision for one customer given as ``{feature: number}``."""
        row = features_of(instance)
        probability = self.probability(row)
        return {"probability": round(probability, 4), "churn": probability >= threshold}


def features_of(instance: Mapping[str, object]) -> list[float]:
    """The feature vector of an instance; a clear ValueError when a feature is missing or not a number."""
    if not isinstance(instance, Mapping):
        raise ValueError("an instance must be an object of features")
    row: list[float] = []
    for name in FEATURES:
        value = instance.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"feature {name!r} must be a finite number")
        row.append(float(value))
    return row


def train(
    rows: Sequence[Sequence[float]], labels: Sequence[int], epochs: int = 400, rate: float = 0.5
) -> ChurnModel:
    """Batch gradient descent on the log loss (deterministic)."""
    if not rows or len(rows) != len(labels):
        raise ValueError("need as many labels as rows, and at least one row")
    width = len(rows[0])
    means = [sum(r[i] for r in rows) / len(rows) for i in range(width)]
    scales = [
        math.sqrt(sum((r[i] - means[i]) ** 2 for r in rows) / len(rows)) or 1.0 for i in range(width)
    ]
    scaled = [[(r[i] - means[i]) / scales[i] for i in range(width)] for r in rows]
    weights = [0.0] * width
    bias = 0.0
    for _ in range(epochs):
        grad_w = [0.0] * width
        grad_b = 0.0
        for x, y in zip(scaled, labels):
            error = _sigmoid(bias + sum(w * v for w, v in zip(weights, x))) - y
            for i in range(width):
                grad_w[i] += error * x[i]
            grad_b += error
        weights = [w - rate * g / len(rows) for w, g in zip(weights, grad_w)]
        bias -= rate * grad_b / len(rows)
    return ChurnModel(tuple(means), tuple(scales), tuple(weights), bias)


def accuracy(model: ChurnModel, rows: Sequence[Sequence[float]], labels: Sequence[int]) -> float:
    hits = sum((model.probability(r) >= 0.5) == bool(y) for r, y in zip(rows, labels))
    return hits / len(rows)


def default_model() -> ChurnModel:
    """The example model, trained on the built-in data when the service starts (well under a second)."""
    return train(*synthetic_customers())
