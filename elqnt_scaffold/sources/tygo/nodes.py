"""A small go/ast look-alike, just the nodes tygo's writer (`write.py`, `decls.py`) reads.

`read.py` builds it from tree-sitter-go; `comments.py` attaches comment groups the way
`go/parser` does."""

from __future__ import annotations

from dataclasses import dataclass, field


class Unconvertible(Exception):
    """Go source that tygo itself cannot handle (it panics on it)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# --------------------------------------------------------------------------- comments


@dataclass
class CommentGroup:
    comments: list[str]
    lines: list[int] = field(default_factory=list)  # 1-based line of each comment (for errors)

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else 0

    def text(self) -> str:
        """go/ast.CommentGroup.Text()."""
        lines: list[str] = []
        for c in self.comments:
            if c[1] == "/":
                c = c[2:]
                if c == "":
                    pass
                elif c[0] == " ":
                    c = c[1:]
                elif _is_directive(c):
                    continue
            elif c[1] == "*":
                c = c[2:-2]
            for line in c.split("\n"):
                lines.append(line.rstrip(" \t\n\r"))
        out: list[str] = []
        for line in lines:
            if line != "" or (out and out[-1] != ""):
                out.append(line)
        if out and out[-1] != "":
            out.append("")
        return "\n".join(out)


def _is_directive(c: str) -> bool:
    if c.startswith(("line ", "extern ", "export ")):
        return True
    colon = c.find(":")
    if colon <= 0 or colon + 1 >= len(c):
        return False
    for i in range(colon + 2):
        if i == colon:
            continue
        b = c[i]
        if not ("a" <= b <= "z" or "0" <= b <= "9"):
            return False
    return True


# --------------------------------------------------------------------------- expressions


@dataclass
class Ident:
    name: str


@dataclass
class Selector:
    x: str
    sel: str


@dataclass
class Star:
    x: object


@dataclass
class ArrayT:
    elt: object


@dataclass
class MapT:
    key: object
    value: object


@dataclass
class StructT:
    fields: list["Field"]


@dataclass
class InterfaceT:
    elems: list["Field"]


@dataclass
class Opaque:
    """CallExpr, FuncType, ChanType: tygo writes the fallback type."""

    kind: str


@dataclass
class BasicLit:
    kind: str  # INT FLOAT IMAG CHAR STRING
    value: str
    line: int


@dataclass
class Paren:
    x: object


@dataclass
class Binary:
    x: object
    op: str
    y: object


@dataclass
class Unary:
    op: str
    x: object
    line: int


@dataclass
class Index:
    x: object
    indices: list


@dataclass
class Bad:
    """An expression tygo's writeType has no case for (it panics when it meets one)."""

    kind: str
    line: int


# --------------------------------------------------------------------------- declarations


@dataclass
class Field:
    names: list[str]
    type: object
    tag: str | None = None  # the literal's text without its quotes, as go/ast's Tag.Value[1:len-1]
    doc: CommentGroup | None = None
    comment: CommentGroup | None = None
    is_method: bool = False
    line: int = 0


@dataclass
class TypeSpec:
    name: str
    type: object
    type_params: list[Field] | None = None
    doc: CommentGroup | None = None
    comment: CommentGroup | None = None


@dataclass
class ValueSpec:
    names: list[str]
    type: object | None
    values: list
    doc: CommentGroup | None = None
    comment: CommentGroup | None = None
    line: int = 0


@dataclass
class GenDecl:
    tok: str  # "type" | "const" | "var"
    specs: list
    doc: CommentGroup | None = None
    line: int = 0


@dataclass
class GoFile:
    package: str
    doc: CommentGroup | None
    decls: list[GenDecl]  # in ast.Inspect order, imports left out
    const_decls: list[GenDecl]  # every const declaration, for the enum pre-pass
    type_kinds: dict[str, bool] = field(default_factory=dict)  # file-scope name -> is a struct TypeSpec
    other_names: set[str] = field(default_factory=set)  # file-scope names that are not types
