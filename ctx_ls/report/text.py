"""Human-readable output: `path:line:col: CODE rule-id message`, related places indented."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ctx_ls.report import FileResult


def write(results: Iterable[FileResult], out: TextIO) -> None:
    for result in results:
        for d in result.diagnostics:
            line, col = result.position(d.span.start)
            fix = " [fix]" if any(f.is_safe for f in d.fixes) else ""
            out.write(f"{result.path}:{line}:{col}: {d.code} {d.rule_id}{fix} {d.message}\n")
            for r in d.related:
                path, rl, rc, _, _ = result.related_place(r)
                out.write(f"    {path}:{rl}:{rc}: {r.message}\n")
