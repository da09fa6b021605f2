"""The monitoring functions on synthetic data with known drift, known quality and known answers."""

import random
from datetime import date, timedelta

import pytest

from {{ cookiecutter.package_name }}.monitoring.config import ConfigError, load_config, parse_config
from {{ cookiecutter.package_name }}.monitoring.drift import (
    DRIFT,
    NO_VERDICT,
    STABLE,
    DriftSettings,
    drift_by_feature,
    feature_drift,
    ks_p_value,
    ks_statistic,
    population_stability_index,
)
from {{ cookiecutter.package_name }}.monitoring.quality import (
    Observation,
    QualitySettings,
    Window,
    quality_windows,
    retrain_decision,
)
from {{ cookiecutter.package_name }}.monitoring.report import MonitorReport, render_text


def normal(count, mean=0.0, sd=1.0, seed=1):
    rng = random.Random(seed)
    return [rng.gauss(mean, sd) for _ in range(count)]


SETTINGS = DriftSettings(psi_threshold=0.2, ks_alpha=0.01, min_samples=100, bins=10)


def test_a_shifted_feature_drifts():
    result = feature_drift("x", normal(1000, seed=1), normal(1000, mean=1.0, seed=2), SETTINGS)
    assert result.verdict == DRIFT
    assert result.psi > 0.5
    assert result.ks_p_value < 1e-9
    assert "PSI" in result.reason


def test_the_same_distribution_does_not_drift():
    result = feature_drift("x", normal(1000, seed=1), normal(1000, seed=2), SETTINGS)
    assert result.verdict == STABLE
    assert result.psi < 0.05
    assert result.ks_p_value > 0.05


def test_below_the_minimum_sample_size_there_is_no_verdict():
    result = feature_drift("x", normal(1000, seed=1), normal(40, mean=5.0, seed=2), SETTINGS)
    assert result.verdict == NO_VERDICT
    assert (result.psi, result.ks_p_value) == (None, None)
    assert "40 < minimum 100" in result.reason


def test_a_tiny_shift_on_a_huge_sample_is_significant_but_not_drift():
    # KS alone would flag this (p tiny); PSI says the distribution barely moved.
    result = feature_drift("x", normal(20000, seed=1), normal(20000, mean=0.08, seed=2), SETTINGS)
    assert result.ks_p_value < 0.01
    assert result.psi < 0.05
    assert result.verdict == STABLE


def test_psi_of_a_sample_moved_to_one_bin():
    reference = [float(v) for v in range(100)]
    assert population_stability_index(reference, reference) == pytest.approx(0.0)
    everything_high = [99.0] * 100
    # one bin goes from 10% to 100%, nine from 10% to (almost) 0%
    expected = (1 - 0.1) * 2.302585 + 9 * (1e-4 - 0.1) * -6.907755
    assert population_stability_index(reference, everything_high) == pytest.approx(expected, rel=1e-3)


def test_ks_statistic_and_p_value():
    assert ks_statistic([1, 2, 3], [4, 5, 6]) == 1.0
    assert ks_statistic([1, 2, 3], [1, 2, 3]) == 0.0
    assert ks_statistic([1, 2, 3, 4], [3, 4, 5, 6]) == 0.5
    n = 10000
    critical = 1.358 / (n * n / (2 * n)) ** 0.5  # the 5% critical value of the Kolmogorov distribution
    assert ks_p_value(critical, n, n) == pytest.approx(0.05, abs=0.002)
    assert ks_p_value(0.0, 50, 50) == 1.0


def test_drift_by_feature_names_only_the_moved_feature():
    reference = {"a": normal(500, seed=1), "b": normal(500, seed=2)}
    current = {"a": normal(500, seed=3), "b": normal(500, mean=2.0, seed=4), "extra": [1.0] * 500}
    results = drift_by_feature(reference, current, SETTINGS)
    assert [(r.feature, r.verdict) for r in results] == [("a", STABLE), ("b", DRIFT)]
    latest_only = DriftSettings(min_samples=100, current_rows=500)
    stale_then_fresh = {"a": normal(500, mean=5.0, seed=5) + normal(500, seed=6), "b": normal(1000, seed=7)}
    assert [r.verdict for r in drift_by_feature(reference, stale_then_fresh, latest_only)] == [STABLE, STABLE]
    assert drift_by_feature(reference, stale_then_fresh, SETTINGS)[0].verdict == DRIFT
    with pytest.raises(ValueError, match="missing"):
        drift_by_feature(reference, current, SETTINGS, features=["a", "nope"])


MONDAY = date(2026, 1, 5)


def observations(errors_by_week, labels=7):
    rows = []
    for week, error in enumerate(errors_by_week):
        for day in range(7):
            when = MONDAY + timedelta(days=7 * week + day)
            rows.append(Observation(when, 100.0 + error, 100.0 if day < labels else None))
    return rows


def test_quality_windows_are_weeks_with_the_metric_of_their_labels():
    settings = QualitySettings(metric="mae", threshold=10.0, window_days=7, min_labels=5)
    windows = quality_windows(observations([3.0, 12.0]), settings)
    assert [(w.start, w.end, w.labels, w.value, w.breached) for w in windows] == [
        (MONDAY, MONDAY + timedelta(days=6), 7, 3.0, False),
        (MONDAY + timedelta(days=7), MONDAY + timedelta(days=13), 7, 12.0, True),
    ]


def test_a_window_with_too_few_labels_has_no_verdict():
    settings = QualitySettings(metric="mae", threshold=10.0, window_days=7, min_labels=5)
    [window] = quality_windows(observations([50.0], labels=3), settings)
    assert (window.predictions, window.labels, window.value, window.breached) == (7, 3, None, None)


def test_error_rate_for_classes():
    settings = QualitySettings(metric="error_rate", threshold=0.2, window_days=1, min_labels=4)
    rows = [Observation(MONDAY, p, y) for p, y in [(0.9, 1), (0.2, 0), (0.7, 0), (0.1, 1)]]
    [window] = quality_windows(rows, settings)
    assert window.value == 0.5 and window.breached is True


def weeks(*verdicts):
    return [
        Window(MONDAY + timedelta(days=7 * i), MONDAY + timedelta(days=7 * i + 6), 7, 7, 1.0, v)
        for i, v in enumerate(verdicts)
    ]


@pytest.mark.parametrize(
    "verdicts, retrain",
    [
        ((True, False, False, False, True), True),  # 2 of 5 and the latest
        ((True, True, True, True, False), False),  # bad trend, but the latest recovered
        ((False, False, False, False, True), False),  # one bad window is noise
        ((True, True, False, False, False, False, True), False),  # old breaches fell out of the last 5
        ((True, None, None, True), True),  # windows without a verdict are skipped
        ((False, True, True, True, True), True),
    ],
)
def test_the_retrain_rule(verdicts, retrain):
    decision = retrain_decision(weeks(*verdicts), lookback=5, min_breaches=2)
    assert decision.retrain is retrain
    assert len(decision.considered) <= 5
    assert decision.reason.startswith("retrain" if retrain else "no retrain")


def test_no_verdict_without_labelled_windows():
    decision = retrain_decision(weeks(None, None))
    assert (decision.retrain, decision.considered) == (False, [])
    assert "no verdict" in decision.reason


def test_the_packaged_config_loads_with_the_template_answers():
    config = load_config()
    assert config.drift.psi_threshold > 0
    assert config.drift.min_samples >= 10
    assert config.retrain.lookback == 5 and config.retrain.min_breaches == 2
    assert config.fail_on_drift is True


@pytest.mark.parametrize(
    "data, message",
    [
        ({"drift": {"psi_treshold": 0.1}}, "unknown key"),
        ({"drift": {"min_samples": "100"}}, "must be a int"),
        ({"drift": {"min_samples": 3}}, "at least 10"),
        ({"quality": {"metric": "accuracy"}}, "metric must be one of"),
        ({"retrain": {"lookback": 2, "min_breaches": 3}}, "min_breaches <= lookback"),
        ({"alerts": {}}, "unknown table"),
    ],
)
def test_bad_configs_are_refused_with_the_key_named(data, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(data)


def report_of(drift):
    return MonitorReport("p", "1.0", "abc123", "dev", "d-1", "2026-01-31", parse_config({}), drift=drift)


def test_the_report_fails_and_names_the_drifting_features():
    reference = {"price": normal(300, seed=1), "demand": normal(300, seed=2)}
    current = {"price": normal(300, mean=3, seed=3), "demand": normal(300, seed=4)}
    report = report_of(drift_by_feature(reference, current, SETTINGS))
    assert (report.verdict, report.exit_code, report.drifting) == ("fail", 1, ["price"])
    text = render_text(report)
    assert "VERDICT: FAIL" in text
    assert "data drift in 1 feature(s): price" in text
    assert "git sha abc123" in text
    assert report.as_dict()["drifting_features"] == ["price"]


def test_the_report_says_plainly_when_it_cannot_tell():
    report = report_of(drift_by_feature({"x": normal(20)}, {"x": normal(20)}, SETTINGS))
    assert (report.verdict, report.exit_code) == ("no verdict", 0)
    assert "not enough data for any verdict" in render_text(report)
