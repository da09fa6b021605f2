"""The audit log's records and file format, without a server."""

import json
import threading
from datetime import datetime, timezone

from {{project.packageName}}.audit import AuditLog, audit_records, default_audit_path, fingerprint, read_audit_log


def test_fingerprints_are_stable_and_ignore_key_order():
    a = {"tenure_months": 3, "monthly_charges": 95, "support_calls": 4}
    b = {"support_calls": 4, "tenure_months": 3, "monthly_charges": 95}
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint({**a, "support_calls": 5})


def test_records_of_a_request():
    records = audit_records(
        request_id="r1", model_version="0.1.0", git_sha="abc", instances=[{"x": 1}, {"x": 2}],
        features=[{"x": 1.0}, {"x": 2.0}], outputs=[{"churn": True}, {"churn": False}], latency_ms=1.23456,
        now=datetime(2026, 3, 1, 6, 0, 0, 123456, tzinfo=timezone.utc),
    )
    assert records[1] == {
        "schema": "prediction/v1", "request_id": "r1", "index": 1, "time": "2026-03-01T06:00:00.123456Z",
        "model_version": "0.1.0", "git_sha": "abc", "input_fingerprint": fingerprint({"x": 2}),
        "features": {"x": 2.0}, "output": {"churn": False}, "latency_ms": 1.235,
    }


def test_concurrent_appends_give_whole_lines_and_a_cut_line_is_skipped(tmp_path):
    log = AuditLog(tmp_path / "deep" / "predictions.jsonl")
    record = audit_records(request_id="r", model_version="1", git_sha="s", instances=[{}], features=[{}],
                           outputs=[{}], latency_ms=0)
    threads = [threading.Thread(target=lambda: [log.append(record * 5) for _ in range(20)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with log.path.open("a") as handle:
        handle.write('{"schema": "prediction/v1", "request_')  # a crash mid-line
    records, skipped = read_audit_log(log.path)
    assert (len(records), skipped) == (8 * 20 * 5, 1)
    assert all(json.dumps(r) for r in records)


def test_where_the_log_goes(monkeypatch, tmp_path):
    monkeypatch.delenv("MLOPS_AUDIT_LOG", raising=False)
    monkeypatch.setenv("MLOPS_DATA_DIR", str(tmp_path))
    assert default_audit_path() == tmp_path / "audit" / "predictions.jsonl"
    monkeypatch.setenv("MLOPS_AUDIT_LOG", str(tmp_path / "x.jsonl"))
    assert default_audit_path() == tmp_path / "x.jsonl"
