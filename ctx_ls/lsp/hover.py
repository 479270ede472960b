"""Hover: on a finding, the rule's documentation and the fix it offers."""

from __future__ import annotations

from lsprotocol import types

from ctx_ls.lsp import convert
from ctx_ls.lsp.diagnostics import Result
from ctx_ls.rules import BY_ID


def hover(result: Result, pos: types.Position, encoding: str) -> types.Hover | None:
    offset = convert.offset(result.text, result.lines, pos, encoding)
    hits = [d for d in result.diagnostics if d.span.start <= offset <= d.span.end]
    if not hits:
        return None
    parts = []
    for d in hits:
        rule = BY_ID[d.rule_id]
        text = [f"**{rule.code} `{rule.id}`**: {d.message}", "", rule.sections.get("What it does", "").strip(),
                "", "**Why is this bad?** " + rule.sections.get("Why is this bad?", "").strip()]
        for fix in d.fixes:
            text += ["", f"**Fix** ({'safe' if fix.is_safe else 'unsafe'}): {fix.title}"]
        text += ["", f"[{rule.id} documentation]({rule.url})"]
        parts.append("\n".join(text))
    first = hits[0]
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=convert.to_range(result.text, result.lines, first.span, encoding),
    )
