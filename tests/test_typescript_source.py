"""elqnt_scaffold.sources.ts: reading exports and request calls, and adding a re-export."""

from __future__ import annotations

import pytest

from elqnt_scaffold.sources.ts import ClientCall, TSSourceError, check_syntax, client_calls, ensure_reexport, exported_names, reexported_modules

# --------------------------------------------------------------------------- exported_names

EXPORTS = """\
import type { Project } from "@elqnt/types";
export * from "./http";
export { a, b as c } from "./y";
export * as ns from "./z";
export type { T } from "./t";
export const x = 1, y = 2;
export let [p, q = 3, ...r] = [1, 2];
export const { s, t: u, v = 1, ...w } = obj;
export function f() {}
export async function af(): Promise<void> {}
export function* gen() {}
export class C {}
export abstract class AC {}
export interface I {}
export type U = string;
export enum E { A }
export namespace N {}
export declare function h(): void;
export declare const dc: number;
export { local as exported, other };
export import X = N.Y;
declare module "elsewhere" { export const inner: number; }
const local = 1;
const other = 2;
function notExported() {}
export default function g() {}
"""


def test_exported_names_covers_every_kind_of_export():
    assert exported_names(EXPORTS) == {
        "a", "c", "ns", "T", "x", "y", "p", "q", "r", "s", "u", "v", "w", "f", "af", "gen", "C", "AC", "I",
        "U", "E", "N", "h", "dc", "exported", "other", "X", "default",
    }  # fmt: skip


def test_exported_names_leaves_out_locals_imports_and_ambient_modules():
    names = exported_names(EXPORTS)
    for name in ("local", "notExported", "Project", "inner", "b", "g", "t"):
        assert name not in names


def test_exported_names_of_the_example_http_helper():
    src = """\
export interface ClientConfig { baseUrl: string }
let current: ClientConfig = { baseUrl: "" };
export function configure(config: Partial<ClientConfig>): void { current = { ...current, ...config }; }
export class ApiError extends Error {}
export type QueryValue = string | number | undefined;
export async function request<T>(method: string, path: string): Promise<T> { return fetch(path, { method }) as T; }
function buildUrl(path: string): string { return path; }
"""
    assert exported_names(src) == {"ClientConfig", "configure", "ApiError", "QueryValue", "request"}


def test_a_name_mentioned_only_in_a_comment_or_string_is_not_exported():
    src = '// export function request() {}\nconst doc = "export function request() {}";\nexport const x = doc;\n'
    assert exported_names(src) == {"x"}


def test_reexported_modules_lists_star_exports_only():
    assert reexported_modules(EXPORTS) == ["./http"]
    assert reexported_modules("export * from './a';\nexport * from \"./b\"\n") == ["./a", "./b"]


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    "src, line",
    [
        ("export const = ;\n", 1),
        ('export * from "./a";\n\nexport function f( {\n  return 1;\n}\n', 3),
        ("export function f() {\n", 1),
    ],
)
def test_unparseable_source_raises_with_the_line(src, line):
    with pytest.raises(TSSourceError) as info:
        exported_names(src)
    assert info.value.line == line
    assert info.value.message
    with pytest.raises(TSSourceError):
        ensure_reexport(src, "./widgets")
    with pytest.raises(TSSourceError):
        client_calls(src)
    with pytest.raises(TSSourceError):
        check_syntax(src)


# --------------------------------------------------------------------------- ensure_reexport


def test_reexport_goes_after_the_last_export_from_statement():
    src = 'export * from "./http";\nexport * from "./projects";\n\nexport const version = "1";\n'
    assert ensure_reexport(src, "./widgets") == (
        'export * from "./http";\nexport * from "./projects";\nexport * from "./widgets";\n\nexport const version = "1";\n'
    )


def test_reexport_is_idempotent():
    once = ensure_reexport('export * from "./http";\n', "./widgets")
    assert ensure_reexport(once, "./widgets") == once
    assert once.count('"./widgets"') == 1


@pytest.mark.parametrize("spelling", ["./widgets", "./widgets.js", "./widgets.ts", "./widgets/index"])
def test_an_equivalent_specifier_counts_as_present(spelling):
    src = f'export * from "{spelling}";\n'
    assert ensure_reexport(src, "./widgets") == src


def test_a_namespace_or_named_reexport_is_not_a_star_reexport():
    src = 'export * as widgets from "./widgets";\nexport { listWidgets } from "./widgets";\n'
    assert ensure_reexport(src, "./widgets") == src + 'export * from "./widgets";\n'


def test_reexport_keeps_crlf_quotes_semicolons_and_trailing_comments():
    src = "export * from './a' // the a module\r\nexport * from './b'\r\n\r\nconst z = 1\r\n"
    assert ensure_reexport(src, "./widgets") == (
        "export * from './a' // the a module\r\nexport * from './b'\r\nexport * from './widgets'\r\n\r\nconst z = 1\r\n"
    )


def test_reexport_without_any_export_from_goes_at_the_end():
    assert ensure_reexport("", "./w") == 'export * from "./w";\n'
    assert ensure_reexport("const a = 1;", "./w") == 'const a = 1;\nexport * from "./w";\n'
    assert ensure_reexport("// index\n", "./w") == '// index\nexport * from "./w";\n'
    assert ensure_reexport("const a = 1;\r\n", "./w") == 'const a = 1;\r\nexport * from "./w";\r\n'


def test_reexport_after_a_last_line_without_newline():
    assert ensure_reexport('export * from "./a";', "./w") == 'export * from "./a";\nexport * from "./w";'


def test_reexport_keeps_every_other_byte():
    src = '\ufeff/* header */\nexport * from "./http";   \n\n\n// tail comment\nexport { x } from "./x";\n// end'
    out = ensure_reexport(src, "./widgets")
    added = 'export * from "./widgets";\n'
    assert out.replace(added, "", 1) == src
    assert out.index(added) == out.index('export { x } from "./x";\n') + len('export { x } from "./x";\n')


def test_reexport_ignores_export_statements_inside_an_ambient_module():
    src = 'export * from "./a";\ndeclare module "m" {\n  export * from "./inner";\n}\n'
    assert ensure_reexport(src, "./w") == 'export * from "./a";\nexport * from "./w";\ndeclare module "m" {\n  export * from "./inner";\n}\n'


# --------------------------------------------------------------------------- client_calls

CLIENT = """\
import { request } from "./http";

export async function listWidgets(params?: { page?: number }): Promise<ListWidgetsResponse> {
  return request<ListWidgetsResponse>("GET", "/api/v1/widgets", { query: params });
}

export async function getWidget(id: string): Promise<Widget> {
  return request<Widget>(
    "GET",
    `/api/v1/widgets/${encodeURIComponent(id)}`,
  );
}

export const deleteWidget = async (widgetId: string) =>
  request<void>('delete', "/api/v1/widgets/" + encodeURIComponent(widgetId));

class Client {
  async members(org: string, user: string) {
    return this.request(`GET`, `/api/v1/orgs/${org}/members/${encodeURIComponent(user)}`);
  }
}

request("POST", "/api/v1/top-level");
request(method, "/api/v1/dynamic-method");
request("GET", somePath);
fetchJson("GET", "/api/v1/other-helper");
// request("GET", "/api/v1/commented");
"""


def test_client_calls_reads_method_path_function_and_line():
    assert client_calls(CLIENT) == [
        ClientCall("GET", "/api/v1/widgets", "listWidgets", 4),
        ClientCall("GET", "/api/v1/widgets/{}", "getWidget", 8),
        ClientCall("DELETE", "/api/v1/widgets/{}", "deleteWidget", 15),
        ClientCall("GET", "/api/v1/orgs/{}/members/{}", "members", 19),
        ClientCall("POST", "/api/v1/top-level", None, 23),
    ]


def test_client_calls_for_another_helper_name():
    assert client_calls(CLIENT, "fetchJson") == [ClientCall("GET", "/api/v1/other-helper", None, 26)]
    assert client_calls(CLIENT, "nothing") == []


def test_client_calls_substitution_names_do_not_matter():
    a = client_calls('request("PUT", `/w/${encodeURIComponent(id)}`);')
    b = client_calls('request("PUT", `/w/${x.y}`);')
    assert [c.path_template for c in a] == [c.path_template for c in b] == ["/w/{}"]


def test_client_calls_on_the_example_client(example):
    src = (example / "eloquent-packages/packages/api-client/src/projects.ts").read_text()
    found = [(c.method, c.path_template, c.function) for c in client_calls(src)]
    assert found == [
        ("GET", "/api/v1/projects", "listProjects"),
        ("POST", "/api/v1/projects", "createProject"),
        ("GET", "/api/v1/projects/{}", "getProject"),
        ("PUT", "/api/v1/projects/{}", "updateProject"),
        ("DELETE", "/api/v1/projects/{}", "deleteProject"),
    ]
