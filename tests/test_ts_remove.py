"""remove_reexport: the inverse of ensure_reexport on a TypeScript index file."""

from __future__ import annotations

import pytest

from elqnt_scaffold.sources.ts import TSSourceError, ensure_reexport, reexported_modules, remove_reexport

ROUND_TRIP = [
    "",
    "\ufeff",
    'export * from "./http";\n',
    'export * from "./http";\nexport * from "./projects";\n\nexport const version = "1";\n',
    "export * from './a' // the a module\r\nexport * from './b'\r\n\r\nconst z = 1\r\n",
    'export * from "./a";',  # no final line break
    "\ufeffexport * from './a'",
    "const a = 1;\r\n",
    "// index\n",
    '\ufeff/* header */\nexport * from "./http";   \n\n\n// tail comment\nexport { x } from "./x";\n// end',
    'export * as widgets from "./widgets";\nexport { listWidgets } from "./widgets";\n',
]


@pytest.mark.parametrize("src", ROUND_TRIP)
def test_remove_undoes_ensure_byte_for_byte(src: str) -> None:
    added = ensure_reexport(src, "./widgets")
    assert added != src and "./widgets" in reexported_modules(added)
    back = remove_reexport(added, "./widgets")
    assert back == src
    assert reexported_modules(back) == reexported_modules(src)
    assert remove_reexport(back, "./widgets") == back  # nothing left: unchanged


def test_the_line_break_ensure_added_to_a_file_without_export_from_stays() -> None:
    added = ensure_reexport("const a = 1;", "./w")
    assert added == 'const a = 1;\nexport * from "./w";\n'
    assert remove_reexport(added, "./w") == "const a = 1;\n"


@pytest.mark.parametrize("spelling", ["./widgets", "./widgets.js", "./widgets.ts", "./widgets/index"])
def test_an_equivalent_specifier_is_removed(spelling: str) -> None:
    src = f'export * from "./a";\nexport * from "{spelling}";\nexport * from "./b";\n'
    assert remove_reexport(src, "./widgets") == 'export * from "./a";\nexport * from "./b";\n'


def test_crlf_comments_and_other_statements_stay() -> None:
    src = (
        "// generated index\r\n"
        "export * from './a'\r\n"
        "// widgets service client\r\n"
        "export * from './widgets' // added by elqnt-scaffold\r\n"
        "export * as w from './widgets'\r\n"
        "export { listWidgets } from './widgets'\r\n"
    )
    assert remove_reexport(src, "./widgets") == (
        "// generated index\r\n"
        "export * from './a'\r\n"
        "// widgets service client\r\n"
        "export * as w from './widgets'\r\n"
        "export { listWidgets } from './widgets'\r\n"
    )


def test_a_statement_sharing_its_line() -> None:
    src = 'export * from "./a"; export * from "./widgets"; // both\nexport * from "./widgets"; export * from "./b";\n'
    assert remove_reexport(src, "./widgets") == 'export * from "./a"; // both\nexport * from "./b";\n'


def test_multi_line_statement_and_last_line_crlf() -> None:
    src = 'export * from "./a";\r\nexport *\r\n  from "./widgets";'
    assert remove_reexport(src, "./widgets") == 'export * from "./a";'
    assert remove_reexport("\ufeffexport * from './widgets'", "./widgets") == "\ufeff"


def test_nothing_to_remove_returns_the_source() -> None:
    src = 'export * from "./a";\n'
    assert remove_reexport(src, "./widgets") is src
    with pytest.raises(TSSourceError) as info:
        remove_reexport('export * from "./widgets";\n\nexport function f( {\n', "./widgets")
    assert info.value.line == 3
