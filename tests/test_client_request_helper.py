"""The client calls the package's own request helper in the helper's own shape (issue #13, section 1).

The helper's signature is read with tree-sitter-typescript (sources/ts/signature.py), through re-exports,
and the calls fit it: the body positional or in an options object (JSON text for a fetch RequestInit), the
query in the options object or encoded into the path. A signature that does not say how to call it is
refused (exit 2, file:line, `client_request.call`, nothing written) unless `client_request.call` says so.
Every emitted module is compiled by the pinned tsc under --strict. The round trip through such helpers is
tests/test_client_request_roundtrip.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from elqnt_scaffold.sources.ts.signature import Forward, Signature, TypeExpr, Unreadable, lookup, object_arguments
from tests.conftest import needs_tsc, tree_digest, tsc

CLIENT = "eloquent-packages/packages/api-client"
HTTP = f"{CLIENT}/src/http.ts"
FIELDS = ["--field", "name:string:required", "--field", "tags:[]string"]
USAGE = ["--op", "usage: GET /{id}/usage", "--query", "from:timestamp:required", "--query", "to:timestamp"]
ERROR = "export class ApiError extends Error {}\n"
JSON_OF = "(await fetch(path, { method })).json() as Promise<T>"


def with_helper(repo: Path, files: dict[str, str], config: str | None = None, keep_projects: bool = False) -> Path:
    """The example's client package with only these files besides index.ts (and the hand-written projects.ts)."""
    src = repo / CLIENT / "src"
    for old in src.iterdir():
        if not (keep_projects and old.name == "projects.ts"):
            old.unlink()
    (src / "index.ts").write_text('export * from "./http";\n' + ('export * from "./projects";\n' if keep_projects else ""))
    for rel, text in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    if config is not None:
        (repo / ".elqnt-scaffold.yaml").write_text(config)
    return src


def scaffold(cli, repo: Path, *extra: str):
    run = cli("add-endpoint", "widget", "--repo", str(repo), *FIELDS, "--no-tidy", *extra)
    assert run.code == 0, run.out + run.err
    if "--op" not in extra:
        run = cli("add-endpoint", "widget", "--repo", str(repo), *USAGE, "--no-tidy")
        assert run.code == 0, run.out + run.err
    return (repo / CLIENT / "src/widgets.ts").read_text()


def refused(cli, repo: Path, *extra: str):
    before = tree_digest(repo)
    run = cli("add-endpoint", "widget", "--repo", str(repo), *FIELDS, "--no-tidy", *extra)
    assert run.code == 2, run.out + run.err
    assert "nothing was written" in run.err
    assert tree_digest(repo) == before
    return run.err


def compiles(repo: Path) -> None:
    proc = tsc(repo / CLIENT)
    assert proc.returncode == 0, f"tsc --strict:\n{proc.stdout}{proc.stderr}"


# --------------------------------------------------------------------------- call shapes that are read


POSITIONAL = "export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {\n  return " + JSON_OF.replace("{ method }", "{ method, body: JSON.stringify(body) }") + ";\n}\n"


@needs_tsc
def test_a_positional_body_helper_gets_the_body_itself_and_the_query_in_the_path(cli, example):
    with_helper(example, {"http.ts": ERROR + POSITIONAL})
    module = scaffold(cli, example)
    assert 'request<Widget>("POST", "/api/v1/widgets", body);' in module
    assert 'request<Widget>("PUT", `/api/v1/widgets/${encodeURIComponent(id)}`, body);' in module
    assert 'request<Widget>("GET", `/api/v1/widgets/${encodeURIComponent(id)}`);' in module
    assert 'request<ListWidgetsResponse>("GET", `/api/v1/widgets${toQuery({ page: params?.page, limit: params?.limit })}`);' in module
    assert 'request<void>("GET", `/api/v1/widgets/${encodeURIComponent(id)}/usage${toQuery({ from: query.from, to: query.to })}`);' in module
    assert "{ body }" not in module and "{ query:" not in module
    compiles(example)


def test_check_and_drift_read_the_new_calls(cli, example):
    with_helper(example, {"http.ts": ERROR + POSITIONAL}, keep_projects=True)
    scaffold(cli, example)
    check = cli("check", "--repo", str(example))
    assert check.code == 0, check.out + check.err  # every route has its client function, query in the path or not
    drift = cli("drift", "--repo", str(example))
    assert drift.code == 0, drift.out + drift.err


def test_a_required_positional_body_gets_undefined_when_there_is_none(cli, example):
    helper = POSITIONAL.replace("body?: unknown", "body: unknown")
    with_helper(example, {"http.ts": ERROR + helper})
    module = scaffold(cli, example)
    assert 'request<Widget>("GET", `/api/v1/widgets/${encodeURIComponent(id)}`, undefined);' in module
    assert 'request<Widget>("POST", "/api/v1/widgets", body);' in module


@needs_tsc
def test_a_fetch_style_helper_gets_json_text_and_the_content_type(cli, example):
    helper = "export async function request<T>(method: string, url: string, init?: RequestInit): Promise<T> {\n  return (await fetch(url, { ...init, method })).json() as Promise<T>;\n}\n"
    with_helper(example, {"http.ts": ERROR + helper})
    module = scaffold(cli, example)
    # A RequestInit carries the per-call signal and headers: the caller's headers merged under the Content-Type.
    assert "type CallOptions = Pick<NonNullable<Parameters<typeof request>[2]>, \"signal\"> & { headers?: Record<string, string> };" in module
    assert 'request<Widget>("POST", "/api/v1/widgets", { ...options, body: JSON.stringify(body), headers: { ...options?.headers, "Content-Type": "application/json" } });' in module
    assert "${toQuery({ page: params?.page, limit: params?.limit })}`, options);" in module
    compiles(example)


@needs_tsc
def test_a_body_then_options_helper_gets_the_query_in_its_fourth_argument(cli, example):
    helper = (
        "export interface CallOptions { query?: Record<string, string | number | boolean | undefined>; signal?: AbortSignal }\n"
        "export async function request<T>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {\n"
        "  return (await fetch(path + JSON.stringify(options.query), { method, body: JSON.stringify(body) })).json() as Promise<T>;\n}\n"
    )
    with_helper(example, {"http.ts": ERROR + helper})
    module = scaffold(cli, example)
    # Its options have `signal`: they carry the per-call options (its own CallOptions also has `query`, so the
    # functions get a local alias of the members they may pass, not that type).
    assert 'type CallOptions = Pick<NonNullable<Parameters<typeof request>[3]>, "signal">;' in module
    assert 'request<ListWidgetsResponse>("GET", "/api/v1/widgets", undefined, { ...options, query: { page: params?.page, limit: params?.limit } });' in module
    assert 'request<Widget>("POST", "/api/v1/widgets", body, options);' in module
    assert 'request<void>("DELETE", `/api/v1/widgets/${encodeURIComponent(id)}`, undefined, options);' in module
    assert "toQuery" not in module
    compiles(example)


@needs_tsc
def test_an_options_type_imported_from_another_module_is_followed(cli, example):
    """`{ body, query }: Options` where Options = Partial<Base> & {...} lives in ./types: today's shape."""
    helper = (
        'import type { Options } from "./types";\n'
        "export async function request<T>(method: string, path: string, { body, query }: Options = {}): Promise<T> {\n"
        "  return (await fetch(path + JSON.stringify(query), { method, body: JSON.stringify(body) })).json() as Promise<T>;\n}\n"
    )
    types = "export type Options = Partial<Base> & { query?: Record<string, number | boolean | string | undefined> };\ninterface Base { body: unknown }\n"
    with_helper(example, {"http.ts": ERROR + helper, "types.ts": types})
    module = scaffold(cli, example)
    assert 'request<Widget>("POST", "/api/v1/widgets", { body });' in module
    assert 'request<ListWidgetsResponse>("GET", "/api/v1/widgets", { query: { page: params?.page, limit: params?.limit } });' in module
    compiles(example)


@needs_tsc
@pytest.mark.parametrize(
    "files",
    [
        # an arrow-function export
        {"http.ts": ERROR + "export const request = async <T,>(method: string, path: string, body?: unknown): Promise<T> =>\n  (await fetch(path, { method, body: JSON.stringify(body) })).json() as Promise<T>;\n"},
        # re-exported under another name from another module
        {"http.ts": ERROR + 'export { send as request } from "./core/fetch";\n', "core/fetch.ts": POSITIONAL.replace("function request", "function send")},
        # `export *` from a folder's index, the helper imported there and exported again
        {"http.ts": ERROR + 'export * from "./core";\n', "core/index.ts": 'import { impl } from "./impl";\nexport { impl as request };\n', "core/impl.ts": POSITIONAL.replace("function request", "function impl")},
        # a const alias of a declaration without a type parameter (the result is cast)
        {"http.ts": ERROR + "async function send(method: string, path: string, payload?: unknown): Promise<unknown> {\n  return (await fetch(path, { method, body: JSON.stringify(payload) })).json();\n}\nexport const request = send;\n"},
        # the default export of another module, imported and exported by name
        {"http.ts": ERROR + 'import impl from "./impl";\nexport { impl as request };\n', "impl.ts": POSITIONAL.replace("export async function request", "export default async function")},
        # a positional body typed as text: the client sends JSON text
        {"http.ts": ERROR + POSITIONAL.replace("body?: unknown", "body?: string").replace("JSON.stringify(body)", "body")},
    ],
    ids=["arrow", "renamed-reexport", "star-import-export", "alias-no-generic", "default-import", "text-body"],
)
def test_helpers_declared_in_other_forms_are_read(cli, example, files):
    with_helper(example, files)
    module = scaffold(cli, example)
    create = 'request<Widget>("POST", "/api/v1/widgets", body);'
    if "Promise<unknown>" in str(files):
        create = 'request("POST", "/api/v1/widgets", body) as Promise<Widget>;'
    elif "body?: string" in str(files):
        create = 'request<Widget>("POST", "/api/v1/widgets", JSON.stringify(body));'
    assert create in module
    compiles(example)


def test_a_helper_without_a_body_serves_get_only_specs(cli, example):
    helper = "export async function request<T>(method: string, path: string): Promise<T> {\n  return " + JSON_OF + ";\n}\n"
    with_helper(example, {"http.ts": ERROR + helper})
    err = refused(cli, example)
    assert f"{HTTP}:2" in err and "takes no request body" in err and "client_request" in err
    module = scaffold(cli, example, "--ops", "list,get,delete")
    assert 'request<ListWidgetsResponse>("GET", `/api/v1/widgets${toQuery({ page: params?.page, limit: params?.limit })}`);' in module


def test_hand_written_calls_that_wrap_the_body_are_pointed_out(cli, example):
    """The example's projects.ts passes `{ body }` and `{ query }`: with a positional helper they are wrong."""
    http = example / CLIENT / "src/http.ts"
    http.write_text(http.read_text().replace(
        "export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {",
        "export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {\n  const options: RequestOptions = { body };",
    ))
    run = cli("add-endpoint", "widget", "--repo", str(example), *FIELDS, "--no-tidy")
    assert run.code == 0, run.err
    for line, fix in ((6, "put the query into the path"), (11, "pass the body itself"), (21, "pass the body itself")):
        assert f"{CLIENT}/src/projects.ts:{line}: passes" in run.out and fix in run.out


# --------------------------------------------------------------------------- signatures that are refused


UNREADABLE = {
    "rest": ("export async function request<T>(...args: any[]): Promise<T> {\n  return fetch(args[0]) as any;\n}\n", 2, "`...args`"),
    "overloads": (
        "export function request<T>(method: string, path: string): Promise<T>;\n"
        "export function request<T>(method: string, path: string, body: unknown): Promise<T>;\n"
        "export function request(method: string, path: string, body?: unknown): Promise<unknown> {\n  return fetch(path, { method, body: JSON.stringify(body) });\n}\n",
        2,
        "overloaded",
    ),
    "factory": ("export const request = makeClient();\ndeclare function makeClient(): any;\n", 2, "makeClient()"),
    "unnamed-third": ("export async function request<T>(method: string, path: string, arg?: unknown): Promise<T> {\n  return " + JSON_OF + ";\n}\n", 2, "`arg?: unknown`"),
    "package-type": (
        'import type { Opts } from "@acme/http-types";\nexport async function request<T>(method: string, path: string, options?: Opts): Promise<T> {\n  return ' + JSON_OF + ";\n}\n",
        3,
        "Opts, which the tool cannot read",
    ),
    "missing-source": ('export { request } from "./gone";\n', 2, "`request` comes from './gone', which the tool cannot find"),
    "unnamed-method": ("export async function request<T>(m: string, p: string, body?: unknown): Promise<T> {\n  return (await fetch(p, { method: m })).json() as Promise<T>;\n}\n", 2, "(m: string, p: string)"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_a_signature_that_cannot_be_read_is_refused_until_the_setting_says_how(cli, example, case):
    helper, line, why = UNREADABLE[case]
    with_helper(example, {"http.ts": ERROR + helper})
    err = refused(cli, example)
    assert f"{HTTP}:{line}: field 'client_request.call'" in err, err
    assert "cannot tell how to call the request helper `request`" in err and why in err, err
    assert "client_request.call" in err.split("fix:", 1)[1]
    (example / ".elqnt-scaffold.yaml").write_text("client_request:\n  call: body\n")
    module = scaffold(cli, example)
    assert 'request<Widget>("POST", "/api/v1/widgets", body);' in module


@pytest.mark.parametrize(
    ("helper", "why"),
    [
        ("export async function request<T>(path: string, init?: RequestInit): Promise<T> {\n  return (await fetch(path, init)).json() as Promise<T>;\n}\n", "(path: string, init?: RequestInit)"),
        ("export async function request(method: string, path: string, body?: unknown): Promise<Response> {\n  return fetch(path, { method, body: JSON.stringify(body) });\n}\n", "`Promise<Response>`"),
        ("export async function request<T>(method: string, path: string, body: unknown, token: string): Promise<T> {\n  return (await fetch(path, { method, body: JSON.stringify(body), headers: { token } })).json() as Promise<T>;\n}\n", "`token: string` is required"),
    ],
    ids=["path-first", "returns-response", "extra-required-parameter"],
)
def test_a_helper_the_calls_cannot_fit_is_refused_whatever_the_setting(cli, example, helper, why):
    with_helper(example, {"http.ts": ERROR + helper}, "client_request:\n  call: options\n")
    err = refused(cli, example)
    assert f"{HTTP}:2: field 'client_request" in err and why in err, err


def test_a_setting_that_contradicts_the_signature_is_refused(cli, example):
    with_helper(example, {"http.ts": ERROR + POSITIONAL}, "client_request:\n  call: options\n")
    err = refused(cli, example)
    assert f"{HTTP}:2: field 'client_request.call'" in err and "'body'" in err, err


def test_an_unknown_call_setting_is_a_config_error(cli, example):
    (example / ".elqnt-scaffold.yaml").write_text("client_request:\n  call: positional\n")
    err = refused(cli, example)
    assert ".elqnt-scaffold.yaml:2" in err and "client_request.call" in err


def test_a_helper_in_a_package_is_read_through_the_tsconfig_paths_or_refused(cli, example):
    pkg = example / CLIENT
    with_helper(example, {"http.ts": ERROR}, "client_request:\n  module: '@acme/http'\n")
    err = refused(cli, example)
    assert "@acme/http" in err and "client_request.call" in err
    (example / "eloquent-packages/packages/http").mkdir()
    (example / "eloquent-packages/packages/http/index.ts").write_text(POSITIONAL)
    config = pkg / "tsconfig.json"
    config.write_text(config.read_text().replace('"paths": {', '"paths": {\n      "@acme/http": ["../http/index.ts"],'))
    module = scaffold(cli, example)
    assert 'import { request } from "@acme/http";' in module
    assert 'request<Widget>("POST", "/api/v1/widgets", body);' in module


def test_a_helper_in_node_modules_is_read_from_its_types(cli, example):
    with_helper(example, {"http.ts": ERROR}, "client_request:\n  module: '@acme/http'\n  function: send\n")
    installed = example / CLIENT / "node_modules/@acme/http"
    installed.mkdir(parents=True)
    (installed / "package.json").write_text('{"name": "@acme/http", "types": "dist/index.d.ts"}\n')
    (installed / "dist").mkdir()
    (installed / "dist/index.d.ts").write_text(
        "export interface Init { body?: string; headers?: Record<string, string> }\n"
        "export declare function send<T>(method: string, url: string, init?: Init): Promise<T>;\n"
    )
    module = scaffold(cli, example)
    assert 'send<Widget>("POST", "/api/v1/widgets", { ...options, body: JSON.stringify(body), headers: { ...options?.headers, "Content-Type": "application/json" } });' in module
    assert "type CallOptions = { headers?: Record<string, string> };" in module  # no `signal` in its Init


# --------------------------------------------------------------------------- the readers


def test_lookup_follows_each_form_of_declaration():
    src = (
        'import { a as b } from "./x";\nimport dflt from "./d";\n'
        "interface Opts extends Base<X> { body?: unknown; 'x-y': number; m(): void }\n"
        "export const send = async <T,>(method: string, path?: string, init?: RequestInit & { x: 1 }): Promise<T> => 1 as T;\n"
        "export { b as request2, dflt };\nexport { q as request3 } from './q';\n"
        "export const alias = send;\nexport declare const typed: <T>(m: string, ...rest: unknown[]) => Promise<T>;\n"
        "export function o(m: string): void;\nexport function o(m: string, x: number): void;\nexport function o(m: string, x?: number) {}\n"
    )
    send = lookup(src, "send")
    assert isinstance(send, Signature) and send.type_params == (("T", False),) and send.returns == "Promise<T>"
    assert [(p.name, p.optional) for p in send.params] == [("method", False), ("path", True), ("init", True)]
    assert send.params[2].type.refs == ("RequestInit",) and send.params[2].type.members == (("x", "1"),)
    assert lookup(src, "alias") == send
    assert lookup(src, "request2") == Forward("./x", "a", 1)
    assert lookup(src, "dflt") == Forward("./d", "default", 2)
    assert lookup(src, "request3") == Forward("./q", "q", 6)
    assert lookup(src, "typed").params[1].rest
    assert isinstance(lookup(src, "o"), Unreadable)
    assert lookup(src, "Opts") is None  # not exported
    opts = lookup(src, "Opts", exported=False)
    assert isinstance(opts, TypeExpr) and opts.refs == ("Base",)
    assert opts.members == (("body", "unknown"), ("x-y", "number"), ("m", "method"))


def test_lookup_reads_default_exports():
    assert lookup("export default async function <T>(method: string, path: string): Promise<T> {}\n", "default").params[1].name == "path"
    assert lookup("const r = async (method: string) => 1;\nexport default r;\n", "default").name == "r"
    assert isinstance(lookup("export default make();\n", "default"), Unreadable)
    assert lookup("function r(method: string) {}\nexport { r as default };\n", "default").name == "r"


def test_object_arguments_lists_the_keys_of_literal_arguments():
    src = 'request("POST", "/x", { body, "query": q, ...rest });\napi.request("GET", "/y", opts);\nrequest("PUT", "/z", { data: 1 });\n'
    assert object_arguments(src, "request", 2) == [(1, ("body", "query")), (3, ("data",))]
