"""Applying fixes to a file's text: deterministic, never two overlapping fixes."""

from __future__ import annotations

from collections.abc import Iterable

from ctx_ls.analysis.model import Diagnostic, Edit, Fix


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.span.start == a.span.end and b.span.start == b.span.end:
        return a.span.start == b.span.start  # two insertions at one point: order unknown
    return a.span.start < b.span.end and b.span.start < a.span.end or (
        a.span.start == a.span.end and b.span.start < a.span.start < b.span.end
    ) or (b.span.start == b.span.end and a.span.start < b.span.start < a.span.end)


def choose(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes to apply together: in order of their first edit, each one kept only when
    none of its edits overlaps an edit of a fix kept before it. Import insertions that two
    fixes both need (identical edits) are shared."""
    kept: list[Fix] = []
    taken: list[Edit] = []
    for fix in sorted(fixes, key=lambda f: (min(e.span.start for e in f.edits), f.title)):
        own = [e for e in fix.edits if e not in taken]
        if any(_overlaps(e, t) for e in own for t in taken):
            continue
        kept.append(fix)
        taken.extend(own)
    return kept


def apply(text: bytes, fixes: Iterable[Fix]) -> bytes:
    edits: list[Edit] = []
    for fix in choose(fixes):
        edits.extend(e for e in fix.edits if e not in edits)
    out = text
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end), reverse=True):
        out = out[: e.span.start] + e.new_text.encode("utf-8") + out[e.span.end :]
    return out


def safe_fixes(diagnostics: Iterable[Diagnostic]) -> list[Fix]:
    """The first safe fix of each diagnostic."""
    out = []
    for d in diagnostics:
        for f in d.fixes:
            if f.is_safe:
                out.append(f)
                break
    return out
