"""The CLI's output formats. They translate findings; they never analyse."""

from __future__ import annotations

from dataclasses import dataclass

from ctx_ls.analysis.model import Diagnostic
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
