"""Pause Python's cyclic garbage collector around bulk parsing.

Parsing a monorepo allocates hundreds of thousands of short-lived, acyclic objects (YAML nodes, tree
walks, dicts); reference counting frees them, and the cyclic collector walking them again and again
more than halves the speed. Collection resumes (if it was on) when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
