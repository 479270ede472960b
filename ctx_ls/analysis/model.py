"""The results of analysis: diagnostics, their related information and their fixes.

Everything here is in byte offsets of the file's UTF-8 text; only the edges (``lsp/``,
``report/``) turn spans into lines and columns.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    HINT = "hint"


class Applicability(str, enum.Enum):
    """Whether a fix may be applied without a human looking at it."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open byte range ``[start, end)`` in one file."""

    start: int
    end: int

    def shifted(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span
    new_text: str

    def shifted(self, delta: int) -> Edit:
        return Edit(self.span.shifted(delta), self.new_text)


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    def shifted(self, delta: int) -> Fix:
        return replace(self, edits=tuple(e.shifted(delta) for e in self.edits))


@dataclass(frozen=True, slots=True)
class Place:
    """A range on one line of another file: 0-based line, byte columns, and the line's
    bytes up to the end column (enough to count columns in UTF-16 for LSP clients)."""

    path: str
    line: int
    column: int
    end_column: int
    line_text: bytes


@dataclass(frozen=True, slots=True)
class Related:
    """A second place that explains a diagnostic: ``span`` in the same file, or, when
    ``place`` is set, a place in another file (``span`` is then unused)."""

    span: Span
    message: str
    place: Place | None = None

    def shifted(self, delta: int) -> Related:
        if self.place is not None:
            return self
        return Related(self.span.shifted(delta), self.message)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule_id: str
    code: str
    span: Span
    message: str
    severity: Severity
    related: tuple[Related, ...] = field(default=())
    fixes: tuple[Fix, ...] = field(default=())

    def shifted(self, delta: int) -> Diagnostic:
        if delta == 0:
            return self
        return replace(
            self,
            span=self.span.shifted(delta),
            related=tuple(r.shifted(delta) for r in self.related),
            fixes=tuple(f.shifted(delta) for f in self.fixes),
        )

    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.code)
