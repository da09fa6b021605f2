"""HTTP API of {{project.name}} (standard library ``http.server``).

    GET  /health    liveness and what is running: version and the deployed commit
    POST /predict   {"instances": [{"tenure_months": 3, "monthly_charges": 95, "support_calls": 4}]}
                    -> {"predictions": [{"probability": 0.93, "churn": true}], "request_id": "..."}
    GET  /metrics   Prometheus text format: requests, errors, latency, prediction distribution

Every prediction is appended to the audit log (audit.py) before it is answered: a prediction that
cannot be recorded is not served (503), so the log is complete.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import __version__
from .audit import AuditLog, audit_records, default_audit_path
from .metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from .metrics import Metrics
from .model import FEATURES, ChurnModel, features_of

PROJECT = {{py project.name}}
MAX_BODY_BYTES = 1_000_000
MAX_INSTANCES = 1_000
# A caller's X-Request-Id is kept only when it is a short, safe token (it lands in logs and the audit log).
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def git_sha() -> str:
    """Set by the platform from the deploy workflow, so the service says which commit it runs."""
    return os.environ.get("MLOPS_GIT_SHA", "unknown")


class ServiceServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], model: ChurnModel, threshold: float, audit_log: Path | None = None
    ) -> None:
        super().__init__(address, RequestHandler)
        self.model = model
        self.threshold = threshold
        self.audit = AuditLog(audit_log or default_audit_path())
        self.metrics = Metrics(__version__, git_sha())


class RequestHandler(BaseHTTPRequestHandler):
    server: ServiceServer
    server_version = f"{PROJECT}/{__version__}"
    error_content_type = "application/json"
    error_message_format = '{"error": "%(message)s"}'

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._started, self._request_id_sent = time.perf_counter(), None
        if self.path == "/health":
            self._send(HTTPStatus.OK, {
                "status": "ok",
                "project": PROJECT,
                "version": __version__,
                "git_sha": git_sha(),
            })
        elif self.path == "/metrics":
            self._send_text(HTTPStatus.OK, self.server.metrics.render(), METRICS_CONTENT_TYPE)
        elif self.path == "/predict":
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "use POST /predict"})
        else:
            self._send(HTTPStatus.NOT_FOUND, {"error": f"no route {self.path}; try /health, /predict or /metrics"})

    def do_POST(self) -> None:  # noqa: N802
        self._started, self._request_id_sent = time.perf_counter(), None
        if self.path != "/predict":
            self._send(HTTPStatus.NOT_FOUND, {"error": "POST /predict is the only POST route"})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            too_large = {"error": f"body must be at most {MAX_BODY_BYTES} bytes"}
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_large)
            return
        try:
            body = json.loads(self.rfile.read(length) or b"null")
            instances = body.get("instances") if isinstance(body, dict) else None
            if not isinstance(instances, list) or not 1 <= len(instances) <= MAX_INSTANCES:
                raise ValueError(
                    'send {"instances": [...]} with 1 to '
                    f"{MAX_INSTANCES} objects of {', '.join(FEATURES)}"
                )
            predictions = [self.server.model.predict(i, self.server.threshold) for i in instances]
        except ValueError as error:  # also json.JSONDecodeError
            self._send(HTTPStatus.BAD_REQUEST, {"error": str(error)})
            return
        request_id = self._request_id_sent = self._request_id()
        try:
            self._audit(request_id, instances, predictions)
        except OSError as error:
            sys.stderr.write(f"audit log {self.server.audit.path} not writable: {error}\n")
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, {"error": "the audit log is unavailable; no prediction served"})
            return
        self.server.metrics.observe_predictions(predictions)
        self._send(HTTPStatus.OK, {"predictions": predictions, "request_id": request_id})

    def _request_id(self) -> str:
        given = (self.headers.get("X-Request-Id") or "").strip()
        return given if REQUEST_ID.fullmatch(given) else str(uuid.uuid4())

    def _audit(self, request_id: str, instances: list, predictions: list) -> None:
        self.server.audit.append(audit_records(
            request_id=request_id,
            model_version=__version__,
            git_sha=git_sha(),
            instances=instances,
            features=[dict(zip(FEATURES, features_of(i))) for i in instances],
            outputs=predictions,
            latency_ms=(time.perf_counter() - self._started) * 1000,
        ))

    def log_message(self, format: str, *args: object) -> None:  # one line per request, on stderr
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: HTTPStatus, payload: dict) -> None:
        self._send_text(status, json.dumps(payload), "application/json")

    def _send_text(self, status: HTTPStatus, text: str, content_type: str) -> None:
        data = text.encode("utf-8")
        # Counted before the answer leaves: a client that has its answer finds it in the next scrape
        # (counted after the write, a scrape racing this thread missed it).
        started = getattr(self, "_started", None)
        if started is not None:
            self.server.metrics.observe_request(
                self.command, self.path.split("?")[0], int(status), time.perf_counter() - started
            )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if getattr(self, "_request_id_sent", None):  # the id of the prediction this answer carries
            self.send_header("X-Request-Id", self._request_id_sent)
        self.end_headers()
        self.wfile.write(data)


def make_server(
    host: str, port: int, model: ChurnModel, threshold: float, audit_log: Path | None = None
) -> ServiceServer:
    """A server bound to ``host:port`` (port 0: any free port; read it from ``server.server_port``),
    auditing to ``audit_log`` (default: ``$MLOPS_AUDIT_LOG`` or ``$MLOPS_DATA_DIR/audit/predictions.jsonl``)."""
    return ServiceServer((host, port), model, threshold, audit_log)
