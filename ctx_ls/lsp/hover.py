"""Hover: on a finding, the rule's documentation and the fix it offers; on a context or
timer API (`context.WithTimeout`, `ctx.Done`, `timer.Stop`, …), what it does to deadlines
and cancellation, for the Go version in the module's go.mod."""

from __future__ import annotations

from lsprotocol import types
from tree_sitter import Node

from ctx_ls.analysis.facts import CONTEXT_CANCELLING, FileFacts, Options
from ctx_ls.analysis.gomod import Module
from ctx_ls.analysis.scopes import enclosing_function, inside
from ctx_ls.analysis.source import SourceFile, span, text
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
    if doc is None and node.type == "identifier":
        doc = variable_doc(facts, node, result)
    if doc is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=doc),
        range=convert.to_range(result.text, result.lines, span(node), encoding),
    )


# ----- context and cancel variables
_DEFER = frozenset({"defer_statement"})
_WITH_CANCEL = CONTEXT_CANCELLING


def _line(facts: FileFacts, node: Node) -> int:
    return facts.source.lines.position(node.start_byte)[0] + 1


def _cancel_status(facts: FileFacts, call: Node, result: Result) -> str | None:
    """What happens to the cancel function returned by a With* call."""
    from ctx_ls.analysis.scopes import binding

    found = binding(call)
    if found is None or len(found[1]) < 2:
        return None
    target = found[1][1]
    if target.type != "identifier":
        return f"its cancel function is stored in `{text(target)}`"
    if text(target) == "_":
        return "its cancel function is **discarded**: the context leaks until its parent ends"
    if any(d.rule_id == "lost-cancel" and d.span.start == call.start_byte for d in result.diagnostics):
        return f"`{text(target)}` is **not used on every path** to a return (see the lost-cancel finding)"
    resolver = facts.resolver(target)
    local = resolver.local_at(target) or resolver.resolve(target)
    if local is None:
        return None
    uses = [facts.source.root.descendant_for_byte_range(o, o) for o in resolver.use_offsets(local)]
    deferred = [u for u in uses if u is not None and inside(u, _DEFER, enclosing_function(u))]
    if deferred:
        return f"`{local.name}` is deferred (line {_line(facts, deferred[0])})"
    if uses:
        return f"`{local.name}` is referenced on every path to a return (lines {', '.join(str(_line(facts, u)) for u in uses if u)})"
    return None


def variable_doc(facts: FileFacts, ident: Node, result: Result) -> str | None:
    """Hover text for a context variable (its lineage and effective budget) or for the
    cancel function of a derived context."""
    from ctx_ls.analysis.consts import format_duration
    from ctx_ls.analysis.deadlines import lineage
    from ctx_ls.analysis.scopes import binding

    resolver = facts.resolver(ident)
    local = resolver.local_at(ident) or resolver.resolve(ident)
    if local is None:
        return None
    # The cancel function of `ctx, cancel := context.WithX(...)`.
    value = local.value
    if local.index == 1 and value is not None and value.type == "call_expression":
        name = facts.called(value, "context", _WITH_CANCEL)
        if name is not None and binding(value) is not None:
            status = _cancel_status(facts, value, result) or "no use of it is visible"
            return (f"**{local.name}**: the cancel function of `context.{name}` (line {_line(facts, value)}).\n\n"
                    f"{status[0].upper() + status[1:]}. Calling it releases the context's timer and its "
                    "registration with the parent; later calls do nothing.")
    if local.kind == "param" and not facts.is_context_type(local.type):
        return None
    steps = lineage(facts, ident)
    if not steps or (len(steps) == 1 and steps[0].timeout_ns is None and local.kind != "param"):
        return None
    lines = [f"**{local.name}**: a context; its lineage in this function:", ""]
    for i, step in enumerate(steps, 1):
        lines.append(f"{i}. {step.label} (line {_line(facts, step.node)})")
    budgets = [s for s in steps if s.timeout_ns is not None]
    lines.append("")
    if budgets:
        tight = min(budgets, key=lambda s: s.timeout_ns)
        lines.append(f"Effective budget: at most **{format_duration(tight.timeout_ns)}** from line "
                     f"{_line(facts, tight.node)} (the earliest constant timeout in the chain; a deadline the "
                     "caller set may be earlier still).")
    else:
        lines.append("No constant timeout in this function: the deadline, if any, is the caller's.")
    for step in steps:
        if step.node.type == "call_expression":
            name = facts.called(step.node, "context", _WITH_CANCEL)
            status = _cancel_status(facts, step.node, result) if name else None
            if status:
                lines.append(f"- line {_line(facts, step.node)}: {status}.")
    return "\n".join(lines)
