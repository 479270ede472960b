"""Byte offsets <-> LSP positions. The only module that knows about UTF-16.

LSP counts lines at ``\\n``, ``\\r\\n`` and ``\\r`` (the line index of
:class:`ctx_ls.analysis.source.LineIndex` does the same), and characters in the position
encoding negotiated at initialize: UTF-8 bytes, UTF-16 code units or UTF-32 code points.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from ctx_ls.analysis.model import Place, Span
from ctx_ls.analysis.source import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _units(ch: str, encoding: str) -> int:
    if encoding == UTF16:
        return 2 if ord(ch) > 0xFFFF else 1
    return 1


def offset(text: bytes, lines: LineIndex, pos: types.Position, encoding: str) -> int:
    """The byte offset of an LSP position; positions past a line's end (or past the last
    line) are clamped to it."""
    line = pos.line
    if line >= len(lines.starts):
        return len(text)
    start, end = lines.starts[line], lines.ends[line]
    if encoding == UTF8:
        off = min(start + pos.character, end)
        # A column inside a multi-byte character (a client bug) is moved back to the
        # character's start: an edit there must not split the character.
        while start < off < len(text) and 0x80 <= text[off] < 0xC0:
            off -= 1
        return off
    raw = text[start:end]
    if raw.isascii():
        return start + min(pos.character, len(raw))
    units = 0
    consumed = 0
    for ch in raw.decode("utf-8", "replace"):
        if units >= pos.character:
            break
        units += _units(ch, encoding)
        consumed += len(ch.encode("utf-8", "replace"))
    return start + min(consumed, len(raw))


def position(text: bytes, lines: LineIndex, off: int, encoding: str) -> types.Position:
    line, col = lines.position(off)
    if encoding == UTF8:
        return types.Position(line, col)
    prefix = text[lines.starts[line] : lines.starts[line] + col]
    if prefix.isascii():
        return types.Position(line, col)
    chars = prefix.decode("utf-8", "replace")
    if encoding == UTF32:
        return types.Position(line, len(chars))
    return types.Position(line, sum(_units(c, UTF16) for c in chars))


def column(prefix: bytes, encoding: str) -> int:
    """The column, in ``encoding`` units, after the bytes ``prefix`` of a line."""
    if encoding == UTF8 or prefix.isascii():
        return len(prefix)
    chars = prefix.decode("utf-8", "replace")
    if encoding == UTF32:
        return len(chars)
    return sum(_units(c, UTF16) for c in chars)


def place_location(place: Place, encoding: str) -> types.Location:
    """A place in another file (related information)."""
    start = types.Position(place.line, column(place.line_text[: place.column], encoding))
    end = types.Position(place.line, column(place.line_text[: place.end_column], encoding))
    return types.Location(Path(place.path).as_uri(), types.Range(start, end))


def to_range(text: bytes, lines: LineIndex, span: Span, encoding: str) -> types.Range:
    return types.Range(position(text, lines, span.start, encoding), position(text, lines, span.end, encoding))


def to_span(text: bytes, lines: LineIndex, rng: types.Range, encoding: str) -> Span:
    start = offset(text, lines, rng.start, encoding)
    end = offset(text, lines, rng.end, encoding)
    return Span(min(start, end), max(start, end))
