"""Entry point of the {{ cookiecutter.project_name }} job.

Runs on the compute platform as the wheel's ``{{ cookiecutter.project_name }}`` console script (see databricks.yml),
and locally with ``python -m {{ cookiecutter.package_name }}.main``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from . import __version__
from .data import forecast_dates, load_series, synthetic_series
from .forecast import backtest, fit_holt

DEFAULT_HORIZON = 7


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.project_name }}", description="Forecast daily demand.")
    parser.add_argument("--input", type=Path, help="CSV with a 'demand' column (default: synthetic data)")
    parser.add_argument("--output", type=Path, help="write the result as JSON here (default: stdout)")
    parser.add_argument("--horizon", type=int, default=DEFAULT_HORIZON, help="days to forecast")
    parser.add_argument("--alpha", type=float, default=0.5, help="level smoothing, in (0, 1]")
    parser.add_argument("--beta", type=float, default=0.3, help="trend smoothing, in (0, 1]")
    parser.add_argument("--run-date", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    if args.horizon < 1:
        parser.error("--horizon must be at least 1")
    return args


def run(args: argparse.Namespace) -> dict:
    series = load_series(args.input) if args.input else synthetic_series()
    model = fit_holt(series, args.alpha, args.beta)
    values = model.forecast(args.horizon)
    return {
        "project": "{{ cookiecutter.project_name }}",
        "version": __version__,
        # Set by the deploy workflow / platform, so every run says which commit produced it.
        "git_sha": os.environ.get("MLOPS_GIT_SHA", "unknown"),
        "run_date": args.run_date.isoformat(),
        "observations": len(series),
        "backtest_mae": round(backtest(series, args.horizon, args.alpha, args.beta), 3),
        "forecast": [
            {"date": day, "demand": round(value, 2)}
            for day, value in zip(forecast_dates(args.run_date, args.horizon), values)
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    text = json.dumps(result, indent=2)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {len(result['forecast'])}-day forecast to {args.output}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
