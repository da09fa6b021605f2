"""Data drift between a reference sample (what the model was trained on) and a current sample, per feature.

Two measures per feature, because each one misleads on its own:

* the population stability index (PSI) over quantile bins of the reference says *how far* the
  distribution moved (an effect size: it hardly depends on sample size once samples are large enough);
* the two-sample Kolmogorov-Smirnov (KS) test says whether the move is *more than sampling noise*: its
  p-value shrinks as samples grow, so on its own it flags harmless shifts on big samples, while PSI on
  its own flags noise on small ones.

A feature drifts when both agree: PSI at or above the threshold **and** a KS p-value below alpha. Below
the minimum sample size (on either side) there is no verdict at all: too few rows to tell.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import asdict, dataclass
from typing import Mapping, Sequence

DRIFT = "drift"
STABLE = "stable"
NO_VERDICT = "no verdict"


@dataclass(frozen=True)
class DriftSettings:
    psi_threshold: float = 0.2
    ks_alpha: float = 0.01
    min_samples: int = 100
    bins: int = 10
    # Compare only the latest rows of the current sample (0: all of it), e.g. the last 1000 predictions.
    current_rows: int = 0


@dataclass(frozen=True)
class FeatureDrift:
    feature: str
    reference_count: int
    current_count: int
    psi: float | None
    ks_statistic: float | None
    ks_p_value: float | None
    verdict: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def quantile_edges(reference: Sequence[float], bins: int) -> list[float]:
    """Interior bin edges at the reference's quantiles (repeated values collapse into one edge)."""
    ordered = sorted(reference)
    edges: list[float] = []
    for k in range(1, bins):
        edge = ordered[min(len(ordered) - 1, (k * len(ordered)) // bins)]
        if not edges or edge > edges[-1]:
            edges.append(edge)
    return edges


def _shares(values: Sequence[float], edges: Sequence[float]) -> list[float]:
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[bisect_right(edges, value)] += 1
    return [count / len(values) for count in counts]


def population_stability_index(
    reference: Sequence[float], current: Sequence[float], bins: int = 10, epsilon: float = 1e-4
) -> float:
    """PSI = sum over bins of (current share - reference share) * ln(current share / reference share).

    Bins are the reference's quantiles; empty bins count as ``epsilon`` so the logarithm stays finite.
    Rule of thumb: below 0.1 stable, 0.1 to 0.2 a moderate shift, 0.2 and above a significant shift.
    """
    if not reference or not current:
        raise ValueError("PSI needs two non-empty samples")
    edges = quantile_edges(reference, bins)
    psi = 0.0
    for ref, cur in zip(_shares(reference, edges), _shares(current, edges)):
        ref, cur = max(ref, epsilon), max(cur, epsilon)
        psi += (cur - ref) * math.log(cur / ref)
    return psi


def ks_statistic(a: Sequence[float], b: Sequence[float]) -> float:
    """Largest distance between the two empirical distribution functions."""
    if not a or not b:
        raise ValueError("the KS test needs two non-empty samples")
    xs, ys = sorted(a), sorted(b)
    i = j = 0
    distance = 0.0
    while i < len(xs) and j < len(ys):
        value = min(xs[i], ys[j])
        while i < len(xs) and xs[i] == value:
            i += 1
        while j < len(ys) and ys[j] == value:
            j += 1
        distance = max(distance, abs(i / len(xs) - j / len(ys)))
    return distance


def ks_p_value(statistic: float, n: int, m: int) -> float:
    """Asymptotic p-value of the two-sample KS statistic (Kolmogorov distribution, with Stephens'
    small-sample correction), accurate enough for the sample sizes a verdict needs."""
    effective = math.sqrt(n * m / (n + m))
    lam = (effective + 0.12 + 0.11 / effective) * statistic
    if lam < 1e-3:
        return 1.0
    total = 0.0
    for j in range(1, 101):
        term = 2 * (-1) ** (j - 1) * math.exp(-2 * j * j * lam * lam)
        total += term
        if abs(term) < 1e-10:
            break
    return min(1.0, max(0.0, total))


def feature_drift(
    feature: str, reference: Sequence[float], current: Sequence[float], settings: DriftSettings
) -> FeatureDrift:
    """The drift verdict of one feature, with the numbers behind it and a one-line reason."""
    n, m = len(reference), len(current)
    if min(n, m) < settings.min_samples:
        return FeatureDrift(
            feature, n, m, None, None, None, NO_VERDICT,
            f"too few rows to tell: {min(n, m)} < minimum {settings.min_samples}",
        )
    psi = population_stability_index(reference, current, settings.bins)
    statistic = ks_statistic(reference, current)
    p_value = ks_p_value(statistic, n, m)
    shifted = psi >= settings.psi_threshold
    significant = p_value < settings.ks_alpha
    if shifted and significant:
        verdict, reason = DRIFT, (
            f"PSI {psi:.3f} >= {settings.psi_threshold} and KS p {p_value:.2g} < {settings.ks_alpha}"
        )
    elif shifted:
        verdict, reason = STABLE, f"PSI {psi:.3f} is high but KS p {p_value:.2g} says it may be noise"
    elif significant:
        verdict, reason = STABLE, f"KS p {p_value:.2g} is significant but the shift is small (PSI {psi:.3f})"
    else:
        verdict, reason = STABLE, f"PSI {psi:.3f}, KS p {p_value:.2g}"
    return FeatureDrift(feature, n, m, psi, statistic, p_value, verdict, reason)


def drift_by_feature(
    reference: Mapping[str, Sequence[float]],
    current: Mapping[str, Sequence[float]],
    settings: DriftSettings,
    features: Sequence[str] | None = None,
) -> list[FeatureDrift]:
    """Drift of every feature present in both samples (or of ``features``), in name order."""
    names = list(features) if features else sorted(set(reference) & set(current))
    missing = [name for name in names if name not in reference or name not in current]
    if missing:
        raise ValueError(f"features missing from the data: {', '.join(missing)}")
    latest = slice(-settings.current_rows, None) if settings.current_rows > 0 else slice(None)
    return [feature_drift(name, reference[name], current[name][latest], settings) for name in names]
