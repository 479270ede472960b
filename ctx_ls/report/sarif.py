"""SARIF 2.1.0, with the rule metadata taken from each rule's documentation."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from ctx_ls import __version__
from ctx_ls.analysis.model import Severity, Span
from ctx_ls.report import FileResult
from ctx_ls.rules.base import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.HINT: "note"}


def _region(result: FileResult, span: Span) -> dict[str, int]:
    line, col = result.char_position(span.start)
    end_line, end_col = result.char_position(span.end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _location(result: FileResult, span: Span) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": result.path.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
            "region": _region(result, span),
        }
    }


def _related_location(result: FileResult, r) -> dict[str, Any]:
    path, line, col, end_line, end_col = result.related_place(r, chars=True)
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col},
        }
    }


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.doc.strip(), "markdown": rule.doc.strip()},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [rule.id], "since": rule.since},
    }


def to_sarif(results: Iterable[FileResult], rules: Sequence[Rule]) -> dict[str, Any]:
    index = {r.id: i for i, r in enumerate(rules)}
    out_results = []
    for result in results:
        for d in result.diagnostics:
            item: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": index[d.rule_id],
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [_location(result, d.span)],
            }
            if d.related:
                item["relatedLocations"] = [
                    {"id": i + 1, **_related_location(result, r), "message": {"text": r.message}}
                    for i, r in enumerate(d.related)
                ]
            if d.fixes:
                item["fixes"] = [
                    {
                        "description": {"text": f.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": result.path.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
                                "replacements": [
                                    {"deletedRegion": _region(result, e.span), "insertedContent": {"text": e.new_text}}
                                    for e in f.edits
                                ],
                            }
                        ],
                        "properties": {"applicability": f.applicability.value},
                    }
                    for f in d.fixes
                ]
            out_results.append(item)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ctx-ls",
                        "version": __version__,
                        "informationUri": "https://github.com/ctx-ls/ctx-ls",
                        "rules": [rule_descriptor(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": out_results,
            }
        ],
    }


def write(results: Iterable[FileResult], out: TextIO, rules: Sequence[Rule]) -> None:
    json.dump(to_sarif(results, rules), out, indent=2, ensure_ascii=False)
    out.write("\n")
