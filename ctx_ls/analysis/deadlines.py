"""Constant deadlines along a function's chain of derived contexts.

For a ``context.WithTimeout``/``WithDeadline`` call (and the ``*Cause`` forms): its own
constant timeout, and the tightest constant timeout its parent inherits from With* calls in
the same function (through ``WithValue``/``WithCancel``, which keep the parent's deadline).
Used by ``timeout-cannot-extend`` and by the editor's effective-deadline inlay hints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from ctx_ls.analysis.consts import Folder
from ctx_ls.analysis.facts import CONTEXT, FileFacts
from ctx_ls.analysis.scopes import Local, encloses, enclosing_function
from ctx_ls.analysis.source import text

TIME = "time"

TIMEOUTS = frozenset({"WithTimeout", "WithTimeoutCause"})
DEADLINES = frozenset({"WithDeadline", "WithDeadlineCause"})
# Derivations that keep the parent's deadline.
KEEPING = frozenset({"WithValue", "WithCancel", "WithCancelCause"})

CALLEES = TIMEOUTS | DEADLINES

_MAX_CHAIN = 12


@dataclass(frozen=True, slots=True)
class _Bound:
    ns: int  # the context ends at most this long after it is derived
    call: Node  # the With* call that set it


@dataclass(frozen=True, slots=True)
class Cap:
    """A With* call whose own constant timeout a parent in the same function caps."""

    call: Node
    name: str  # WithTimeout, WithDeadline, …
    own_ns: int
    parent_ns: int
    parent_call: Node


def caps(facts: FileFacts) -> Iterator[Cap]:
    """Every With* call (in the scanned roots) with a constant timeout of its own and a
    tighter constant timeout inherited from its parent."""
    if not facts.imports.imports(CONTEXT):
        return
    folder = Folder(facts)
    for call in facts.calls(CALLEES):
        name = facts.called(call, CONTEXT, CALLEES)
        if name is None:
            continue
        own = own_timeout(facts, folder, call, name)
        if own is None:
            continue
        args = call.child_by_field_name("arguments")
        bound = _bound_of_expr(facts, folder, args.named_children[0], call, 0)
        if bound is None or not bound.ns < own:
            continue
        yield Cap(call, name, own, bound.ns, bound.call)


def own_timeout(facts: FileFacts, folder: Folder, call: Node, name: str) -> int | None:
    """The constant timeout a With* call sets: its duration argument, or ``d`` of a deadline
    written as ``time.Now().Add(d)``."""
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count < 2:
        return None
    arg = args.named_children[1]
    if name in TIMEOUTS:
        return folder.duration(arg)
    if arg.type != "call_expression":
        return None
    fn = arg.child_by_field_name("function")
    add_args = arg.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != "Add":
        return None
    now = fn.child_by_field_name("operand")
    if now is None or now.type != "call_expression" or not facts.called(now, TIME, frozenset({"Now"})):
        return None
    now_args = now.child_by_field_name("arguments")
    if now_args is None or now_args.named_child_count or add_args is None or add_args.named_child_count != 1:
        return None
    return folder.duration(add_args.named_children[0])


def _bound_of_expr(facts: FileFacts, folder: Folder, expr: Node, at: Node, depth: int) -> _Bound | None:
    """The tightest constant timeout that ``expr`` (a context, evaluated at ``at``) inherits
    from With* calls in the same function."""
    if depth > _MAX_CHAIN:
        return None
    while expr.type == "parenthesized_expression" and expr.named_child_count == 1:
        expr = expr.named_children[0]
    if expr.type == "call_expression":
        return _bound_of_call(facts, folder, expr, depth)
    if expr.type != "identifier":
        return None
    value = reaching_value(facts, expr, at)
    if value is None or value.type != "call_expression":
        return None
    return _bound_of_call(facts, folder, value, depth)


def _bound_of_call(facts: FileFacts, folder: Folder, call: Node, depth: int) -> _Bound | None:
    name = facts.called(call, CONTEXT, CALLEES | KEEPING)
    if name is None:
        return None
    args = call.child_by_field_name("arguments")
    if args is None or not args.named_children:
        return None
    inherited = _bound_of_expr(facts, folder, args.named_children[0], call, depth + 1)
    own = own_timeout(facts, folder, call, name) if name in CALLEES else None
    if own is not None and (inherited is None or own < inherited.ns):
        return _Bound(own, call)
    return inherited


def reaching_value(facts: FileFacts, ident: Node, at: Node) -> Node | None:
    """The expression last assigned to the local ``ident`` before ``at``, when that
    assignment certainly is the one in effect at ``at``: it is in the same function, its
    statement's block encloses ``at``, no closure assigns the variable, and no loop around
    ``at`` (that does not also hold the assignment) assigns it again."""
    resolver = facts.resolver(ident)
    local = resolver.resolve(ident)
    if local is None:
        return None
    fn = enclosing_function(at)
    defs = _definitions(facts, local)
    if defs is None:
        return None
    if any(enclosing_function(stmt) != local.function for stmt, _ in defs):
        return None  # assigned in a closure: it may run at any time
    before = [(stmt, value) for stmt, value in defs if stmt.end_byte <= at.start_byte]
    if not before:
        return None
    stmt, value = max(before, key=lambda d: d[0].start_byte)
    scope = stmt.parent
    while scope is not None and scope.type in ("var_spec_list", "var_declaration"):
        scope = scope.parent
    if enclosing_function(stmt) != fn or scope is None or not encloses(scope, at):
        return None
    loop = at.parent
    while loop is not None and loop != fn:
        if loop.type == "for_statement" and not encloses(loop, stmt) and any(encloses(loop, s) for s, _ in defs):
            return None  # a later iteration sees another assignment
        loop = loop.parent
    return value


def _definitions(facts: FileFacts, local: Local) -> list[tuple[Node, Node | None]] | None:
    """Every statement that assigns ``local`` with the value it assigns (None when the
    value is not a single expression for it); None when the variable's address is taken."""
    out: list[tuple[Node, Node | None]] = []
    if local.kind in ("short", "var") and local.statement is not None:
        value = local.value if local.index == 0 or not _single_call(local.value) else None
        out.append((local.statement, value))
    resolver = facts.resolver(local.ident)
    root = facts.source.root
    for offset in resolver.use_offsets(local):
        node = root.descendant_for_byte_range(offset, offset)
        if node is None or node.type != "identifier":
            continue
        parent = node.parent
        if parent is not None and parent.type == "unary_expression" and text(parent.child_by_field_name("operator")) == "&":
            return None
        if parent is None or parent.type != "expression_list":
            continue
        stmt = parent.parent
        if stmt is None or stmt.type not in ("assignment_statement", "short_var_declaration"):
            continue
        if stmt.child_by_field_name("left") != parent:
            continue
        if stmt.type == "assignment_statement" and text(stmt.child_by_field_name("operator")) != "=":
            out.append((stmt, None))
            continue
        lhs = parent.named_children
        index = next(i for i, c in enumerate(lhs) if c.start_byte == node.start_byte)
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None else []
        if len(values) == len(lhs):
            out.append((stmt, values[index]))
        elif len(values) == 1 and index == 0:
            out.append((stmt, values[0]))
        else:
            out.append((stmt, None))
    return out


def _single_call(value: Node | None) -> bool:
    return value is not None and value.type == "call_expression"


@dataclass(frozen=True, slots=True)
class Step:
    """One link of a context's lineage inside a function."""

    label: str  # "parameter ctx", "r.Context()", "context.WithTimeout(…, 3s)", …
    node: Node  # the parameter name or the call
    timeout_ns: int | None  # the constant timeout this step sets, if any


def lineage(facts: FileFacts, ident: Node) -> list[Step]:
    """Where the context held by ``ident`` comes from in this function, outermost first:
    a parameter or ``r.Context()``, then each derivation (``context.With*``) whose value
    reaches ``ident``. Empty when syntax does not show it."""
    folder = Folder(facts)
    steps: list[Step] = []
    expr: Node | None = ident
    at = ident
    for _ in range(_MAX_CHAIN):
        if expr is None:
            break
        while expr.type == "parenthesized_expression" and expr.named_child_count == 1:
            expr = expr.named_children[0]
        if expr.type == "identifier":
            local = facts.resolve(expr)
            if local is None:
                break
            if local.kind == "param":
                steps.append(Step(f"parameter {local.name}", local.ident, None))
                break
            value = reaching_value(facts, expr, at)
            if value is None:
                break
            at, expr = value, value
            continue
        if expr.type != "call_expression":
            break
        fn = expr.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Context":
            steps.append(Step(text(expr), expr, None))
            break
        name = facts.called(expr, CONTEXT, CALLEES | KEEPING | frozenset({"WithoutCancel", "Background", "TODO"}))
        if name is None:
            break
        own = own_timeout(facts, folder, expr, name) if name in CALLEES else None
        args = expr.child_by_field_name("arguments")
        detail = ""
        if own is not None:
            from ctx_ls.analysis.consts import format_duration

            detail = f", {format_duration(own)}"
        steps.append(Step(f"context.{name}(…{detail})" if name not in ("Background", "TODO") else f"context.{name}()",
                          expr, own))
        if name in ("Background", "TODO", "WithoutCancel") or args is None or not args.named_children:
            break
        at, expr = expr, args.named_children[0]
    steps.reverse()
    return steps
