"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ctx_ls.analysis.model import Severity
from ctx_ls.report import FileResult

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice", Severity.HINT: "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def write(results: Iterable[FileResult], out: TextIO) -> None:
    for result in results:
        for d in result.diagnostics:
            line, col = result.position(d.span.start)
            end_line, end_col = result.position(d.span.end)
            props = f"file={_prop(result.path)},line={line},col={col},endLine={end_line}"
            if end_line == line:
                props += f",endColumn={end_col}"
            props += f",title={_prop(d.code + ' ' + d.rule_id)}"
            out.write(f"::{_LEVEL[d.severity]} {props}::{_data(d.message)}\n")
