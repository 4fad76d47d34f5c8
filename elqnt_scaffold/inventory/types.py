"""Layer 3 as it is: the packages listed in tygo.yaml and the names their output files export.

A models package is covered when tygo.yaml lists it (by import path, or by its folder as
``./services/<service>/models``) and its ``output_path`` file exists and exports every JSON struct of
the package. Output files are parsed only when asked for, once each.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..repo import Config
from ..sources.tygo import TygoConfigError, read_tygo_config, resolved_output_path, tygo_config_lines
from ..sources.ts import TSSourceError, exported_names
from .common import FileProblem, read_source

LAYER = "types"


@dataclass(frozen=True)
class TygoPackage:
    path: str  # Go import path as written in tygo.yaml
    output_path: str  # the file tygo writes, relative to the repository root (a folder's index.ts); "" when
    # not set (tygo: index.ts in the package folder)
    line: int  # of the package entry in tygo.yaml
    exclude_files: tuple[str, ...] = ()
    include_files: tuple[str, ...] = ()

    def converts(self, file_name: str) -> bool:
        """Does tygo read this file of the package (exclude_files / include_files)?"""
        if file_name in self.exclude_files:
            return False
        return not self.include_files or file_name in self.include_files


@dataclass
class TypesInventory:
    root: Path
    config_rel: str  # tygo.yaml
    exists: bool
    packages: list[TygoPackage]
    problems: list[FileProblem]
    _exports: dict[str, set[str] | None] = field(default_factory=dict)

    def package_for(self, import_path: str | None, folder_rel: str) -> TygoPackage | None:
        folder = posixpath.normpath(folder_rel)
        for pkg in self.packages:
            if import_path is not None and pkg.path == import_path:
                return pkg
            if pkg.path.startswith((".", "/")) and posixpath.normpath(pkg.path.lstrip("/")) == folder:
                return pkg
        return None

    def exported(self, output_rel: str) -> set[str] | None:
        """Names the output file exports; None when it does not exist (or cannot be parsed)."""
        if output_rel not in self._exports:
            text = read_source(self.root / output_rel, output_rel, LAYER, self.problems)
            names: set[str] | None = None
            if text is not None:
                try:
                    names = exported_names(text)
                except TSSourceError as exc:
                    self.problems.append(FileProblem(LAYER, output_rel, exc.line, f"TypeScript does not parse: {exc.message}"))
            self._exports[output_rel] = names
        return self._exports[output_rel]


def read_types(root: Path, config: Config, problems: list[FileProblem]) -> TypesInventory:
    rel = config.tygo_config
    text = read_source(root / rel, rel, LAYER, problems)
    inventory = TypesInventory(root, rel, text is not None, [], problems)
    if text is None:
        return inventory
    try:
        entries = read_tygo_config(text)
        lines = [where.get("path", where[""]) for where in tygo_config_lines(text)]
    except TygoConfigError as exc:
        what = "is not valid YAML" if exc.message.startswith("invalid YAML") else "cannot be read"
        problems.append(FileProblem(LAYER, rel, exc.line or 1, f"tygo.yaml {what}: {exc.message}"))
        return inventory
    for entry, line in zip(entries, lines):
        path = entry.get("path")
        if not path:
            problems.append(FileProblem(LAYER, rel, line, "a package of tygo.yaml has no `path`"))
            continue
        output = entry.get("output_path") or ""
        inventory.packages.append(
            TygoPackage(
                path=path,
                output_path=resolved_output_path(entry, "") if output else "",
                line=line,
                exclude_files=tuple(str(f) for f in entry.get("exclude_files") or ()),
                include_files=tuple(str(f) for f in entry.get("include_files") or ()),
            )
        )
    return inventory
