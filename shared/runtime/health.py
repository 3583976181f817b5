"""`/metrics` and `/health` on the service's own port, served from a small thread so a
busy event loop never makes a scrape or a health probe time out."""

from __future__ import annotations

import errno
import json
import threading
from socketserver import ThreadingMixIn
from typing import Callable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app

from .errors import StartupError

HealthCheck = Callable[[], dict[str, bool]]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - one line per scrape is noise
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _app(registry: CollectorRegistry, check: HealthCheck, run_id: str | None):
    metrics = make_wsgi_app(registry)

    def app(environ, start_response):
        if environ.get("PATH_INFO") == "/health":
            checks = check()
            ok = all(checks.values())
            answer = {"status": "ok" if ok else "failing", "checks": checks}
            if run_id:
                answer["run"] = run_id
            body = json.dumps(answer).encode()
            start_response("200 OK" if ok else "503 Service Unavailable",
                           [("Content-Type", "application/json")])
            return [body]
        if environ.get("PATH_INFO") == "/metrics":
            return metrics(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"try /metrics or /health\n"]

    return app


class HealthServer:
    def __init__(self, host: str, port: int, registry: CollectorRegistry, check: HealthCheck, *,
                 run_id: str | None = None):
        try:
            self._server = make_server(host, port, _app(registry, check, run_id), _ThreadingServer, _QuietHandler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StartupError(
                    f"LASTMILE_METRICS_PORT: port {port} on {host} is already in use"
                ) from None
            raise StartupError(f"LASTMILE_METRICS_PORT: cannot listen on {host}:{port}: {exc}") from None
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="health", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():  # `shutdown` waits for a serve loop that never began
            self._server.shutdown()
        self._server.server_close()
