"""A test-only stand-in for the platform's API gateway, driven by a generated routes.yaml.

It does what the real gateway does for the round trip, and nothing more:

- routes by the file's entries: method + path pattern, segment by segment, where a `{name}` segment
  matches any one non-empty segment of the *raw* (still percent-encoded) request path, so `a%2Fb` is one
  segment, exactly as the client meant it; no entry -> 404 `ROUTE_NOT_FOUND` (a code no service uses, so a
  test can tell the gateway's 404 from the service's `NOT_FOUND`);
- `auth_required: true` -> `Authorization: Bearer <token>` with a known token, else 401 `UNAUTHORIZED`;
- `scopes` -> the token must carry every one, else 403 `FORBIDDEN`;
- strips the `/api/v1` prefix and proxies to the upstream named by `proxy_upstream` (`$WIDGET_SERVICE_URL`
  is looked up in the `upstreams` dict, not the environment), with `X-Org-ID` / `X-User-ID` set from the
  token; whatever the caller sent in those headers is dropped, never trusted.

Every proxied request is recorded in `forwarded`, so a test can see what reached the service.
"""

from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from elqnt_scaffold.sources.yaml.splice import RouteEntry, read_routes

PREFIX = "/api/v1"
# Request headers passed through to the upstream; everything else (Authorization, X-Org-ID, ...) stays here.
PASS_THROUGH = ("content-type", "accept")
UPSTREAM_TIMEOUT_S = 60.0  # a hang guard for a wedged service, not a performance bound


@dataclass(frozen=True)
class Identity:
    org: str
    user: str
    scopes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Forwarded:
    method: str
    path: str  # what the upstream received: prefix stripped, raw (percent-encoded), with the query
    upstream: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Route:
    method: str
    segments: tuple[str, ...]
    entry: RouteEntry

    def matches(self, method: str, segments: list[str]) -> bool:
        if method != self.method or len(segments) != len(self.segments):
            return False
        for want, got in zip(self.segments, segments):
            if want.startswith("{") and want.endswith("}"):
                if not got:
                    return False
            elif want != got:
                return False
        return True


def _segments(path: str) -> list[str]:
    return path.split("/")[1:]


@dataclass
class StandInGateway:
    routes_yaml: Path
    upstreams: dict[str, str]  # "WIDGET_SERVICE_URL" -> "http://127.0.0.1:PORT"
    tokens: dict[str, Identity]
    forwarded: list[Forwarded] = field(default_factory=list)

    def __post_init__(self) -> None:
        entries = read_routes(self.routes_yaml.read_text())
        self.routes = [Route(e.method.upper(), tuple(_segments(e.path)), e) for e in entries]
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        assert self._server is not None, "gateway not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StandInGateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                gateway._handle(self)

            do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

            def log_message(self, format: str, *args) -> None:  # quiet test output
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="stand-in-gateway", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    # ------------------------------------------------------------------------------------- routing

    def match(self, method: str, raw_path: str) -> Route | None:
        segments = _segments(raw_path)
        return next((r for r in self.routes if r.matches(method, segments)), None)

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        target = urlsplit(req.path)
        raw_path = target.path

        route = self.match(req.command, raw_path)
        if route is None:
            return _error(req, 404, "ROUTE_NOT_FOUND", f"no gateway route for {req.command} {raw_path}")
        fields = route.entry.fields

        identity: Identity | None = None
        auth = req.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            identity = self.tokens.get(auth[len("Bearer "):].strip())
        if fields.get("auth_required") is True:
            if identity is None:
                return _error(req, 401, "UNAUTHORIZED", "a valid bearer token is required")
            missing = [s for s in fields.get("scopes") or [] if s not in identity.scopes]
            if missing:
                return _error(req, 403, "FORBIDDEN", f"token lacks scope {', '.join(missing)}")

        upstream_var = str(fields.get("proxy_upstream", "")).lstrip("$")
        base = self.upstreams.get(upstream_var)
        if base is None:
            return _error(req, 502, "UPSTREAM_NOT_CONFIGURED", f"${upstream_var} is not set")
        if not raw_path.startswith(PREFIX + "/"):
            return _error(req, 404, "ROUTE_NOT_FOUND", f"{raw_path} is outside {PREFIX}")
        upstream_path = raw_path[len(PREFIX):] + (f"?{target.query}" if target.query else "")

        headers = {k: v for k, v in req.headers.items() if k.lower() in PASS_THROUGH}
        if identity is not None:
            headers["X-Org-ID"] = identity.org
            headers["X-User-ID"] = identity.user
        if body or req.command in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(body))
        with self._lock:
            self.forwarded.append(Forwarded(req.command, upstream_path, upstream_var, dict(headers)))

        up = urlsplit(base)
        conn = http.client.HTTPConnection(up.hostname, up.port, timeout=UPSTREAM_TIMEOUT_S)
        try:
            conn.request(req.command, upstream_path, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            status, content_type = resp.status, resp.getheader("Content-Type")
        except OSError as err:
            return _error(req, 502, "BAD_GATEWAY", f"{upstream_var}: {err}")
        finally:
            conn.close()
        _send(req, status, data, content_type)


def _error(req: BaseHTTPRequestHandler, status: int, code: str, message: str) -> None:
    _send(req, status, json.dumps({"code": code, "message": message}).encode(), "application/json")


def _send(req: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str | None) -> None:
    req.send_response(status)
    if content_type:
        req.send_header("Content-Type", content_type)
    if status not in (204, 304):
        req.send_header("Content-Length", str(len(data)))
    req.end_headers()
    if data and status not in (204, 304) and req.command != "HEAD":
        req.wfile.write(data)
