"""Entry point of the {{project.name}} monitor job: drift of the served inputs, prediction quality
once labels arrive, and the retrain rule, read from the prediction audit log (audit.py).

Runs as the wheel's ``{{project.name}}-monitor`` console script (the monitor job of databricks.yml) and
locally with ``python -m {{project.packageName}}.monitor``. It exits 1 when a threshold of
``monitoring.toml`` is breached, so the job fails and its failure notifications reach the team; the
report names the drifting features.

Data (``monitoring.toml`` [data], relative to ``--data-dir``, default ``$MLOPS_DATA_DIR`` or ``./data``):
``audit_log`` (the service's JSON-lines log), ``labels`` (CSV ``request_id,index,label`` with the true
outcome, 0 or 1, once known) and ``reference`` (CSV of the training inputs; empty: the model's built-in
training data).
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
from .audit import read_audit_log
from .model import FEATURES, synthetic_customers
from .monitoring.config import ConfigError, MonitoringConfig, load_config
from .monitoring.drift import drift_by_feature
from .monitoring.quality import Observation, quality_windows, retrain_decision
from .monitoring.report import MonitorReport, render_text

PROJECT = {{py project.name}}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"{PROJECT}-monitor", description="Check drift and quality of the served model.")
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


def _path(config: MonitoringConfig, key: str, data_dir: Path) -> Path | None:
    value = config.data.get(key, "")
    return (data_dir / value) if value else None


def reference_sample(config: MonitoringConfig, data_dir: Path, notes: list[str]) -> dict[str, list[float]]:
    path = _path(config, "reference", data_dir)
    if path and path.is_file():
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        notes.append(f"reference: {path} ({len(rows)} rows)")
        return {name: [float(row[name]) for row in rows if row.get(name)] for name in FEATURES}
    rows, _ = synthetic_customers()
    missing = f"{path} not found; using " if path else ""
    notes.append(f"reference: {missing}the model's built-in training data ({len(rows)} rows)")
    return {name: [row[i] for row in rows] for i, name in enumerate(FEATURES)}


def served_records(config: MonitoringConfig, data_dir: Path, notes: list[str]) -> list[dict]:
    path = _path(config, "audit_log", data_dir)
    if not path or not path.is_file():
        notes.append(f"current: no audit log at {path}; nothing served yet")
        return []
    records, skipped = read_audit_log(path)
    shas = sorted({str(r.get("git_sha")) for r in records})
    notes.append(
        f"current: {path} ({len(records)} predictions"
        + (f", {skipped} unreadable lines skipped" if skipped else "")
        + (f", served by git sha {', '.join(shas)}" if shas else "")
        + ")"
    )
    return records


def read_labels(path: Path) -> dict[tuple[str, int], float]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"request_id", "label"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(sorted(missing))}")
        return {(row["request_id"], int(row.get("index") or 0)): float(row["label"]) for row in reader}


def observations(records: list[dict], labels: dict[tuple[str, int], float]) -> list[Observation]:
    return [
        Observation(
            date.fromisoformat(str(r["time"])[:10]),
            1.0 if r["output"].get("churn") else 0.0,
            labels.get((r["request_id"], int(r.get("index", 0)))),
        )
        for r in records
    ]


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
    reference = reference_sample(config, data_dir, report.notes)
    records = served_records(config, data_dir, report.notes)
    current = {name: [float(r["features"][name]) for r in records if name in r.get("features", {})] for name in FEATURES}
    report.drift = drift_by_feature(reference, current, config.drift, config.features or FEATURES)
    labels_path = _path(config, "labels", data_dir)
    if labels_path and labels_path.is_file():
        labels = read_labels(labels_path)
        report.notes.append(f"labels: {labels_path} ({len(labels)} outcomes)")
        report.windows = quality_windows(observations(records, labels), config.quality)
    else:
        report.notes.append("labels: none yet (set [data].labels); quality not assessed")
    report.retrain = retrain_decision(report.windows, config.retrain.lookback, config.retrain.min_breaches)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_config(args.config)
        report = build_report(config, args.data_dir, args.run_date)
    except (ConfigError, ValueError, KeyError, OSError) as error:
        print(f"monitor: cannot check {PROJECT}: {error}", file=sys.stderr)
        return 2
    print(render_text(report), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
