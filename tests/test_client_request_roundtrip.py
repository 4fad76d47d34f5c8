"""The generated client through request helpers of the package's own, end to end (issue #13, section 1).

A client package whose helper is `request<T>(method, path, body?: unknown)` used to get
`request("POST", path, { body })`: tsc passes (`unknown` takes anything) and every create and update sent
`{"body": {...}}`. Here each helper shape is written into a scratch copy of the example, the spec
tests/data/widget_ops.yaml (CRUD + a query, a body and a bare custom operation) is scaffolded, and the
generated client is compiled with the pinned tsc under --strict and run by node against the generated Go
service (127.0.0.1) behind the stand-in gateway (tests/roundtrip/). The service is built once; each helper
gets its own organization, so what reached the service can be told apart.

- `body`: `export async function request<T>(method, path, body?: unknown): Promise<T>` (the issue's helper);
- `init`: `export const request = async <T,>(method, path, init?: RequestInit): Promise<T> => ...` (fetch
  style: the body must be JSON text);
- `body-options`: `send(method, path, body?: unknown, options?: CallOptions): Promise<unknown>` in
  `lib/client.ts`, re-exported as `request` (`export { send as request } from "./lib/client"`): the query
  goes in the 4th argument, the result is cast (no type parameter).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, needs_go, needs_tsc, run_cli
from tests.roundtrip.driver import compile_driver, run_driver
from tests.roundtrip.gateway import Identity, StandInGateway
from tests.roundtrip.process import go_build, start

pytestmark = [needs_go, needs_tsc]

SPEC = ROOT / "tests" / "data" / "widget_ops.yaml"
DRIVER = ROOT / "tests" / "roundtrip" / "helper_roundtrip.ts"
CLIENT = Path("eloquent-packages/packages/api-client")

# What every helper shares: configuration and the typed error the driver's report recognizes.
COMMON = """let settings: { baseUrl: string; token?: string } = { baseUrl: "" };

export function configure(next: { baseUrl?: string; token?: string }): void {
  settings = { ...settings, ...next };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

async function decode(response: Response): Promise<unknown> {
  if (!response.ok) {
    const error = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`, error.message ?? response.statusText);
  }
  return response.status === 204 ? undefined : response.json();
}

function auth(): Record<string, string> {
  return settings.token ? { Authorization: `Bearer ${settings.token}` } : {};
}
"""

HELPERS = {
    "body": {
        "http.ts": COMMON
        + """
/** The platform's helper: the body is the third argument, sent as JSON. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...auth() };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(settings.baseUrl + path, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  return (await decode(response)) as T;
}
""",
    },
    "init": {
        "http.ts": COMMON
        + """
/** fetch-style: the caller's RequestInit is passed on (its body must already be JSON text). */
export const request = async <T,>(method: string, path: string, init?: RequestInit): Promise<T> => {
  const headers = { Accept: "application/json", ...(init?.headers as Record<string, string> | undefined), ...auth() };
  const response = await fetch(settings.baseUrl + path, { ...init, method, headers });
  return (await decode(response)) as T;
};
""",
    },
    "body-options": {
        "lib/client.ts": COMMON
        + """
export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

/** The body as the third argument, the query in an options object as the fourth. */
export async function send(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<unknown> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null) {
      search.append(key, String(value));
    }
  }
  const query = search.toString();
  const response = await fetch(settings.baseUrl + path + (query ? `?${query}` : ""), {
    method,
    headers: { Accept: "application/json", "Content-Type": "application/json", ...auth() },
    body: body === undefined ? null : JSON.stringify(body),
    signal: options.signal ?? null,
  });
  return decode(response);
}
""",
        "http.ts": 'export { send as request, configure, ApiError } from "./lib/client";\n',
    },
}
ORGS = {kind: f"org-{kind}" for kind in HELPERS}
TOKENS = {
    f"tok-{kind}": Identity(ORGS[kind], f"user-{kind}", frozenset({"write:widgets", "admin:widgets"})) for kind in HELPERS
}


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """The generated service (built once: it does not depend on the client's helper) behind the gateway."""
    repo = tmp_path_factory.mktemp("helper-stack") / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    run = run_cli("add-endpoint", "widget", "--repo", str(repo), "--spec", str(SPEC), "--storage", "memory")
    assert run.code == 0, f"add-endpoint failed ({run.code}):\n{run.out}\n{run.err}"
    out = tmp_path_factory.mktemp("helper-bin")
    service = start(go_build(repo / "services/widget-service", out / "widget-service"), out)
    gw = StandInGateway(
        repo / "services/api-gateway/config/routes.yaml", upstreams={"WIDGET_SERVICE_URL": service.url}, tokens=TOKENS
    ).start()
    yield gw
    gw.stop()
    service.stop()


def scaffold_with_helper(root: Path, kind: str) -> Path:
    """A scratch example whose client package has only the `kind` helper; widget_ops scaffolded into it."""
    repo = root / "eloquent"
    shutil.copytree(EXAMPLE, repo)
    src = repo / CLIENT / "src"
    (src / "projects.ts").unlink()  # the example's hand-written module calls the tool's own helper shape
    (src / "index.ts").write_text('export * from "./http";\n')
    for rel, text in HELPERS[kind].items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    run = run_cli("add-endpoint", "widget", "--repo", str(repo), "--spec", str(SPEC), "--no-tidy", "--storage", "memory")
    assert run.code == 0, f"add-endpoint failed ({run.code}):\n{run.out}\n{run.err}"
    for rel, text in HELPERS[kind].items():
        assert (src / rel).read_text() == text  # the helper is the user's: never rewritten
    return repo


@pytest.fixture(scope="module", params=sorted(HELPERS))
def outcome(request, gateway, tmp_path_factory):
    kind = request.param
    repo = scaffold_with_helper(tmp_path_factory.mktemp(f"helper-{kind}"), kind)
    main = compile_driver(repo / CLIENT, DRIVER, tmp_path_factory.mktemp(f"helper-{kind}-js"))
    report = run_driver(main, {"GATEWAY_URL": gateway.url, "TOKEN": f"tok-{kind}"})
    forwarded = [f for f in gateway.forwarded if f.headers.get("X-Org-ID") == ORGS[kind]]
    module = (repo / CLIENT / "src/widgets.ts").read_text()
    return kind, report, forwarded, module


def ok(report: dict, name: str):
    assert name in report, f"step {name!r} did not run: {sorted(report)}"
    assert report[name]["ok"], f"{name}: {report[name]['error']}"
    return report[name]["value"]


def failed(report: dict, name: str, status: int, code: str) -> None:
    assert name in report, f"step {name!r} did not run: {sorted(report)}"
    outcome = report[name]
    assert not outcome["ok"], f"{name}: expected {status} {code}, got {outcome['value']!r}"
    err = outcome["error"]
    assert err["isApiError"] and (err["status"], err["code"]) == (status, code), f"{name}: {err}"


def test_create_and_update_send_the_body_itself(outcome):
    _, report, _, _ = outcome
    created = ok(report, "create")
    assert (created["name"], created["tags"]) == ("Revenue", ["finance", "monthly"])
    assert ok(report, "get") == created
    updated = ok(report, "update")
    assert (updated["id"], updated["name"], updated["tags"]) == (created["id"], "Revenue (EUR)", ["eur"])
    assert ok(report, "getAfterUpdate") == updated
    failed(report, "createInvalid", 400, "VALIDATION_ERROR")  # the empty name reached the validator


def test_the_list_query_reaches_the_service(outcome):
    _, report, forwarded, _ = outcome
    listed = ok(report, "list")
    assert (listed["total"], listed["page"], listed["limit"]) == (1, 1, 10)
    assert [w["name"] for w in listed["items"]] == ["Revenue"]
    assert ok(report, "listDefaults")["total"] == 1
    gets = [f.path for f in forwarded if f.method == "GET"]
    assert "/widgets?page=1&limit=10" in gets and "/widgets" in gets, gets


def test_custom_operations_pass_their_query_and_body_checks(outcome):
    _, report, forwarded, _ = outcome
    created = ok(report, "create")
    for step in ("usage", "usageFromOnly", "moveTag", "archive"):
        failed(report, step, 501, "NOT_IMPLEMENTED")  # past the query / body checks
    failed(report, "moveTagInvalid", 400, "VALIDATION_ERROR")
    paths = [f.path for f in forwarded]
    assert f"/widgets/{created['id']}/usage?from=1000&to=2000&detailed=true" in paths, paths
    assert f"/widgets/{created['id']}/usage?from=1000" in paths, paths
    assert f"/widgets/{created['id']}/tags/c%20d" in paths, paths


def test_path_parameters_are_encoded_and_delete_works(outcome):
    _, report, forwarded, _ = outcome
    failed(report, "getSlashId", 404, "NOT_FOUND")
    assert "/widgets/a%2Fb" in [f.path for f in forwarded]
    assert ok(report, "delete") is None
    failed(report, "getDeleted", 404, "NOT_FOUND")
    assert ok(report, "listAfterDelete")["total"] == 0


def test_the_old_wrapped_call_is_refused_by_these_helpers(outcome):
    """The control: what the tool emitted before (`{ body }`) does not reach these helpers as a body."""
    kind, report, _, _ = outcome
    # init: fetch sends the object as the text "[object Object]" labelled text/plain: the service refuses the type
    if kind == "init":
        failed(report, "wrappedBody", 415, "UNSUPPORTED_MEDIA_TYPE")
    else:
        failed(report, "wrappedBody", 400, "VALIDATION_ERROR")


def test_the_module_calls_each_helper_in_its_own_shape(outcome):
    kind, _, _, module = outcome
    create = {
        "body": 'request<Widget>("POST", "/api/v1/widgets", body);',
        # RequestInit and the `signal` of CallOptions carry the per-call options: passed on (tests/test_client_options.py)
        "init": 'request<Widget>("POST", "/api/v1/widgets", { ...options, body: JSON.stringify(body), headers: { ...options?.headers, "Content-Type": "application/json" } });',
        "body-options": 'request("POST", "/api/v1/widgets", body, options) as Promise<Widget>;',
    }[kind]
    assert create in module
    assert "{ body }" not in module
    if kind == "body-options":
        assert 'request("GET", "/api/v1/widgets", undefined, { ...options, query: { page: params?.page, limit: params?.limit } }) as Promise<ListWidgetsResponse>;' in module
        assert "URLSearchParams" not in module
    else:
        tail = ", options" if kind == "init" else ""
        assert f'request<ListWidgetsResponse>("GET", `/api/v1/widgets${{toQuery({{ page: params?.page, limit: params?.limit }})}}`{tail});' in module
        assert "function toQuery(params: Record<string, string | number | boolean | undefined | null>): string {" in module
