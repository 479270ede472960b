"""JSON output: one list of findings (DESIGN.md "CLI contract")."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ctx_ls.analysis.model import Span
from ctx_ls.report import FileResult


def _range(result: FileResult, span: Span) -> dict[str, int]:
    line, col = result.position(span.start)
    end_line, end_col = result.position(span.end)
    return {"line": line, "column": col, "end_line": end_line, "end_column": end_col}


def _related(result: FileResult, r) -> dict[str, Any]:
    path, line, col, end_line, end_col = result.related_place(r)
    return {"path": path, "line": line, "column": col, "end_line": end_line, "end_column": end_col, "message": r.message}


def to_objects(results: Iterable[FileResult]) -> list[dict[str, Any]]:
    out = []
    for result in results:
        for d in result.diagnostics:
            item: dict[str, Any] = {"path": result.path, **_range(result, d.span)}
            item.update(rule=d.rule_id, code=d.code, severity=d.severity.value, message=d.message)
            item["related"] = [_related(result, r) for r in d.related]
            item["fixes"] = [
                {
                    "title": f.title,
                    "applicability": f.applicability.value,
                    "edits": [{**_range(result, e.span), "new_text": e.new_text} for e in f.edits],
                }
                for f in d.fixes
            ]
            out.append(item)
    return out


def write(results: Iterable[FileResult], out: TextIO) -> None:
    json.dump(to_objects(results), out, indent=2, ensure_ascii=False)
    out.write("\n")
