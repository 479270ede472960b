"""Reading ``go.mod``: module root, module path and the ``go`` version line."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

# The newest Go release whose semantics ctx-ls knows; assumed when there is no go.mod.
NEWEST_GO = (1, 27)

_MODULE = re.compile(rb"^\s*module\s+(\"[^\"]+\"|\S+)", re.M)
_GO = re.compile(rb"^\s*go\s+(\d+)\.(\d+)", re.M)


@dataclass(frozen=True, slots=True)
class Module:
    root: str | None  # directory holding go.mod, or None when there is none
    path: str | None  # module path
    go_version: tuple[int, int]
    explicit_version: bool = True  # False when no go line / no go.mod was found


def parse_gomod(text: bytes, root: str | None = None) -> Module:
    text = re.sub(rb"//[^\n]*", b"", text)
    m = _MODULE.search(text)
    path = m.group(1).strip(b'"').decode("utf-8", "replace") if m else None
    g = _GO.search(text)
    if g:
        return Module(root, path, (int(g.group(1)), int(g.group(2))))
    # The go command treats a go.mod without a go line as go 1.16.
    return Module(root, path, (1, 16), explicit_version=False)


NO_MODULE = Module(None, None, NEWEST_GO, explicit_version=False)


def find_module(path: str) -> Module:
    """The module that contains the file or directory ``path``."""
    directory = os.path.abspath(path)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    return _module_for_dir(directory)


@lru_cache(maxsize=4096)
def _module_for_dir(directory: str) -> Module:
    candidate = os.path.join(directory, "go.mod")
    try:
        with open(candidate, "rb") as f:
            return parse_gomod(f.read(), directory)
    except OSError:
        pass
    parent = os.path.dirname(directory)
    if parent == directory:
        return NO_MODULE
    return _module_for_dir(parent)


def parse_version(value: str) -> tuple[int, int]:
    """``"1.22"``, ``"go1.22.3"`` → ``(1, 22)``; raises ValueError otherwise."""
    m = re.fullmatch(r"(?:go)?(\d+)\.(\d+)(?:\.\d+|rc\d+|beta\d+)?", value.strip())
    if not m:
        raise ValueError(f"not a Go version: {value!r}")
    return int(m.group(1)), int(m.group(2))
