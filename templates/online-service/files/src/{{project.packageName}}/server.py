"""HTTP API of {{project.name}} (standard library ``http.server``).

    GET  /health    liveness and what is running: version and the deployed commit
    POST /predict   {"instances": [{"tenure_months": 3, "monthly_charges": 95, "support_calls": 4}]}
                    -> {"predictions": [{"probability": 0.93, "churn": true}]}
"""

from __future__ import annotations

import json
import os
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import __version__
from .model import FEATURES, ChurnModel

PROJECT = {{py project.name}}
MAX_BODY_BYTES = 1_000_000
MAX_INSTANCES = 1_000


class ServiceServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], model: ChurnModel, threshold: float) -> None:
        super().__init__(address, RequestHandler)
        self.model = model
        self.threshold = threshold


class RequestHandler(BaseHTTPRequestHandler):
    server: ServiceServer
    server_version = f"{PROJECT}/{__version__}"
    error_content_type = "application/json"
    error_message_format = '{"error": "%(message)s"}'

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/health":
            self._send(HTTPStatus.OK, {
                "status": "ok",
                "project": PROJECT,
                "version": __version__,
                # Set by the platform from the deploy workflow, so the service says which commit it runs.
                "git_sha": os.environ.get("MLOPS_GIT_SHA", "unknown"),
            })
        elif self.path == "/predict":
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "use POST /predict"})
        else:
            self._send(HTTPStatus.NOT_FOUND, {"error": f"no route {self.path}; try /health or /predict"})

    def do_POST(self) -> None:  # noqa: N802
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
        self._send(HTTPStatus.OK, {"predictions": predictions})

    def log_message(self, format: str, *args: object) -> None:  # one line per request, on stderr
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: HTTPStatus, payload: dict) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def make_server(host: str, port: int, model: ChurnModel, threshold: float) -> ServiceServer:
    """A server bound to ``host:port`` (port 0: any free port; read it from ``server.server_port``)."""
    return ServiceServer((host, port), model, threshold)
