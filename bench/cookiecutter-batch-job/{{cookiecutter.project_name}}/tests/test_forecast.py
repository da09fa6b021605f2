import math

import pytest

from {{ cookiecutter.package_name }}.data import synthetic_series
from {{ cookiecutter.package_name }}.forecast import backtest, fit_holt, mean_absolute_error


def test_a_straight_line_is_forecast_exactly():
    series = [10.0 + 2.0 * day for day in range(30)]
    model = fit_holt(series, alpha=0.9, beta=0.9)
    assert model.forecast(3) == pytest.approx([70.0, 72.0, 74.0], abs=1e-6)


def test_forecasts_are_never_negative():
    falling = [50.0 - 5.0 * day for day in range(10)]
    assert min(fit_holt(falling).forecast(30)) == 0.0


def test_backtest_on_synthetic_data_beats_a_naive_mean():
    series = synthetic_series(days=120)
    horizon = 7
    naive = sum(series[:-horizon]) / len(series[:-horizon])
    naive_error = mean_absolute_error(series[-horizon:], [naive] * horizon)
    assert backtest(series, horizon) < naive_error


def test_synthetic_series_is_reproducible():
    assert synthetic_series(seed=1) == synthetic_series(seed=1)
    assert not math.isclose(sum(synthetic_series(seed=1)), sum(synthetic_series(seed=2)))


@pytest.mark.parametrize("series", [[], [1.0]])
def test_fit_needs_two_points(series):
    with pytest.raises(ValueError):
        fit_holt(series)
