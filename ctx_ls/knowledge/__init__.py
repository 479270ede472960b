"""Hover texts for the context and timer APIs, rendered for a module's Go version.

One markdown file per API in this package, named after the API:
``context.WithTimeout.md``, ``context.Context.Done.md``, ``time.Timer.Stop.md``.
Pure Python: no pygls or lsprotocol here; ``lsp/hover.py`` wraps the result.

Markup (HTML comments on lines of their own, so a raw file is still valid markdown):

``<!-- since 1.21 -->``
    Only as the first line: the API was added in Go 1.21. For a module whose go version
    is older, a note "Not available before Go 1.21 — this module's go.mod says go 1.20."
    is inserted after the first line of text (the signature); the rest still renders.
``<!-- go>=1.23 -->`` … ``<!-- end -->``
    The lines in between are kept only when the module's go version satisfies the
    condition. A condition is ``go`` followed by ``>=``, ``>``, ``<=``, ``<`` or ``==``
    and a version ``1.N``; several conditions separated by spaces must all hold
    (``<!-- go>=1.21 go<1.23 -->``). Blocks may nest.
``{{go}}``
    Replaced by the module's go version, e.g. ``1.22``.

Any other ``<!--`` or ``-->`` is an error (``MarkupError``), as are an unclosed block and
a stray ``<!-- end -->``. After rendering, runs of blank lines collapse to one and the
text is stripped.
"""

from __future__ import annotations

import operator
import re
from functools import lru_cache
from importlib import resources

__all__ = ["NEWEST", "MarkupError", "api_doc", "known_apis", "render"]

# The newest Go release whose semantics these texts describe.
NEWEST = (1, 27)

_SUFFIX = ".md"
_SINCE = re.compile(r"<!--\s*since\s+(\d+)\.(\d+)\s*-->")
_OPEN = re.compile(r"<!--((?:\s*go\s*(?:>=|<=|==|<|>)\s*\d+\.\d+)+)\s*-->")
_COND = re.compile(r"go\s*(>=|<=|==|<|>)\s*(\d+)\.(\d+)")
_END = re.compile(r"<!--\s*end\s*-->")
_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}


class MarkupError(ValueError):
    """A knowledge file's version markup is malformed."""


def _fmt(v: tuple[int, int]) -> str:
    return f"{v[0]}.{v[1]}"


def render(text: str, go_version: tuple[int, int]) -> str:
    """Apply the version markup of ``text`` for a module whose go line is ``go_version``."""
    version = (int(go_version[0]), int(go_version[1]))
    lines = text.splitlines()
    since: tuple[int, int] | None = None
    if lines and (m := _SINCE.fullmatch(lines[0].strip())):
        since = (int(m.group(1)), int(m.group(2)))
        lines = lines[1:]
    out: list[str] = []
    stack: list[bool] = []  # one entry per open block: is it kept?
    for number, line in enumerate(lines, start=2 if since else 1):
        stripped = line.strip()
        if m := _OPEN.fullmatch(stripped):
            holds = all(
                _OPS[op](version, (int(major), int(minor)))
                for op, major, minor in _COND.findall(m.group(1))
            )
            stack.append(holds)
            continue
        if _END.fullmatch(stripped):
            if not stack:
                raise MarkupError(f"line {number}: <!-- end --> without an open block")
            stack.pop()
            continue
        if "<!--" in line or "-->" in line:
            raise MarkupError(f"line {number}: unknown markup: {stripped}")
        if all(stack):
            out.append(line.rstrip())
    if stack:
        raise MarkupError(f"{len(stack)} block(s) not closed with <!-- end -->")
    if since is not None and version < since:
        note = (
            f"*Not available before Go {_fmt(since)} — this module's go.mod says go "
            f"{_fmt(version)}.*"
        )
        first = next((i for i, line in enumerate(out) if line.strip()), len(out))
        out[first + 1 : first + 1] = ["", note, ""]
    body = "\n".join(out).replace("{{go}}", _fmt(version))
    return re.sub(r"\n(?:[ \t]*\n)+", "\n\n", body).strip()


@lru_cache(maxsize=1)
def _files() -> dict[str, str]:
    root = resources.files(__name__)
    return {
        entry.name[: -len(_SUFFIX)]: entry.name
        for entry in root.iterdir()
        if entry.name.endswith(_SUFFIX) and entry.is_file()
    }


@lru_cache(maxsize=None)
def _source(name: str) -> str:
    return resources.files(__name__).joinpath(_files()[name]).read_text(encoding="utf-8")


@lru_cache(maxsize=512)
def _rendered(name: str, go_version: tuple[int, int]) -> str:
    return render(_source(name), go_version)


def api_doc(name: str, go_version: tuple[int, int]) -> str | None:
    """Markdown hover text for ``name`` ("context.WithTimeout", "context.Context.Done",
    "time.Timer.Stop") as it applies to a module whose go line is ``go_version``;
    None for an API this package does not describe."""
    if name not in _files():
        return None
    return _rendered(name, (int(go_version[0]), int(go_version[1])))


def known_apis() -> list[str]:
    """Every API name ``api_doc`` answers for, sorted."""
    return sorted(_files())
