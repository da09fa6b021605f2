"""Entry point of the {{ cookiecutter.project_name }} monitor job: data drift, prediction quality, retrain rule.

Runs on the compute platform after the forecast job (the wheel's ``{{ cookiecutter.project_name }}-monitor`` console
script, see databricks.yml), and locally with ``python -m {{ cookiecutter.package_name }}.monitor``. It exits 1
when a threshold of ``monitoring.toml`` is breached, so the job fails and its failure notifications reach
the team; the report in the log names what drifted.

Data (paths in ``monitoring.toml`` [data], relative to ``--data-dir``, default ``$MLOPS_DATA_DIR`` or
``./data``): ``reference`` and ``current`` are CSV files with one numeric column per feature (other
columns, such as ``date``, are ignored); ``quality`` is a CSV of ``date,prediction,label`` where
``label`` stays empty until the actual value is known.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from . import __version__
from .data import synthetic_series
from .monitoring.config import ConfigError, MonitoringConfig, load_config
from .monitoring.drift import drift_by_feature
from .monitoring.quality import Observation, quality_windows, retrain_decision
from .monitoring.report import MonitorReport, render_text

PROJECT = "{{ cookiecutter.project_name }}"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"{PROJECT}-monitor", description="Check data drift and prediction quality.")
    parser.add_argument("--config", type=Path, help="monitoring config (default: the packaged monitoring.toml)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("MLOPS_DATA_DIR") or "data"),
        help="folder the [data] paths are relative to (default: $MLOPS_DATA_DIR or ./data)",
    )
    parser.add_argument("--run-date", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    return parser.parse_args(argv)


def read_numeric_columns(path: Path) -> dict[str, list[float]]:
    """Columns of a CSV whose every non-empty value is a number (others, such as dates, are left out)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns: dict[str, list[float]] = {}
    for name in rows[0].keys() if rows else []:
        try:
            columns[name] = [float(row[name]) for row in rows if (row[name] or "").strip()]
        except (TypeError, ValueError):
            continue
    return columns


def read_observations(path: Path) -> list[Observation]:
    """``date,prediction,label`` rows; an empty label means it has not arrived yet."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"date", "prediction", "label"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(sorted(missing))}")
        return [
            Observation(
                date.fromisoformat(row["date"][:10]),
                float(row["prediction"]),
                float(row["label"]) if (row["label"] or "").strip() else None,
            )
            for row in reader
        ]


def _located(config: MonitoringConfig, key: str, data_dir: Path) -> Path | None:
    value = config.data.get(key, "")
    return (data_dir / value) if value else None


def _samples(config: MonitoringConfig, data_dir: Path, notes: list[str]) -> tuple[dict, dict] | None:
    """Reference and current columns; the synthetic example when neither file exists; ``None`` (no drift
    check) when only one does: comparing real data with the example would report nonsense."""
    paths = {key: _located(config, key, data_dir) for key in ("reference", "current")}
    found = {key: path for key, path in paths.items() if path and path.is_file()}
    if not found:
        notes.append(
            f"reference, current: {' and '.join(str(p) for p in paths.values() if p) or 'no [data] paths'} not"
            " found; using the built-in synthetic example (set [data].reference and current to your data)"
        )
        return {"demand": synthetic_series(days=120, seed=7)}, {"demand": synthetic_series(days=120, seed=8)}
    samples = {}
    for key, path in paths.items():
        if key not in found:
            notes.append(f"{key}: {path or 'no [data] path'} not found; drift not checked")
            continue
        samples[key] = read_numeric_columns(path)
        rows = max((len(v) for v in samples[key].values()), default=0)
        notes.append(f"{key}: {path} ({rows} rows)")
    return (samples["reference"], samples["current"]) if len(samples) == 2 else None


def build_report(config: MonitoringConfig, data_dir: Path, run_date: date) -> MonitorReport:
    report = MonitorReport(
        project=PROJECT,
        version=__version__,
        git_sha=os.environ.get("MLOPS_GIT_SHA", "unknown"),
        environment=os.environ.get("MLOPS_ENVIRONMENT", "local"),
        deployment_id=os.environ.get("MLOPS_DEPLOYMENT_ID", "-"),
        run_date=run_date.isoformat(),
        config=config,
    )
    samples = _samples(config, data_dir, report.notes)
    if samples:
        report.drift = drift_by_feature(*samples, config.drift, config.features or None)
    quality_path = _located(config, "quality", data_dir)
    if quality_path and quality_path.is_file():
        observations = read_observations(quality_path)
        labelled = sum(o.label is not None for o in observations)
        report.notes.append(f"quality: {quality_path} ({len(observations)} predictions, {labelled} labelled)")
        report.windows = quality_windows(observations, config.quality)
    else:
        report.notes.append("quality: no labelled predictions yet (set [data].quality); quality not assessed")
    report.retrain = retrain_decision(report.windows, config.retrain.lookback, config.retrain.min_breaches)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_config(args.config)
        report = build_report(config, args.data_dir, args.run_date)
    except (ConfigError, ValueError, OSError) as error:
        print(f"monitor: cannot check {PROJECT}: {error}", file=sys.stderr)
        return 2
    print(render_text(report), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
