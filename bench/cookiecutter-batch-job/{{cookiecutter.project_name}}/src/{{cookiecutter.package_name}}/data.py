"""Input data: a CSV of daily demand (``date,demand``), or a synthetic series for trying the job."""

from __future__ import annotations

import csv
import math
import random
from datetime import date, timedelta
from pathlib import Path


def load_series(path: Path) -> list[float]:
    """Demand values from a CSV with a ``demand`` column, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "demand" not in reader.fieldnames:
            raise ValueError(f"{path} has no 'demand' column")
        return [float(row["demand"]) for row in reader]


def synthetic_series(days: int = 120, seed: int = 7) -> list[float]:
    """A reproducible series with trend, weekly seasonality and noise."""
    rng = random.Random(seed)
    return [
        100 + 0.8 * day + 12 * math.sin(2 * math.pi * day / 7) + rng.gauss(0, 3)
        for day in range(days)
    ]


def forecast_dates(run_date: date, horizon: int) -> list[str]:
    return [(run_date + timedelta(days=step)).isoformat() for step in range(1, horizon + 1)]
