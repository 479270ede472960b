"""What is derived from the context a function has (RULES.md "derived from ctx"), in the
two senses rules need:

- ``with_derived``: the context *variables* derived from the parameter
  (``ctx, cancel := context.WithTimeout(ctx, d)``, ``ctx := r.Context()``), and which of them
  a fix should name at a place (the last one in scope; else the parameter);
- ``derived_locals``: every local that *carries* the context, for goroutine-no-context:
  assigned from an expression that mentions the context parameter (or its
  ``*http.Request``, other than reading request data), or set, closed or sent on in a
  ``case <-ctx.Done():`` (a ``cancelled`` flag, a stop channel), or derived from such a
  local.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis.facts import CONTEXT, CONTEXT_DERIVING, CtxRef, FileFacts
from ctx_ls.analysis.scopes import Local, Resolver, encloses
from ctx_ls.analysis.source import query, text

_ASSIGN = query("(assignment_statement) @a")
_CASES = query("(communication_case) @case")


def request_data(ident: Node) -> bool:
    """``r.X`` where X is not ``Context``, ``WithContext`` or ``Clone``."""
    parent = ident.parent
    if parent is None or parent.type != "selector_expression" or parent.child_by_field_name("operand") != ident:
        return False
    return text(parent.child_by_field_name("field")) not in ("Context", "WithContext", "Clone")


def derived_locals(facts: FileFacts, ctx: CtxRef) -> frozenset[int]:
    """Locals of the ctx's function (and its literals) whose value mentions the ctx, its
    request, or another such local: declaring start bytes."""
    fn = ctx.function
    resolver = facts.resolver(fn)
    inside = [
        l for l in resolver.locals.values()
        if l.function is not None and fn.start_byte <= l.function.start_byte and l.function.end_byte <= fn.end_byte
    ]
    param = next((l for l in inside if l.kind == "param" and l.function == fn and l.name == ctx.param), None)
    derived: set[int] = {param.ident.start_byte} if param is not None else set()
    request = param.ident.start_byte if param is not None and ctx.is_request else None
    values: list[tuple[list[Local], Node]] = [([l], l.value) for l in inside if l.kind in ("short", "var", "range") and l.value is not None]
    body = fn.child_by_field_name("body")
    if body is not None:
        for _, caps in QueryCursor(_ASSIGN).matches(body):
            stmt = caps["a"][0]
            left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
            if left is None or right is None:
                continue
            targets = [resolver.resolve(c) for c in left.named_children if c.type == "identifier"]
            values.append(([t for t in targets if t is not None], right))
    signals = _signals(facts, fn, resolver) if body is not None else []
    changed = True
    while changed:
        changed = False
        for case, targets in signals:
            if all(t.ident.start_byte in derived for t in targets):
                continue
            communication = case.child_by_field_name("communication")
            if communication is not None and _refers(resolver, communication, derived, request):
                for t in targets:
                    if t.ident.start_byte not in derived:
                        derived.add(t.ident.start_byte)
                        changed = True
        for targets, value in values:
            if all(t.ident.start_byte in derived for t in targets):
                continue
            if _refers(resolver, value, derived, request):
                for t in targets:
                    if t.ident.start_byte not in derived:
                        derived.add(t.ident.start_byte)
                        changed = True
    return frozenset(derived)


def _signals(facts: FileFacts, fn: Node, resolver) -> list[tuple[Node, list[Local]]]:
    """For each select case of the function: the locals it assigns, closes or sends on.
    When the case waits for the context (``case <-ctx.Done():``) they carry its
    cancellation to whoever watches them (a ``cancelled`` flag, a closed stop channel)."""
    out = []
    for _, caps in QueryCursor(_CASES).matches(fn):
        case = caps["case"][0]
        communication = case.child_by_field_name("communication")
        targets: list[Local] = []
        for stmt in case.named_children:
            if stmt == communication:
                continue
            for ident in _signalled(stmt):
                local = resolver.resolve(ident)
                if local is not None:
                    targets.append(local)
        if targets:
            out.append((case, targets))
    return out


def _signalled(node: Node) -> Iterator[Node]:
    """Identifiers assigned (``x = ...``), closed (``close(x)``) or sent on (``x <- v``)."""
    stack = [node]
    while stack:
        n = stack.pop()
        t = n.type
        if t == "assignment_statement":
            left = n.child_by_field_name("left")
            yield from (c for c in (left.named_children if left is not None else []) if c.type == "identifier")
        elif t == "send_statement":
            ch = n.child_by_field_name("channel")
            if ch is not None and ch.type == "identifier":
                yield ch
        elif t == "call_expression":
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if (
                fn is not None and text(fn) == "close" and args is not None and args.named_child_count == 1
                and args.named_children[0].type == "identifier"
            ):
                yield args.named_children[0]
        stack.extend(n.named_children)


def _refers(resolver, node: Node, derived: set[int], request: int | None) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "identifier":
            key = resolver.binding.get(n.start_byte)
            if key is not None and key in derived and not (key == request and request_data(n)):
                return True
        stack.extend(n.named_children)
    return False


# ----- the context variables a fix may name
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
        if not encloses(local.function, node) or not encloses(ref.function, local.ident):
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
        if facts.called(value, CONTEXT, CONTEXT_DERIVING) and args is not None and args.named_children:
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
    return encloses(block, node)
