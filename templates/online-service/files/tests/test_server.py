"""The HTTP API, served on an ephemeral port of 127.0.0.1 and called over real HTTP."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from {{project.packageName}}.model import default_model
from {{project.packageName}}.server import make_server


@pytest.fixture(scope="module")
def audit_path(tmp_path_factory):
    return tmp_path_factory.mktemp("audit") / "predictions.jsonl"


@pytest.fixture(scope="module")
def base_url(audit_path):
    server = make_server("127.0.0.1", 0, default_model(), threshold=0.5, audit_log=audit_path)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def call(url, body=None, method=None, headers=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_health_says_what_runs(base_url, monkeypatch):
    monkeypatch.setenv("MLOPS_GIT_SHA", "abc1234")
    status, body = call(f"{base_url}/health")
    assert status == 200
    assert body == {"status": "ok", "project": {{py project.name}}, "version": "0.1.0", "git_sha": "abc1234"}


def test_predict_scores_each_instance(base_url):
    customers = [
        {"tenure_months": 2, "monthly_charges": 110, "support_calls": 6},
        {"tenure_months": 70, "monthly_charges": 25, "support_calls": 0},
    ]
    status, body = call(f"{base_url}/predict", {"instances": customers})
    assert status == 200
    risky, loyal = body["predictions"]
    assert risky["churn"] is True and loyal["churn"] is False
    assert risky["probability"] > loyal["probability"]


@pytest.mark.parametrize(
    "payload",
    [b"not json", {"instances": []}, {"rows": []}, {"instances": [{"tenure_months": 1}]}],
)
def test_predict_refuses_bad_requests_with_400(base_url, payload):
    status, body = call(f"{base_url}/predict", payload)
    assert status == 400
    assert body["error"]


def test_unknown_routes_and_methods(base_url):
    assert call(f"{base_url}/nope")[0] == 404
    assert call(f"{base_url}/predict")[0] == 405
    assert call(f"{base_url}/health", {"x": 1})[0] == 404


def read_audit(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_prediction_is_in_the_audit_log(base_url, audit_path, monkeypatch):
    monkeypatch.setenv("MLOPS_GIT_SHA", "c0ffee1")
    before = len(read_audit(audit_path)) if audit_path.exists() else 0
    customers = [
        {"tenure_months": 2, "monthly_charges": 110, "support_calls": 6},
        {"tenure_months": 70, "monthly_charges": 25, "support_calls": 0},
    ]
    status, body = call(f"{base_url}/predict", {"instances": customers}, headers={"X-Request-Id": "req-42"})
    assert status == 200 and body["request_id"] == "req-42"
    records = read_audit(audit_path)[before:]
    assert [(r["request_id"], r["index"]) for r in records] == [("req-42", 0), ("req-42", 1)]
    first = records[0]
    assert list(first) == [
        "schema", "request_id", "index", "time", "model_version", "git_sha",
        "input_fingerprint", "features", "output", "latency_ms",
    ]
    assert first["schema"] == "prediction/v1"
    assert first["model_version"] == "0.1.0" and first["git_sha"] == "c0ffee1"
    assert first["time"].endswith("Z")
    assert first["input_fingerprint"].startswith("sha256:") and len(first["input_fingerprint"]) == 71
    assert first["input_fingerprint"] != records[1]["input_fingerprint"]
    assert first["features"] == {"tenure_months": 2.0, "monthly_charges": 110.0, "support_calls": 6.0}
    assert first["output"] == body["predictions"][0]
    assert first["latency_ms"] >= 0


def test_a_hostile_request_id_is_replaced(base_url, audit_path):
    status, body = call(f"{base_url}/predict", {"instances": [{"tenure_months": 1, "monthly_charges": 2,
                        "support_calls": 0}]}, headers={"X-Request-Id": "x\" onload=alert(1)"})
    assert status == 200
    assert len(body["request_id"]) == 36  # a new UUID
    assert read_audit(audit_path)[-1]["request_id"] == body["request_id"]


def test_refused_requests_are_not_audited(base_url, audit_path):
    before = audit_path.read_text() if audit_path.exists() else ""
    assert call(f"{base_url}/predict", {"instances": [{"tenure_months": 1}]})[0] == 400
    assert (audit_path.read_text() if audit_path.exists() else "") == before


def test_metrics_count_requests_errors_latency_and_predictions(base_url):
    call(f"{base_url}/predict", {"instances": [{"tenure_months": 1, "monthly_charges": 119, "support_calls": 8}]})
    call(f"{base_url}/predict", b"not json")
    with urllib.request.urlopen(f"{base_url}/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    assert samples['http_requests_total{method="POST",route="/predict",code="200"}'] >= 1
    assert samples['http_request_errors_total{method="POST",route="/predict",code="400"}'] >= 1
    assert samples['http_request_duration_seconds_bucket{route="/predict",le="+Inf"}'] >= 2
    assert samples['predictions_total{churn="true"}'] >= 1
    assert samples['prediction_probability_count'] == sum(
        v for k, v in samples.items() if k.startswith("predictions_total")
    )
    assert "# TYPE http_request_duration_seconds histogram" in text
    assert any(k.startswith("model_info{") for k in samples)


def test_a_prediction_that_cannot_be_audited_is_not_served(tmp_path):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the audit folder should be")
    server = make_server("127.0.0.1", 0, default_model(), 0.5, audit_log=blocked / "audit.jsonl")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        status, body = call(f"http://127.0.0.1:{server.server_port}/predict",
                            {"instances": [{"tenure_months": 1, "monthly_charges": 2, "support_calls": 0}]})
        assert status == 503 and "audit log" in body["error"]
    finally:
        server.shutdown()
        server.server_close()
