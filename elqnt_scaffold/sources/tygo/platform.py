"""The platform `go list` (so tygo) selects a package's files for: GOOS, GOARCH and whether cgo is enabled.

Real tygo loads packages through `go list`, which keeps only the files whose name suffix (`_darwin.go`,
`_arm64.go`, `_linux_amd64.go`) and `//go:build` / `// +build` lines match the GOOS/GOARCH of the Go
toolchain running it: the host's, or what GOOS/GOARCH (environment or `go env -w`) say. This module follows
the same rules (go/build's matchTag and goodOSArchFile):

    resolve_platform()                     -> Platform of `go env GOOS GOARCH CGO_ENABLED` (one subprocess per
                                              process, cached); without Go: $GOOS/$GOARCH, else Python's view
                                              of the host
    resolve_platform("darwin", "arm64")    -> that platform (a name left None comes from the host); cgo only
                                              when it is the host's own platform with cgo enabled, as
                                              `GOOS=darwin GOARCH=arm64 tygo generate` on another host has it
    Platform.match("unix")                 -> whether a build tag is satisfied
    KNOWN_OS, KNOWN_ARCH                   -> go/build's lists (ValueError from resolve_platform for others)
"""

from __future__ import annotations

import os
import platform as _py_platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache

KNOWN_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos".split()
)
KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc "
    "ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)
_UNIX_OS = frozenset("aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris".split())
_IMPLIED = {"android": "linux", "illumos": "solaris", "ios": "darwin"}  # GOOS=android satisfies `linux`, ...


@dataclass(frozen=True)
class Platform:
    goos: str
    goarch: str
    cgo: bool

    def match(self, tag: str) -> bool:
        """go/build's matchTag for the gc toolchain: GOOS (and what it implies), GOARCH, unix, gc, cgo when
        enabled, and the go1.N release tags."""
        if tag in (self.goos, self.goarch, "gc") or _IMPLIED.get(self.goos) == tag:
            return True
        if tag == "unix":
            return self.goos in _UNIX_OS
        if tag == "cgo":
            return self.cgo
        return re.fullmatch(r"go1\.\d+", tag) is not None


def resolve_platform(goos: str | None = None, goarch: str | None = None) -> Platform:
    """The platform tygo runs for: `goos`/`goarch` when given (e.g. the tygo_goos/tygo_goarch settings),
    the host's Go toolchain's (`go env`) for those not given. ValueError for a name go/build does not know."""
    for value, known, what in ((goos, KNOWN_OS, "GOOS"), (goarch, KNOWN_ARCH, "GOARCH")):
        if value is not None and value not in known:
            raise ValueError(f"{what} {value!r} is not one Go knows (known: {', '.join(sorted(known))})")
    host = host_platform()
    chosen_os, chosen_arch = goos or host.goos, goarch or host.goarch
    same = (chosen_os, chosen_arch) == (host.goos, host.goarch)
    return Platform(chosen_os, chosen_arch, host.cgo and same)


@lru_cache(maxsize=1)
def host_platform() -> Platform:
    """`go env GOOS GOARCH CGO_ENABLED` (honours $GOOS, $GOARCH, $CGO_ENABLED and `go env -w`), once per
    process; without a working Go, the same variables, else the machine Python runs on."""
    go = shutil.which("go")
    if go is not None:
        try:
            proc = subprocess.run([go, "env", "GOOS", "GOARCH", "CGO_ENABLED"], capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            proc = None
        lines = proc.stdout.split() if proc is not None and proc.returncode == 0 else []
        if len(lines) == 3 and lines[0] in KNOWN_OS and lines[1] in KNOWN_ARCH:
            return Platform(lines[0], lines[1], lines[2] == "1")
    goos = os.environ.get("GOOS") or _python_os()
    goarch = os.environ.get("GOARCH") or _python_arch()
    cgo = os.environ.get("CGO_ENABLED")
    has_cc = any(shutil.which(cc) for cc in (os.environ.get("CC") or "gcc", "clang"))
    return Platform(goos, goarch, cgo == "1" if cgo else has_cc)


def _python_os() -> str:
    for prefix, goos in (("linux", "linux"), ("darwin", "darwin"), ("win32", "windows"), ("cygwin", "windows"),
                         ("freebsd", "freebsd"), ("openbsd", "openbsd"), ("netbsd", "netbsd"), ("aix", "aix")):
        if sys.platform.startswith(prefix):
            return goos
    return "linux"


def _python_arch() -> str:
    machine = _py_platform.machine().lower()
    names = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64", "i386": "386",
             "i686": "386", "x86": "386", "ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64"}
    if machine in names:
        return names[machine]
    return "arm" if machine.startswith("arm") else "amd64"
