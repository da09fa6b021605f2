"""The HTTP API, served on an ephemeral port of 127.0.0.1 and called over real HTTP."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from {{project.packageName}}.model import default_model
from {{project.packageName}}.server import make_server


@pytest.fixture(scope="module")
def base_url():
    server = make_server("127.0.0.1", 0, default_model(), threshold=0.5)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def call(url, body=None, method=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
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
