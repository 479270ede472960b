"""The CLI's output formats. They translate findings; they never analyse."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ctx_ls.analysis.model import Diagnostic, Related
from ctx_ls.analysis.source import LineIndex


@dataclass
class FileResult:
    """Findings of one file, with what the formats need to place them."""

    path: str  # as it is to be shown (relative to the working directory when below it)
    text: bytes
    diagnostics: list[Diagnostic]
    _lines: LineIndex | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based byte column, like the Go toolchain."""
        line, col = self.lines.position(offset)
        return line + 1, col + 1

    def char_position(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column in Unicode code points (for SARIF)."""
        line, col = self.lines.position(offset)
        start = self.lines.starts[line]
        return line + 1, len(self.text[start : start + col].decode("utf-8", "replace")) + 1

    def related_place(self, r: Related, chars: bool = False) -> tuple[str, int, int, int, int]:
        """Path, 1-based line, column, end line, end column of a related place: in this
        file, or in another file of the module (shown relative like this file's path).
        Columns are bytes, or code points with ``chars``."""
        p = r.place
        if p is None:
            at = self.char_position if chars else self.position
            return (self.path, *at(r.span.start), *at(r.span.end))
        path = p.path if os.path.isabs(self.path) else os.path.relpath(p.path)
        if chars:
            col = len(p.line_text[: p.column].decode("utf-8", "replace")) + 1
            end = len(p.line_text[: p.end_column].decode("utf-8", "replace")) + 1
        else:
            col, end = p.column + 1, p.end_column + 1
        return path, p.line + 1, col, p.line + 1, end
