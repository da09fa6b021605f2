"""The monitor job on the service's audit log: drift of what was served, quality once labels arrive."""

import json
import random
from datetime import datetime, timedelta, timezone

from {{project.packageName}}.audit import AuditLog, audit_records
from {{project.packageName}}.model import default_model
from {{project.packageName}}.monitor import main

MODEL = default_model()


def serve(log, customers, start=datetime(2026, 1, 5, tzinfo=timezone.utc), per_step=50, step_days=1):
    """Write what the server would for ``customers`` (one request each, ``per_step`` every ``step_days``)."""
    for i, customer in enumerate(customers):
        output = MODEL.predict(customer)
        log.append(audit_records(
            request_id=f"r{i}", model_version="0.1.0", git_sha="beef", instances=[customer],
            features=[{k: float(v) for k, v in customer.items()}], outputs=[output], latency_ms=1.0,
            now=start + timedelta(days=step_days * (i // per_step)),
        ))


def customers(count, seed=3, charges=(20, 120)):
    rng = random.Random(seed)
    return [
        {"tenure_months": rng.uniform(0, 72), "monthly_charges": rng.uniform(*charges),
         "support_calls": rng.randint(0, 8)}
        for _ in range(count)
    ]


def run(tmp_path, capsys):
    code = main(["--data-dir", str(tmp_path), "--json", str(tmp_path / "report.json")])
    return code, capsys.readouterr().out, json.loads((tmp_path / "report.json").read_text())


def test_nothing_served_yet_is_no_verdict(tmp_path, capsys):
    code, out, report = run(tmp_path, capsys)
    assert (code, report["verdict"]) == (0, "no verdict")
    assert "nothing served yet" in out


def test_inputs_like_the_training_data_pass(tmp_path, capsys):
    serve(AuditLog(tmp_path / "audit" / "predictions.jsonl"), customers(300))
    code, out, report = run(tmp_path, capsys)
    assert (code, report["verdict"], report["drifting_features"]) == (0, "pass", [])
    assert "300 predictions" in out and "served by git sha beef" in out


def test_drifted_inputs_fail_with_the_feature_named(tmp_path, capsys):
    serve(AuditLog(tmp_path / "audit" / "predictions.jsonl"), customers(300, charges=(150, 250)))
    code, out, report = run(tmp_path, capsys)
    assert code == 1
    assert report["drifting_features"] == ["monthly_charges"]
    assert "data drift in 1 feature(s): monthly_charges" in out


def test_wrong_decisions_in_two_weeks_including_the_latest_ask_for_a_retrain(tmp_path, capsys):
    served = customers(250)
    serve(AuditLog(tmp_path / "audit" / "predictions.jsonl"), served, step_days=7)  # 5 weeks of 50
    lines = ["request_id,index,label"]
    for i, customer in enumerate(served):
        truth = int(MODEL.predict(customer)["churn"])
        week = i // 50
        wrong = week in (1, 4) and i % 2 == 0  # half wrong in weeks 2 and 5
        lines.append(f"r{i},0,{1 - truth if wrong else truth}")
    (tmp_path / "labels.csv").write_text("\n".join(lines) + "\n")
    code, out, report = run(tmp_path, capsys)
    assert code == 1
    assert report["retrain"]["retrain"] is True
    assert "retrain: 2 of the last 5 windows above the threshold" in out
