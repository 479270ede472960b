"""Hover: on a finding, the rule's documentation and the fix it offers; on a context or
timer API (`context.WithTimeout`, `ctx.Done`, `timer.Stop`, …), what it does to deadlines
and cancellation, for the Go version in the module's go.mod."""

from __future__ import annotations

from lsprotocol import types
from tree_sitter import Node

from ctx_ls.analysis.facts import FileFacts, Options
from ctx_ls.analysis.gomod import Module
from ctx_ls.analysis.source import SourceFile, text
from ctx_ls.analysis.types import expression_type
from ctx_ls.lsp import convert
from ctx_ls.lsp.diagnostics import Result
from ctx_ls.rules import BY_ID

_PACKAGES = ("context", "time")
# Canonical receiver types whose methods have docs, and the doc-name prefix for them.
_METHOD_OWNERS = {"context.Context": "context.Context", "*time.Timer": "time.Timer",
                  "*time.Ticker": "time.Ticker"}


def hover(result: Result, pos: types.Position, encoding: str, module: Module | None = None,
          options: Options | None = None) -> types.Hover | None:
    offset = convert.offset(result.text, result.lines, pos, encoding)
    hits = [d for d in result.diagnostics if d.span.start <= offset <= d.span.end]
    if hits:
        return _diagnostic_hover(result, hits, encoding)
    if result.tree is None or module is None:
        return None
    return _api_hover(result, offset, encoding, module, options or Options())


def _diagnostic_hover(result: Result, hits, encoding: str) -> types.Hover:
    parts = []
    for d in hits:
        rule = BY_ID[d.rule_id]
        lines = [f"**{rule.code} `{rule.id}`**: {d.message}", "", rule.sections.get("What it does", "").strip(),
                 "", "**Why is this bad?** " + rule.sections.get("Why is this bad?", "").strip()]
        for fix in d.fixes:
            lines += ["", f"**Fix** ({'safe' if fix.is_safe else 'unsafe'}): {fix.title}"]
        lines += ["", f"[{rule.id} documentation]({rule.url})"]
        parts.append("\n".join(lines))
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=convert.to_range(result.text, result.lines, hits[0].span, encoding),
    )


def api_name(facts: FileFacts, node: Node) -> str | None:
    """``context.WithTimeout`` / ``context.Context.Done`` / ``time.Timer.Stop`` for the
    identifier under the cursor, when syntax shows which API it is."""
    parent = node.parent
    if node.type == "field_identifier" and parent is not None and parent.type == "selector_expression":
        operand = parent.child_by_field_name("operand")
        name = text(node)
        for path in _PACKAGES:
            if facts.is_package(operand, path):
                return f"{path}.{name}"
        owner = _METHOD_OWNERS.get(expression_type(facts, operand) or "") if operand is not None else None
        return f"{owner}.{name}" if owner else None
    if node.type == "identifier":
        for path in _PACKAGES:
            if path in facts.imports.dot and facts.refers_to(node, path, {text(node)}):
                return f"{path}.{text(node)}"
    return None


def _api_hover(result: Result, offset: int, encoding: str, module: Module, options: Options) -> types.Hover | None:
    from ctx_ls.knowledge import api_doc

    source = SourceFile(result.uri, result.text, result.tree, result.lines)
    facts = FileFacts(source, module, options)
    node = source.root.descendant_for_byte_range(offset, offset)
    if node is None or node.type not in ("identifier", "field_identifier"):
        return None
    name = api_name(facts, node)
    doc = api_doc(name, facts.go_version) if name else None
    if doc is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=doc),
        range=convert.to_range(result.text, result.lines, _span(node), encoding),
    )


def _span(node: Node):
    from ctx_ls.analysis.model import Span

    return Span(node.start_byte, node.end_byte)
