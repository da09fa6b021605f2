"""Entry point of the {{project.name}} service.

Runs on the compute platform as ``python -m {{project.packageName}}.main`` (see databricks.yml), and
locally the same way or as the wheel's ``{{project.name}}`` console script. The port comes from
``--port``, ``$DATABRICKS_APP_PORT`` (Databricks Apps) or ``$PORT``; the host from ``--host`` or ``$HOST``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Sequence

from .audit import default_audit_path
from .model import default_model
from .server import PROJECT, make_server

DEFAULT_THRESHOLD = {{vars.thresholdPercent}} / 100


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROJECT, description="Serve the churn model over HTTP.")
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"), help="address to bind")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("DATABRICKS_APP_PORT") or os.environ.get("PORT") or 8000),
        help="port to listen on (0: any free port)",
    )
    parser.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, help="churn decision threshold, in (0, 1)"
    )
    parser.add_argument(
        "--audit-log",
        type=Path,
        default=default_audit_path(),
        help="JSON-lines audit log of every prediction (default: $MLOPS_AUDIT_LOG or $MLOPS_DATA_DIR/audit/predictions.jsonl)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.threshold < 1:
        parser.error("--threshold must be between 0 and 1")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    server = make_server(args.host, args.port, default_model(), args.threshold, args.audit_log)
    # The platform stops the service with SIGTERM: finish the request in flight, then exit cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"serving {PROJECT} on http://{args.host}:{server.server_port} (/health, /predict, /metrics)", flush=True)
    print(f"auditing every prediction to {args.audit_log}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
