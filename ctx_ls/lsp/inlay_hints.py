"""Inlay hints: the effective budget at a WithTimeout/WithDeadline call whose constant
timeout a parent in the same function caps (``≤ 1.5s (parent)``)."""

from __future__ import annotations

from lsprotocol import types

from ctx_ls.analysis.consts import format_duration
from ctx_ls.analysis.deadlines import caps
from ctx_ls.analysis.facts import FileFacts, Options
from ctx_ls.analysis.gomod import Module
from ctx_ls.analysis.source import SourceFile
from ctx_ls.lsp import convert
from ctx_ls.lsp.diagnostics import Result


def inlay_hints(result: Result, rng: types.Range, encoding: str, module: Module, options: Options) -> list[types.InlayHint]:
    if result.tree is None:
        return []
    wanted = convert.to_span(result.text, result.lines, rng, encoding)
    facts = FileFacts(SourceFile(result.uri, result.text, result.tree, result.lines), module, options)
    hints = []
    for cap in caps(facts):
        if cap.call.end_byte < wanted.start or cap.call.start_byte > wanted.end:
            continue
        parent, own = format_duration(cap.parent_ns), format_duration(cap.own_ns)
        hints.append(types.InlayHint(
            position=convert.position(result.text, result.lines, cap.call.end_byte, encoding),
            label=f"≤ {parent} (parent)",
            padding_left=True,
            tooltip=f"The parent context ends within {parent}, so this {own} budget cannot take "
                    f"effect: a derived context's deadline is the earlier of its own and its parent's.",
        ))
    return hints
