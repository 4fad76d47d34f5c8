"""go/parser's comment attachment, replayed over a tree-sitter-go token stream.

`go/parser` keeps, for every token, the *lead comment* (the comment group ending on the line just
before it, with nothing else on those lines) and the *line comment* (the group following the previous
token on its line). Fields, specs and declarations take their Doc / Comment from those, and tygo prints
them. Groups split at blank lines, and the scanner's automatic ';' splits them too (even inside a
multi-line /*...*/ comment), so this follows the scanner, not the syntax tree.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tree_sitter import Node

from ..treesitter import text
from .nodes import CommentGroup

_ATOMIC = {"interpreted_string_literal", "raw_string_literal", "rune_literal", "comment"}


@dataclass
class _Tok:
    start: int
    line: int
    end_line: int
    text: str
    is_comment: bool


def _group(comments: list[_Tok]) -> CommentGroup:
    return CommentGroup([c.text for c in comments], [c.line for c in comments])


def comment_text(node: Node) -> str:
    return text(node).replace("\r", "")


class Comments:
    """Replays go/parser's `next()`: which comment group is the lead comment of a token and which
    is the line comment following a token."""

    def __init__(self, root: Node):
        toks: list[_Tok] = []
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type in _ATOMIC or node.child_count == 0:
                if node.end_byte == node.start_byte:
                    continue
                is_comment = node.type == "comment"
                body = comment_text(node) if is_comment else ""
                line = node.start_point[0] + 1
                end_line = line + body.count("\n") if is_comment else line
                toks.append(_Tok(node.start_byte, line, end_line, body if is_comment else text(node), is_comment))
                continue
            stack.extend(reversed(node.children))
        toks.sort(key=lambda t: t.start)
        self.real = [t for t in toks if not t.is_comment]
        self.starts = [t.start for t in self.real]
        self.lead: dict[int, CommentGroup] = {}
        self.line_after: dict[int, CommentGroup] = {}
        pending: list[_Tok] = []
        k = 0
        for tok in toks:
            if tok.is_comment:
                pending.append(tok)
                continue
            if pending:
                self._attach(pending, k - 1, k)
                pending = []
            k += 1
        if pending:
            self._attach(pending, k - 1, None)

    def _attach(self, comments: list[_Tok], prev: int, nxt: int | None) -> None:
        prev_line = self.real[prev].line if prev >= 0 else 0
        nxt_tok = self.real[nxt] if nxt is not None else None
        i = 0
        if prev >= 0 and _inserts_semicolon(self.real[prev].text) and comments[0].line == prev_line:
            # The scanner emits the automatic ';' at the first newline, even one inside a /*...*/
            # comment: the comments before it are the previous token's line comment, and the ones
            # after it start afresh.
            while i < len(comments) and comments[i].line == prev_line:
                i += 1
                if comments[i - 1].end_line != prev_line:
                    break
            following = comments[i] if i < len(comments) else nxt_tok
            if following is None or following.line != comments[i - 1].end_line or comments[i - 1].end_line != prev_line:
                self.line_after[prev] = _group(comments[:i])
                self._lead(comments[i:], nxt, nxt_tok)
                return
            i = 0
        if comments[0].line == prev_line:
            endline = comments[0].line
            group: list[_Tok] = []
            while i < len(comments) and comments[i].line <= endline:
                group.append(comments[i])
                endline = comments[i].end_line
                i += 1
            following = comments[i] if i < len(comments) else nxt_tok
            if following is None or following.line != endline or (following is nxt_tok and following.text == ";"):
                self.line_after[prev] = _group(group)
        self._lead(comments[i:], nxt, nxt_tok)

    def _lead(self, comments: list[_Tok], nxt: int | None, nxt_tok: _Tok | None) -> None:
        i = 0
        endline = -1
        last: list[_Tok] = []
        while i < len(comments):
            endline = comments[i].line
            last = []
            while i < len(comments) and comments[i].line <= endline + 1:
                last.append(comments[i])
                endline = comments[i].end_line
                i += 1
        if last and nxt_tok is not None and endline + 1 == nxt_tok.line:
            self.lead[nxt] = _group(last)

    def doc(self, node: Node) -> CommentGroup | None:
        return self.lead.get(bisect.bisect_left(self.starts, node.start_byte))

    def line_comment(self, node: Node) -> CommentGroup | None:
        """The comment `expectSemi()` hands back after `node` (a field, spec or interface element)."""
        last = bisect.bisect_left(self.starts, node.end_byte) - 1
        if last + 1 < len(self.real) and self.real[last + 1].text == ";":
            return self.line_after.get(last + 1)
        return self.line_after.get(last)


_KEYWORDS = set(
    "break case chan const continue default defer else fallthrough for func go goto if import interface "
    "map package range return select struct switch type var".split()
)


def _inserts_semicolon(tok: str) -> bool:
    """Whether Go's scanner inserts a ';' at a newline after this token."""
    if tok in (")", "]", "}", "++", "--"):
        return True
    c = tok[0]
    if c.isalpha() or c == "_":
        return tok not in _KEYWORDS or tok in ("break", "continue", "fallthrough", "return")
    return c.isdigit() or c in "\"'`" or (c == "." and len(tok) > 1 and tok[1].isdigit())
