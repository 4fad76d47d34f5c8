"""Verification after apply: `go build ./...`, then `go vet ./...`, in each service folder written to.

The toolchain's output (``path/x.go:12:5: message`` lines, tab-indented continuation lines, ``# pkg``
headers) becomes :class:`BuildProblem` s with a hint in the user's terms: which method to add to which
type in which file (a compile-time assertion ``var _ I = (*T)(nil)`` names it), which hand-written file
still uses a name the spec changed, and so on. The environment is left as it is (no GOFLAGS): a service
whose go.sum lacks an entry is reported with "run go mod tidy". Go missing from PATH is one problem,
never a pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..naming import snake

__all__ = ["BuildProblem", "verify_services"]

_LOCATED = re.compile(r"^(?:vet: )?(?P<file>[^\s:][^:]*\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$")
_NOT_IMPLEMENTED = re.compile(r"(?P<type>\S+) does not implement (?P<iface>\S+) \((?P<why>missing|wrong type for) method (?P<method>\w+)\)")
_UNDEFINED = re.compile(r"\bundefined: (?P<name>[\w.]+)")
_NO_FIELD = re.compile(r"\(type (?P<type>\S+) has no field or method (?P<name>\w+)")
_CALL = re.compile(r"(?:not enough|too many) arguments in call to (?P<callee>[\w.]+)")
_UNUSED = re.compile(r"(?:declared and not used|imported and not used)")
_TIDY = re.compile(r"missing go\.sum entry|no required module provides|updates to go\.mod needed|go mod tidy")


@dataclass(frozen=True)
class BuildProblem:
    service: str  # the service folder as passed in service_rels: services/widget-service
    file: str  # relative to root, '/'-separated; the service folder when the toolchain names no file
    line: int | None
    column: int | None
    message: str  # the toolchain's message, continuation lines joined with "; "
    hint: str  # what to change, in the user's terms
    tool: str  # "build" or "vet"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def verify_services(root: Path, service_rels: list[str], *, vet: bool = True) -> list[BuildProblem]:
    """`go build ./...` then, if it built and `vet`, `go vet ./...` in each `root/service_rel`: [] when
    every service builds and vets clean."""
    if not service_rels:
        return []
    go = shutil.which("go")
    if go is None:
        names = ", ".join(service_rels)
        return [BuildProblem(service_rels[0], service_rels[0], None, None,
                             "the Go toolchain (go) is not on PATH: the services were not built",
                             f"install Go 1.22 or newer (https://go.dev/dl/), then run `go build ./... && go vet ./...` in {names}", "build")]
    problems: list[BuildProblem] = []
    for rel in service_rels:
        folder = root / rel
        if not folder.is_dir():
            problems.append(BuildProblem(rel, rel, None, None, f"{rel} is not a folder", "nothing to build there", "build"))
            continue
        for tool in ("build", "vet") if vet else ("build",):
            proc = subprocess.run([go, tool, "./..."], cwd=folder, capture_output=True, text=True)
            if proc.returncode == 0:
                continue
            found = _parse(root, rel, proc.stdout + proc.stderr, tool)
            problems.extend(found or [_problem(root, rel, None, None, None, f"go {tool} ./... failed (exit {proc.returncode})", tool)])
            break  # vet only what builds
    return problems


def _parse(root: Path, rel: str, output: str, tool: str) -> list[BuildProblem]:
    items: list[list] = []  # [file, line, col, message]
    for raw in output.splitlines():
        if not raw.strip() or raw.startswith(("#", "go: downloading", "go: finding")) or raw.strip() == "too many errors":
            continue
        if raw[0] in " \t" and items:
            items[-1][3] += (" " if items[-1][3].endswith(":") else "; ") + raw.strip()
            continue
        m = _LOCATED.match(raw)
        items.append([m["file"], int(m["line"]), int(m["col"]) if m["col"] else None, m["msg"]] if m else [None, None, None, raw.strip()])
    seen, out = set(), []
    for file, line, col, message in items:
        problem = _problem(root, rel, file, line, col, message, tool)
        if (problem.file, line, col, message) not in seen:
            seen.add((problem.file, line, col, message))
            out.append(problem)
    return out


def _problem(root: Path, rel: str, file: str | None, line: int | None, col: int | None, message: str, tool: str) -> BuildProblem:
    folder = root / rel
    if file is None:
        file_rel = rel
    else:
        path = (folder / file).resolve()
        try:
            file_rel = path.relative_to(root.resolve()).as_posix()
        except ValueError:
            file_rel = path.as_posix()
    return BuildProblem(rel, file_rel, line, col, message, _hint(root, folder, file_rel, line, message, tool), tool)


def _hint(root: Path, folder: Path, file_rel: str, line: int | None, message: str, tool: str) -> str:
    here = f"{file_rel}:{line}" if line else file_rel
    if m := _NOT_IMPLEMENTED.search(message):
        return _method_hint(root, folder, m["type"], m["iface"], m["method"], m["why"] == "missing")
    if _TIDY.search(message):
        return f"run `go mod tidy` in {folder.relative_to(root).as_posix()} (its go.mod/go.sum lack a module the code imports)"
    if m := _NO_FIELD.search(message):
        return (f"{here} uses {m['name']}, which {m['type']} does not have: the spec changed a name the hand-written code "
                f"still uses; rename it in {file_rel} (or change the spec back)")
    if m := _UNDEFINED.search(message):
        return (f"{here} uses {m['name']}, which no longer exists: the spec changed a name the hand-written code still "
                f"uses; rename it in {file_rel} (or change the spec back)")
    if m := _CALL.search(message):
        return (f"the call of {m['callee']} at {here} does not match its signature any more (the spec changed it): "
                f"update the call's arguments in {file_rel}")
    if _UNUSED.search(message):
        return f"remove what {here} declares or imports but no longer uses (or use it)"
    if tool == "vet":
        return f"it builds, but go vet reports a likely bug at {here}: fix it there"
    return f"fix {here}: the Go compiler rejects it"


def _method_hint(root: Path, folder: Path, type_text: str, iface_text: str, method: str, missing: bool) -> str:
    type_pkg, _, type_name = type_text.lstrip("*").rpartition(".")
    iface_pkg, _, iface = iface_text.rpartition(".")
    type_at = _first(root, folder, type_pkg, rf"^type\s+{re.escape(type_name)}\b")
    sig_file, signature = _signature(root, folder, iface, iface_pkg, method)
    receiver = ("*" if type_text.startswith("*") else "") + type_name
    see = f"; see {sig_file} for its signature: func (s {receiver}) {signature}" if signature else f"; see {iface} in {sig_file} for its signature" if sig_file else ""
    if missing:
        where = f" in {type_at[0]}" if type_at else ""
        return f"add the method {method} to {type_name}{where} (the spec's operation {snake(method)} needs it){see}"
    method_at = _first(root, folder, type_pkg, rf"^func\s*\(\s*\w*\s*\*?{re.escape(type_name)}\s*\)\s*{re.escape(method)}\b")
    where = f" at {method_at[0]}:{method_at[1]}" if method_at else f" in {type_at[0]}" if type_at else ""
    return f"change the signature of {type_name}.{method}{where} to the one {iface} wants{see}"


def _go_files(folder: Path, package: str) -> list[Path]:
    """The service's Go files (tests excluded), those of a folder named `package` first."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in ("vendor", "testdata") and not d.startswith((".", "_")))
        found += [Path(dirpath, n) for n in sorted(filenames) if n.endswith(".go") and not n.endswith("_test.go")]
    return sorted(found, key=lambda p: p.parent.name != package)


def _first(root: Path, folder: Path, package: str, pattern: str) -> tuple[str, int] | None:
    """(file relative to root, line) of the first line of the service's Go files matching `pattern`."""
    decl = re.compile(pattern, re.M)
    for path in _go_files(folder, package):
        text = path.read_text(encoding="utf-8", errors="replace")
        if m := decl.search(text):
            return path.relative_to(root).as_posix(), text.count("\n", 0, m.start()) + 1
    return None


def _signature(root: Path, folder: Path, iface: str, package: str, method: str) -> tuple[str | None, str | None]:
    """(file:line, `Method(params) results`) of `method` in `type iface interface { ... }`."""
    block = re.compile(rf"^type\s+{re.escape(iface)}\s+interface\s*\{{(?P<body>.*?)^\}}", re.M | re.S)
    for path in _go_files(folder, package):
        text = path.read_text(encoding="utf-8", errors="replace")
        m = block.search(text)
        if m is None:
            continue
        for offset, line in enumerate(m["body"].splitlines()):
            if re.match(rf"\s*{re.escape(method)}\s*\(", line):
                number = text.count("\n", 0, m.start("body")) + 1 + offset
                return f"{path.relative_to(root).as_posix()}:{number}", line.strip()
        return path.relative_to(root).as_posix(), None
    return None, None
