"""A Go source file: its bytes, its tree-sitter tree and a line index.

Lines are split where LSP splits them (``\\n``, ``\\r\\n``, ``\\r``) and nowhere else: not at
U+2028, U+0085 or form feed, which ``str.splitlines`` would also break at.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, Tree

from ctx_ls.analysis.model import Span

GO = Language(tree_sitter_go.language())

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def new_parser() -> Parser:
    return Parser(GO)


@lru_cache(maxsize=None)
def query(source: str) -> Query:
    """A compiled query; compiled once per process and shared by every rule."""
    return Query(GO, source)


class LineIndex:
    """Maps byte offsets to (line, byte column), both 0-based."""

    __slots__ = ("starts", "ends", "size")

    def __init__(self, text: bytes) -> None:
        self.size = len(text)
        if b"\r" not in text:
            self._index_lf(text)
            return
        self.starts = [0]
        self.ends = []  # where each line's content ends (its line break starts)
        for m in _LINE_BREAK.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def _index_lf(self, text: bytes) -> None:
        """Only ``\\n`` breaks (most files): the line lengths from one split in C are
        several times faster than a regex match object per line, on the event loop."""
        starts = list(accumulate([len(line) + 1 for line in text.split(b"\n")], initial=0))
        self.ends = [s - 1 for s in starts[1:]]  # the last "line break" is the end of the text
        starts.pop()
        self.starts = starts

    def edited(self, text: bytes, start: int, old_end: int, new_end: int) -> LineIndex:
        """The index of ``text``, which is the old text with ``[start, old_end)`` replaced by
        ``text[start:new_end]``. Rescans only the lines the edit touched."""
        delta = new_end - old_end
        first = max(0, bisect.bisect_right(self.starts, max(start - 1, 0)) - 1)
        last = bisect.bisect_right(self.starts, min(old_end + 1, self.size)) - 1
        # Old lines first..last are rescanned (with their breaks); later ones shift.
        region_start = self.starts[first]
        region_end_old = self.starts[last + 1] if last + 1 < len(self.starts) else self.size
        region_end = region_end_old + delta
        idx = LineIndex.__new__(LineIndex)
        idx.size = len(text)
        starts = self.starts[: first + 1]
        ends = self.ends[:first]
        for m in _LINE_BREAK.finditer(text, region_start, region_end):
            ends.append(m.start())
            starts.append(m.end())
        if last + 1 < len(self.starts):
            # The region ended exactly at an old line start; it was re-found above.
            if starts[-1] != region_end:
                raise AssertionError("line index out of step")  # pragma: no cover
            # List comprehensions: the fastest shift in CPython (this runs on the event
            # loop, for every change).
            starts += [s + delta for s in self.starts[last + 2 :]]
            ends += [e + delta for e in self.ends[last + 1 :]]
        else:
            ends.append(idx.size)
        idx.starts, idx.ends = starts, ends
        return idx

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.size))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def offset(self, line: int, column: int) -> int:
        """The byte offset of a 0-based line and byte column, clamped to the line's content
        (a column past its end lands before the line break)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return self.size
        return max(self.starts[line], min(self.starts[line] + column, self.ends[line]))

    def line_count(self) -> int:
        return len(self.starts)


@dataclass
class SourceFile:
    path: str
    text: bytes
    tree: Tree
    _lines: LineIndex | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, path: str, text: bytes, parser: Parser | None = None) -> SourceFile:
        tree = (parser or new_parser()).parse(text)
        return cls(path, text, tree)

    @cached_property
    def root(self) -> Node:
        """One root node object: py-tree-sitter builds a node's list of children once per
        node object, and many passes (file-level facts, cache keys) walk the top level."""
        return self.tree.root_node

    @cached_property
    def top(self) -> list[tuple[Node, str]]:
        """The top-level declarations (the root's named children) with their node types:
        a node's type costs a new string each time it is asked, and about ten passes per
        analysis go over the top level (cache keys, file-level facts, function headers)."""
        return [(n, n.type) for n in self.root.named_children]

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def line_text(self, line: int) -> bytes:
        starts = self.lines.starts
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        return self.text[starts[line] : end].rstrip(b"\r\n")

    def indentation_at(self, offset: int) -> str:
        """The leading white space of the line that holds ``offset``."""
        line, _ = self.lines.position(offset)
        raw = self.line_text(line)
        stripped = raw.lstrip(b" \t")
        return raw[: len(raw) - len(stripped)].decode("utf-8", "replace")

    def newline(self) -> str:
        return newline_of(self.text)


def newline_of(text: bytes) -> str:
    """A file's line break convention (taken from its first line break)."""
    m = _LINE_BREAK.search(text)
    return m.group().decode() if m else "\n"


def span(node: Node) -> Span:
    return Span(node.start_byte, node.end_byte)


def text(node: Node | None) -> str:
    if node is None:
        return ""
    raw = node.text  # each access slices the source anew: once per call
    return "" if raw is None else raw.decode("utf-8", "replace")
