"""Service metrics in the Prometheus text exposition format (version 0.0.4), served at ``GET /metrics``.

Standard library only: a few thread-safe counters and histograms, rendered on each scrape.

    http_requests_total{method,route,code}            counter    every answered request
    http_request_errors_total{method,route,code}      counter    answers with a 4xx or 5xx status
    http_request_duration_seconds{route}              histogram  time to answer
    predictions_total{churn}                          counter    predictions by decision
    prediction_probability                            histogram  distribution of predicted probabilities
    model_info{version,git_sha}                       gauge      what answers (always 1)
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter
from typing import Iterable, Mapping, Sequence

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
ROUTES = ("/health", "/predict", "/metrics")
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
PROBABILITY_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: Mapping[str, str]) -> str:
    if not pairs:
        return ""
    return "{" + ",".join(f'{key}="{_escape(str(value))}"' for key, value in pairs.items()) + "}"


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


class Histogram:
    def __init__(self, buckets: Sequence[float]) -> None:
        self.buckets = tuple(buckets)
        self.counts = [0] * (len(self.buckets) + 1)
        self.total = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.buckets, value)] += 1
        self.total += value

    def lines(self, name: str, labels: Mapping[str, str]) -> list[str]:
        out, cumulative = [], 0
        for bound, count in zip([*map(str, self.buckets), "+Inf"], self.counts):
            cumulative += count
            out.append(f"{name}_bucket{_labels({**labels, 'le': bound})} {cumulative}")
        out.append(f"{name}_sum{_labels(labels)} {_number(self.total)}")
        out.append(f"{name}_count{_labels(labels)} {cumulative}")
        return out


class Metrics:
    def __init__(self, version: str, git_sha: str) -> None:
        self.info = {"version": version, "git_sha": git_sha}
        self._lock = threading.Lock()
        self._requests: Counter = Counter()
        self._durations: dict[str, Histogram] = {}
        self._decisions: Counter = Counter({"true": 0, "false": 0})
        self._probabilities = Histogram(PROBABILITY_BUCKETS)

    def observe_request(self, method: str, path: str, code: int, seconds: float) -> None:
        route = path if path in ROUTES else "other"  # unknown paths share one label: bounded cardinality
        with self._lock:
            self._requests[(method, route, str(code))] += 1
            self._durations.setdefault(route, Histogram(LATENCY_BUCKETS)).observe(seconds)

    def observe_predictions(self, outputs: Iterable[Mapping[str, object]]) -> None:
        with self._lock:
            for output in outputs:
                self._decisions["true" if output.get("churn") else "false"] += 1
                self._probabilities.observe(float(output.get("probability", 0.0)))

    def render(self) -> str:
        with self._lock:
            return "\n".join(self._render_locked()) + "\n"

    def _render_locked(self) -> list[str]:
        lines = [
            "# HELP http_requests_total Requests answered, by method, route and status code.",
            "# TYPE http_requests_total counter",
        ]
        for (method, route, code), count in sorted(self._requests.items()):
            lines.append(f"http_requests_total{_labels({'method': method, 'route': route, 'code': code})} {count}")
        lines += [
            "# HELP http_request_errors_total Requests answered with an error status (4xx or 5xx).",
            "# TYPE http_request_errors_total counter",
        ]
        for (method, route, code), count in sorted(self._requests.items()):
            if code[0] in "45":
                labels = _labels({"method": method, "route": route, "code": code})
                lines.append(f"http_request_errors_total{labels} {count}")
        lines += [
            "# HELP http_request_duration_seconds Time to answer a request, by route.",
            "# TYPE http_request_duration_seconds histogram",
        ]
        for route in sorted(self._durations):
            lines += self._durations[route].lines("http_request_duration_seconds", {"route": route})
        lines += [
            "# HELP predictions_total Predictions made, by churn decision.",
            "# TYPE predictions_total counter",
        ]
        for decision in sorted(self._decisions):
            lines.append(f"predictions_total{_labels({'churn': decision})} {self._decisions[decision]}")
        lines += [
            "# HELP prediction_probability Distribution of the predicted churn probabilities.",
            "# TYPE prediction_probability histogram",
            *self._probabilities.lines("prediction_probability", {}),
            "# HELP model_info The model version and commit that answer (always 1).",
            "# TYPE model_info gauge",
            f"model_info{_labels(self.info)} 1",
        ]
        return lines
