"""Cached tree-sitter parsers for Go and TypeScript, and small node helpers shared by the readers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tree_sitter import Language, Node, Parser, Tree


@lru_cache(maxsize=None)
def language(name: str) -> Language:
    if name == "go":
        import tree_sitter_go as grammar

        return Language(grammar.language())
    if name == "typescript":
        import tree_sitter_typescript as grammar

        return Language(grammar.language_typescript())
    raise ValueError(f"no grammar for {name!r}")


@lru_cache(maxsize=None)
def parser(name: str) -> Parser:
    return Parser(language(name))


@lru_cache(maxsize=256)
def parse(name: str, source: str | bytes) -> Tree:
    """Parse once per text: trees are never edited in place, so the same text shares one tree
    (drift and check ask the same questions of one main.go or routes.go many times)."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    return parser(name).parse(data)


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based
    column: int  # 1-based
    message: str


def first_syntax_problem(tree: Tree) -> SyntaxProblem | None:
    """The first ERROR or MISSING node in document order, or None for a clean parse."""
    if not tree.root_node.has_error:
        return None
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            row, col = node.start_point
            return SyntaxProblem(row + 1, col + 1, f"missing {node.type!r}")
        if node.is_error:
            row, col = node.start_point
            return SyntaxProblem(row + 1, col + 1, "syntax error")
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    row, col = tree.root_node.start_point
    return SyntaxProblem(row + 1, col + 1, "syntax error")


def text(node: Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""
