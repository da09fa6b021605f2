"""The prediction audit log: one JSON line per prediction, appended as it is served.

Format (``schema`` ``prediction/v1``; one object per line, UTF-8, keys in this order)::

    {"schema": "prediction/v1", "request_id": "3f2c...", "index": 0,
     "time": "2026-03-01T06:00:00.123456Z", "model_version": "0.1.0", "git_sha": "a1b2c3d...",
     "input_fingerprint": "sha256:9f86d0...", "features": {"tenure_months": 3.0, ...},
     "output": {"probability": 0.93, "churn": true}, "latency_ms": 1.84}

* ``request_id``: the caller's ``X-Request-Id`` header when it is a safe token, else a new UUID; one
  request of several instances gives several lines with the same id and ``index`` 0, 1, ...
* ``input_fingerprint``: SHA-256 of the instance as canonical JSON (sorted keys, no spaces), so the same
  input always has the same fingerprint without storing the request body.
* ``features``: the numbers the model saw (what the monitor's drift check compares with the training data).
* ``latency_ms``: time to score the whole request.

Where: ``$MLOPS_AUDIT_LOG``, else ``$MLOPS_DATA_DIR/audit/predictions.jsonl`` (``./data`` by default).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Mapping, Sequence

SCHEMA = "prediction/v1"


def default_audit_path() -> Path:
    explicit = os.environ.get("MLOPS_AUDIT_LOG")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("MLOPS_DATA_DIR") or "data") / "audit" / "predictions.jsonl"


def fingerprint(instance: object) -> str:
    canonical = json.dumps(instance, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def audit_records(
    *,
    request_id: str,
    model_version: str,
    git_sha: str,
    instances: Sequence[object],
    features: Sequence[Mapping[str, float]],
    outputs: Sequence[Mapping[str, object]],
    latency_ms: float,
    now: datetime | None = None,
) -> list[dict]:
    """The audit records of one answered request (pure)."""
    time = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return [
        {
            "schema": SCHEMA,
            "request_id": request_id,
            "index": index,
            "time": time,
            "model_version": model_version,
            "git_sha": git_sha,
            "input_fingerprint": fingerprint(instance),
            "features": dict(row),
            "output": dict(output),
            "latency_ms": round(latency_ms, 3),
        }
        for index, (instance, row, output) in enumerate(zip(instances, features, outputs))
    ]


class AuditLog:
    """Appends records as JSON lines; one write per request under a lock, so lines never interleave."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, records: Iterable[Mapping[str, object]]) -> None:
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(text)


def read_audit_log(path: Path) -> tuple[list[dict], int]:
    """The records of an audit log, oldest first, and how many lines were unreadable (e.g. a line cut
    short by a crash), which are skipped rather than failing the monitor."""
    records: list[dict] = []
    skipped = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                skipped += 1
                continue
            if isinstance(record, dict) and record.get("schema") == SCHEMA:
                records.append(record)
            else:
                skipped += 1
    return records, skipped
