"""Open buffers: text as bytes, the tree-sitter tree, a line index, the version.

The event loop only splices bytes (cheap); parsing happens in the analysis worker, which
edits a copy of the last tree with the edits made since and reparses incrementally.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lsprotocol import types
from tree_sitter import Point, Tree

from ctx_ls.analysis.engine import DeclarationCache
from ctx_ls.analysis.source import LineIndex
from ctx_ls.lsp import convert


@dataclass(frozen=True, slots=True)
class TextEdit:
    """One applied change, in the coordinates tree-sitter's ``Tree.edit`` wants."""

    start_byte: int
    old_end_byte: int
    new_end_byte: int
    start_point: Point
    old_end_point: Point
    new_end_point: Point


def _point(text: bytes, off: int) -> Point:
    """tree-sitter's point: rows counted at ``\\n`` only, columns in bytes."""
    row = text.count(b"\n", 0, off)
    line_start = text.rfind(b"\n", 0, off) + 1
    return Point(row, off - line_start)


def _end_point(start: Point, inserted: bytes) -> Point:
    rows = inserted.count(b"\n")
    if rows == 0:
        return Point(start.row, start.column + len(inserted))
    return Point(start.row + rows, len(inserted) - inserted.rfind(b"\n") - 1)


@dataclass
class Document:
    uri: str
    path: str
    version: int
    text: bytes
    lines: LineIndex = field(init=False)
    # The last parsed tree and the text it was parsed from; ``edits`` are the changes made
    # to the text since then, in order.
    tree: Tree | None = None
    edits: list[TextEdit] = field(default_factory=list)
    cache: DeclarationCache = field(default_factory=DeclarationCache)
    generation: int = 0  # bumped when results must be recomputed for other reasons than edits
    has_cr: bool = field(init=False)  # may hold a carriage return: lines and tree rows may differ

    def __post_init__(self) -> None:
        self.lines = LineIndex(self.text)
        self.has_cr = b"\r" in self.text

    def _point(self, offset: int) -> Point:
        """tree-sitter's point of an offset in the text. Without a carriage return its rows
        are the line index's lines: a bisection, where counting line breaks scans the text."""
        if self.has_cr:
            return _point(self.text, offset)
        return Point(*self.lines.position(offset))

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        if isinstance(change, types.TextDocumentContentChangePartial):
            span = convert.to_span(self.text, self.lines, change.range, encoding)
            start, end = span.start, span.end
        else:
            start, end = 0, len(self.text)
        new = change.text.encode("utf-8", "surrogatepass")
        try:
            new.decode("utf-8")
        except UnicodeDecodeError:  # lone surrogates from a broken client: keep valid UTF-8
            new = change.text.encode("utf-8", "replace")
        start_point = self._point(start)
        old_end_point = self._point(end)
        self.has_cr = self.has_cr or b"\r" in new
        self.text = self.text[:start] + new + self.text[end:]
        self.edits.append(
            TextEdit(start, end, start + len(new), start_point, old_end_point, _end_point(start_point, new))
        )
        self.lines = self.lines.edited(self.text, start, end, start + len(new))


class DocumentStore:
    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def open(self, uri: str, path: str, version: int, text: str) -> Document:
        doc = Document(uri, path, version, text.encode("utf-8", "replace"))
        self._docs[uri] = doc
        return doc

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def close(self, uri: str) -> Document | None:
        return self._docs.pop(uri, None)

    def __iter__(self):
        return iter(list(self._docs.values()))

    def __len__(self) -> int:
        return len(self._docs)

    def overlays(self) -> dict[str, bytes]:
        """Open buffers by file path, for the package index."""
        return {d.path: d.text for d in self._docs.values() if d.path}
