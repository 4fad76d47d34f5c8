"""The created request helper (`src/http.ts`) and the per-call options of the generated functions (issue 14).

A spec of our own (`gadget`: CRUD, a custom operation with a body and a path parameter named `options`, one
with a query) is scaffolded into a repository made by `init`. The client package is compiled by the pinned
tsc with `--strict --exactOptionalPropertyTypes --noUncheckedIndexedAccess` (the flags are written into the
package's tsconfig, so the driver compiled with it is checked the same way), then a driver
(tests/roundtrip/options_roundtrip.ts) runs under node against a scripted HTTP server on 127.0.0.1 that
records what reached it: an abort, timeouts, an async token, per-call headers, a 2xx body that is not JSON,
and the platform's error bodies. Helpers of the package's own get the options only when their options
object has `signal` or `headers`.
"""

from __future__ import annotations

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from elqnt_scaffold.layers.client_call import CallShape, call_options
from tests.conftest import TSC, needs_tsc, run_cli
from tests.roundtrip.driver import compile_driver, run_driver

CLIENT = Path("eloquent-packages/packages/api-client")
HERE = Path(__file__).resolve().parent
STRICT = ("--strict", "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess")
SPEC = """\
resource: gadget
fields:
  - {name: name, type: string, required: true}
operations:
  - list
  - create
  - get
  - delete
  - {name: tag, method: PUT, path: "/{id}/tags/{options}", body: [{name: position, type: int, required: true}]}
  - {name: usage, method: GET, path: "/{id}/usage", query: [{name: from, type: int}], response: resource}
"""


# --------------------------------------------------------------------------- the scripted server


class _Handler(BaseHTTPRequestHandler):
    server: "ScriptedServer"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def do_DELETE(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        seen = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()), "body": body}
        with self.server.lock:
            self.server.seen.append(seen)
        last = self.path.rstrip("/").rsplit("/", 1)[-1]
        if last == "slow":
            self.server.release.wait()  # answers only when the test ends: the client must give up first
            return
        if last == "html":
            return self._send(200, "text/html; charset=utf-8", "<html><body>Gateway login</body></html>")
        if last == "invalid":
            details = [{"field": "owner.email", "rule": "email", "param": ""}]
            return self._json(400, {"code": "VALIDATION_ERROR", "message": "owner.email must be an email", "details": details})
        if last == "boom":
            return self._json(500, {"code": "GET_FAILED", "message": "internal error", "requestId": "req-42"})
        if self.command == "DELETE":
            return self._send(204, None, "")
        if self.command == "POST":
            return self._json(201, {"id": "g-1", **json.loads(body or "{}")})
        return self._json(200, {"id": last, "name": "Lamp"})

    def _json(self, status: int, value: object) -> None:
        self._send(status, "application/json", json.dumps(value))

    def _send(self, status: int, content_type: str | None, text: str) -> None:
        data = text.encode()
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[dict] = []
        self.lock = threading.Lock()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requests_to(self, last: str) -> list[dict]:
        with self.lock:
            return [s for s in self.seen if s["path"].split("?")[0].rstrip("/").endswith("/" + last)]


@pytest.fixture(scope="module")
def server():
    srv = ScriptedServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


# --------------------------------------------------------------------------- the repository


def scaffold(root: Path, helper: str | None = None) -> Path:
    """A repository made by `init`, its client's http.ts replaced by `helper` when given, gadget scaffolded;
    the client's tsconfig gains the two extra strict flags."""
    repo = root / "repo"
    assert run_cli("init", "--repo", str(repo)).code == 0
    if helper is not None:
        (repo / CLIENT / "src/http.ts").write_text(helper)
    spec = root / "gadget.yaml"
    spec.write_text(SPEC)
    run = run_cli("add-endpoint", "gadget", "--repo", str(repo), "--spec", str(spec), "--only", "service,types,client", "--no-tidy")
    assert run.code == 0, run.out + run.err
    config = repo / CLIENT / "tsconfig.json"
    data = json.loads(config.read_text())
    data["compilerOptions"].update(exactOptionalPropertyTypes=True, noUncheckedIndexedAccess=True)
    config.write_text(json.dumps(data, indent=2))
    return repo


def strict_tsc(package: Path) -> None:
    proc = subprocess.run([str(TSC), *STRICT, "--noEmit", "-p", str(package)], capture_output=True, text=True)
    assert proc.returncode == 0, f"tsc {' '.join(STRICT)} -p {package}:\n{proc.stdout}{proc.stderr}"


def module_of(repo: Path) -> str:
    return (repo / CLIENT / "src/gadgets.ts").read_text()


@pytest.fixture(scope="module")
def created(tmp_path_factory) -> Path:
    return scaffold(tmp_path_factory.mktemp("options-created"))


@pytest.fixture(scope="module")
def report(created, server, tmp_path_factory) -> dict:
    main = compile_driver(created / CLIENT, HERE / "roundtrip/options_roundtrip.ts", tmp_path_factory.mktemp("options-js"))
    data = run_driver(main, {"SERVER_URL": server.url})
    return {name: outcome["value"] for name, outcome in data.items() if outcome["ok"]}


def threw(report: dict, step: str) -> dict:
    assert step in report, f"step {step!r} did not run: {sorted(report)}"
    assert report[step]["threw"], f"{step}: resolved with {report[step].get('value')!r}"
    return report[step]


# --------------------------------------------------------------------------- the created helper


@needs_tsc
def test_the_created_package_compiles_with_the_extra_strict_flags(created):
    module = module_of(created)
    assert 'import { request, type CallOptions } from "./http";' in module
    assert "export async function getGadget(id: string, options?: CallOptions): Promise<Gadget> {" in module
    assert 'request<Gadget>("GET", `/api/v1/gadgets/${encodeURIComponent(id)}`, options);' in module
    assert 'request<Gadget>("POST", "/api/v1/gadgets", { ...options, body });' in module
    # a path parameter named like the options parameter is renamed; options stay the last parameter
    assert "(id: string, optionsParam: string, body: TagGadgetRequest, options?: CallOptions): Promise<void>" in module
    assert module.count("options?: CallOptions") == 6
    strict_tsc(created / CLIENT)
    # a second run reads the created http.ts like any helper and writes the same module
    spec = created.parent / "gadget.yaml"
    run = run_cli("add-endpoint", "gadget", "--repo", str(created), "--spec", str(spec), "--only", "service,types,client", "--no-tidy")
    assert run.code == 0 and "Nothing to do" in run.out, run.out + run.err
    assert module_of(created) == module


@needs_tsc
def test_an_aborted_request_rejects_with_the_callers_abort_error(report, server):
    for step in ("abort", "abortBeforeSending"):
        err = threw(report, step)
        assert (err["name"], err["isDOMException"], err["isApiError"]) == ("AbortError", True, False), err
    assert server.requests_to("never") == []  # an already aborted signal sends nothing


@needs_tsc
def test_a_timeout_rejects_with_a_timeout_error_naming_the_request(report):
    for step in ("timeoutPerCall", "timeoutConfigured"):
        err = threw(report, step)
        assert (err["name"], err["isDOMException"]) == ("TimeoutError", True), err
        assert "GET /api/v1/gadgets/slow" in err["message"], err
    assert "100 ms" in report["timeoutPerCall"]["message"] and "120 ms" in report["timeoutConfigured"]["message"]


@needs_tsc
def test_an_async_token_is_asked_per_request_and_per_call_headers_arrive(report, server):
    for step in ("tokenFirst", "tokenSecond", "create", "delete"):
        assert not report[step]["threw"], report[step]
    first, second = server.requests_to("t1")[0]["headers"], server.requests_to("t2")[0]["headers"]
    assert (first["Authorization"], second["Authorization"]) == ("Bearer tok-1", "Bearer tok-2")
    assert "X-Trace" not in first and second["X-Trace"] == "trace-7"
    assert first["X-Client"] == second["X-Client"] == "driver"  # the client's headers stay
    posted = [s for s in server.seen if s["method"] == "POST"]
    assert len(posted) == 1 and posted[0]["headers"]["X-Trace"] == "trace-8"
    assert json.loads(posted[0]["body"]) == {"name": "Lamp"} and posted[0]["headers"]["Content-Type"] == "application/json"
    assert report["create"]["value"] == {"id": "g-1", "name": "Lamp"}
    assert "value" not in report["delete"]  # 204: undefined, which JSON leaves out


@needs_tsc
def test_a_2xx_body_that_is_not_json_is_a_clear_api_error(report):
    err = threw(report, "html")
    assert (err["isApiError"], err["status"], err["code"]) == (True, 200, "INVALID_RESPONSE"), err
    assert "GET /api/v1/gadgets/html" in err["message"] and "text/html" in err["message"], err


@needs_tsc
def test_an_api_error_carries_the_code_details_and_request_id(report):
    invalid = threw(report, "invalid")
    assert (invalid["status"], invalid["code"], invalid["requestId"]) == (400, "VALIDATION_ERROR", None)
    assert invalid["details"] == [{"field": "owner.email", "rule": "email", "param": ""}]
    assert invalid["message"] == "owner.email must be an email"
    boom = threw(report, "boom")
    assert (boom["status"], boom["code"], boom["requestId"], boom["details"]) == (500, "GET_FAILED", "req-42", [])


@needs_tsc
def test_a_client_of_its_own_can_be_the_default(report, server):
    assert report["ownClient"]["value"] == {"id": "own", "name": "Lamp"}
    assert server.requests_to("own")[0]["headers"]["Authorization"] == "Bearer static-token"
    assert report["noToken"]["value"] == {"id": "anonymous", "name": "Lamp"}
    assert "Authorization" not in server.requests_to("anonymous")[0]["headers"]


# --------------------------------------------------------------------------- helpers of the package's own


OWN_HELPER = """\
export interface Options {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

let base = "";

export function configure(next: { baseUrl: string }): void {
  base = next.baseUrl;
}

export class ApiError extends Error {
  status = 0;
  code = "";
}

export async function request<T>(method: string, path: string, options: Options = {}): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: "application/json", "Content-Type": "application/json", ...options.headers } };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
  }
  if (options.signal) {
    init.signal = options.signal;
  }
  const response = await fetch(base + path, init);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
"""
# The same helper before per-call options: its options object has neither signal nor headers.
PLAIN_HELPER = OWN_HELPER.replace("  signal?: AbortSignal;\n  headers?: Record<string, string>;\n", "").replace(
    "...options.headers ", ""
).replace("  if (options.signal) {\n    init.signal = options.signal;\n  }\n", "")


@needs_tsc
def test_a_helper_whose_options_have_a_signal_gets_them_passed(tmp_path, server):
    repo = scaffold(tmp_path, OWN_HELPER)
    module = module_of(repo)
    assert 'type CallOptions = Pick<NonNullable<Parameters<typeof request>[2]>, "signal" | "headers">;' in module
    assert 'request<Gadget>("GET", `/api/v1/gadgets/${encodeURIComponent(id)}`, options);' in module
    assert module.count("options?: CallOptions") == 6
    assert (repo / CLIENT / "src/http.ts").read_text() == OWN_HELPER  # the user's: never rewritten
    strict_tsc(repo / CLIENT)
    main = compile_driver(repo / CLIENT, HERE / "roundtrip/options_helper_roundtrip.ts", tmp_path / "js")
    data = run_driver(main, {"SERVER_URL": server.url})
    assert data["headers"]["value"]["threw"] is False, data
    assert server.requests_to("mine")[-1]["headers"]["X-Trace"] == "own-helper"
    assert data["abort"]["value"] == {"threw": True, "name": "AbortError", "isDOMException": True}, data


@needs_tsc
def test_a_helper_without_signal_or_headers_gets_no_options_and_still_compiles(tmp_path):
    assert "signal" not in PLAIN_HELPER and "headers?" not in PLAIN_HELPER
    repo = scaffold(tmp_path, PLAIN_HELPER)
    module = module_of(repo)
    assert "CallOptions" not in module and "options?" not in module and "...options" not in module
    assert "export async function getGadget(id: string): Promise<Gadget> {" in module
    assert 'request<Gadget>("POST", "/api/v1/gadgets", { body });' in module
    strict_tsc(repo / CLIENT)


# --------------------------------------------------------------------------- naming and call shapes


def test_the_options_type_is_renamed_when_its_name_is_taken():
    imported = CallShape("options", passes=("signal", "headers"), options_type="CallOptions")
    names = call_options(imported, "request", {"CallOptions", "getGadget"})
    assert (names.param, names.imports, names.alias) == ("options?: CallOptions_", ["type CallOptions as CallOptions_"], "")
    alias = call_options(CallShape("options", passes=("signal",)), "send", {"CallOptions"})
    assert alias.alias == 'type CallOptions_ = Pick<NonNullable<Parameters<typeof send>[2]>, "signal">;'
    assert call_options(CallShape("options"), "request", set()).param == ""  # nothing to carry


def test_a_required_options_object_gets_the_options_or_an_empty_one():
    shape = CallShape("options", options_required=True, passes=("signal",))
    assert shape.call("request", "W", "GET", '"/w"', None, None, "options") == 'request<W>("GET", "/w", options ?? {})'
    assert shape.call("request", "W", "GET", '"/w"', None, None, None) == 'request<W>("GET", "/w", {})'
    plain = CallShape("options")  # a helper that carries none: the options local is never passed
    assert plain.call("request", "W", "POST", '"/w"', "body", None, "options") == 'request<W>("POST", "/w", { body })'
