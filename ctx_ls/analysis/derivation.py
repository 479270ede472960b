"""Which context variable a fix should name: the parameter that makes ctx available, or a
local derived from it that is in scope (``ctx, cancel := context.WithTimeout(ctx, d)``), and
the names of all such locals (RULES.md, "ctx available" and "derived from ctx").
"""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.facts import CONTEXT, CONTEXT_DERIVING, CtxRef
from ctx_ls.analysis.scopes import Local, Resolver
from ctx_ls.analysis.source import text

_DERIVING = CONTEXT_DERIVING


def with_derived(facts, node: Node, ref: CtxRef) -> CtxRef:
    """Prefer a context variable derived from the parameter that is in scope at node."""
    resolver = facts.resolver(node)
    derived: dict[int, Local] = {}
    chosen: Local | None = None
    for local in sorted(resolver.locals.values(), key=lambda l: l.ident.start_byte):
        if local.ident.start_byte >= node.start_byte:
            break
        if local.kind not in ("short", "var") or local.value is None or local.index != 0:
            continue
        if not _encloses(local.function, node) or not _encloses(ref.function, local.ident):
            continue
        if not _derives_from(facts, local.value, ref, derived, resolver):
            continue
        derived[local.ident.start_byte] = local
        if _in_scope(local, node):
            chosen = local
    names = frozenset(l.name for l in derived.values())
    if chosen is None:
        return CtxRef(ref.param, ref.is_request, ref.expr, ref.function, names)
    return CtxRef(ref.param, ref.is_request, chosen.name, ref.function, names)

def _derives_from(facts, value: Node, ref: CtxRef, derived: dict[int, Local], resolver: Resolver) -> bool:
    """``value`` is ``context.WithX(<ctx>, ...)``, ``<r>.Context()`` or a derived name."""
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        if fn is not None and fn.type == "selector_expression" and ref.is_request:
            operand = fn.child_by_field_name("operand")
            if text(fn.child_by_field_name("field")) == "Context" and operand is not None and (
                operand.type == "identifier" and text(operand) == ref.param
            ):
                return True
        if facts.called(value, CONTEXT, _DERIVING) and args is not None and args.named_children:
            return _mentions_ctx(facts, args.named_children[0], ref, derived, resolver)
        return False
    return value.type == "identifier" and _mentions_ctx(facts, value, ref, derived, resolver)

def _mentions_ctx(facts, expr: Node, ref: CtxRef, derived: dict[int, Local], resolver: Resolver) -> bool:
    if expr.type == "identifier":
        local = resolver.resolve(expr)
        if local is None:
            return False
        if local.ident.start_byte in derived:
            return True
        return local.name == ref.param and local.kind == "param" and local.function == ref.function
    if expr.type == "call_expression":
        return _derives_from(facts, expr, ref, derived, resolver)
    return False

def _in_scope(local: Local, node: Node) -> bool:
    """The declaring statement's block encloses node (so the name is visible)."""
    stmt = local.statement
    if stmt is None or stmt.parent is None:
        return False
    block = stmt.parent
    return _encloses(block, node)


def _encloses(outer: Node | None, inner: Node) -> bool:
    return outer is not None and outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte
