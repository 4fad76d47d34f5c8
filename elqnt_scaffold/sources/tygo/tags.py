"""Struct tags as tygo reads them: github.com/fatih/structtag v1.2.0's Parse (with strconv.Unquote)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .nodes import Unconvertible


@dataclass
class Tag:
    key: str
    name: str
    options: list[str] = field(default_factory=list)

    def has_option(self, opt: str) -> bool:
        return opt in self.options


def parse_tags(tag: str, line: int) -> dict[str, Tag]:
    """structtag.Parse + Get: the first tag of each key. A malformed tag makes tygo panic."""
    tags: list[Tag] = []
    has_tag = tag != ""
    while tag != "":
        tag = tag.lstrip(" ")
        if tag == "":
            break
        i = 0
        while i < len(tag) and tag[i] > " " and tag[i] != ":" and tag[i] != '"' and tag[i] != "\x7f":
            i += 1
        if i == 0:
            raise Unconvertible(line, "bad syntax for struct tag key")
        if i + 1 >= len(tag) or tag[i] != ":":
            raise Unconvertible(line, "bad syntax for struct tag pair")
        if tag[i + 1] != '"':
            raise Unconvertible(line, "bad syntax for struct tag value")
        key = tag[:i]
        tag = tag[i + 1 :]
        i = 1
        while i < len(tag) and tag[i] != '"':
            if tag[i] == "\\":
                i += 1
            i += 1
        if i >= len(tag):
            raise Unconvertible(line, "bad syntax for struct tag value")
        qvalue = tag[: i + 1]
        tag = tag[i + 1 :]
        value = go_unquote(qvalue)
        if value is None:
            raise Unconvertible(line, "bad syntax for struct tag value")
        name, *options = value.split(",")
        tags.append(Tag(key, name, options))
    if has_tag and not tags:
        raise Unconvertible(line, "struct tag of blanks only (tygo dereferences a nil tag set)")
    out: dict[str, Tag] = {}
    for t in tags:
        out.setdefault(t.key, t)
    return out


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}


def go_unquote(q: str) -> str | None:
    """strconv.Unquote for a double-quoted literal; None where Go reports a syntax error."""
    if len(q) < 2 or q[0] != '"' or q[-1] != '"':
        return None
    body = q[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == '"' or c == "\n":
            return None
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        if i + 1 >= len(body):
            return None
        e = body[i + 1]
        if e in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[e].encode()
            i += 2
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            digits = body[i + 2 : i + 2 + n]
            if len(digits) != n or any(d not in "0123456789abcdefABCDEF" for d in digits):
                return None
            v = int(digits, 16)
            if e == "x":
                out.append(v)
            else:
                if v > 0x10FFFF or 0xD800 <= v < 0xE000:
                    return None
                out += chr(v).encode("utf-8")
            i += 2 + n
        elif e in "01234567":
            digits = body[i + 1 : i + 4]
            if len(digits) != 3 or any(d not in "01234567" for d in digits) or int(digits, 8) > 255:
                return None
            out.append(int(digits, 8))
            i += 4
        else:
            return None
    return out.decode("utf-8", errors="replace")
