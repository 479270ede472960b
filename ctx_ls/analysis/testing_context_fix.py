"""The ``t.Context()`` fix of ``test-context``: its edits, and why it may be unsafe.

Separate from the rule because most of the work is here: the two-line rewrite of
``ctx, cancel := context.WithCancel(context.Background()); defer cancel()``, the check that
the testing parameter is not shadowed, and following the replaced context through local
variables to returns, fields and ``Cleanup`` calls.
"""

from __future__ import annotations

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis.facts import CONTEXT, CONTEXT_CANCELLING, FileFacts
from ctx_ls.analysis.model import Edit, Span
from ctx_ls.analysis.scopes import Local, enclosing_function
from ctx_ls.analysis.source import query, span, text
from ctx_ls.analysis.testing_funcs import is_cleanup_call

_CALLS = query("(call_expression) @call")
_WITH = CONTEXT_CANCELLING
_SCOPES = frozenset({
    "block", "statement_list", "if_statement", "for_statement", "expression_switch_statement",
    "type_switch_statement", "communication_case", "expression_case", "default_case", "type_case",
    "func_literal", "function_declaration", "method_declaration",
})


def shadowed(resolver, param: Local, at: Node) -> bool:
    """Another declaration of the parameter's name is in scope at ``at``."""
    for local in resolver.locals.values():
        if local.name != param.name or not param.ident.start_byte < local.ident.start_byte < at.start_byte:
            continue  # only a later declaration, before the call, can hide the parameter
        scope = local.ident.parent
        while scope is not None and scope.type not in _SCOPES:
            scope = scope.parent
        if scope is not None and scope.start_byte <= at.start_byte and at.end_byte <= scope.end_byte:
            return True
    return False


# ----- ctx, cancel := context.WithCancel(context.Background()); defer cancel()
def with_cancel_rewrite(facts: FileFacts, call: Node, t: str) -> tuple[tuple[Edit, ...], Node, list[Local]] | None:
    """The edits turning ``ctx, cancel := context.WithCancel(<call>)`` and its only use,
    ``defer cancel()``, into ``ctx := t.Context()``; with them the WithCancel call and the
    local that receives the context. None unless the code has exactly that shape."""
    args = call.parent
    if args is None or args.type != "argument_list" or args.named_child_count != 1 or args.parent is None:
        return None
    with_cancel = args.parent
    if facts.called(with_cancel, CONTEXT, frozenset({"WithCancel"})) is None:
        return None
    values = with_cancel.parent
    stmt = values.parent if values is not None else None
    if values is None or values.type != "expression_list" or values.named_child_count != 1:
        return None
    if stmt is None or stmt.type != "short_var_declaration" or stmt.child_by_field_name("right") != values:
        return None
    left = stmt.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 2 or any(n.type != "identifier" or text(n) == "_" for n in names):
        return None
    resolver = facts.resolver(call)
    ctx_local, cancel_local = resolver.local_at(names[0]), resolver.local_at(names[1])
    if ctx_local is None or cancel_local is None:
        return None  # a redeclaration: `ctx := ...` would declare nothing new
    uses = resolver.use_offsets(cancel_local)
    if len(uses) != 1:
        return None
    use = facts.source.root.descendant_for_byte_range(uses[0], uses[0] + len(cancel_local.name))
    defer = _deferred_call_statement(use)
    if defer is None or enclosing_function(defer) != enclosing_function(stmt):
        return None
    line = _own_line(facts, defer)
    if line is None:
        return None
    edits = (Edit(span(stmt), f"{text(names[0])} := {t}.Context()"), Edit(line, ""))
    return edits, with_cancel, [ctx_local]


def _deferred_call_statement(use: Node | None) -> Node | None:
    """The ``defer cancel()`` statement when ``use`` is its callee."""
    call = use.parent if use is not None else None
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != use:
        return None
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count != 0:
        return None
    stmt = call.parent
    return stmt if stmt is not None and stmt.type == "defer_statement" else None


def _own_line(facts: FileFacts, stmt: Node) -> Span | None:
    """The whole line(s) of a statement that has nothing else on them, with the line break."""
    src = facts.text
    start = src.rfind(b"\n", 0, stmt.start_byte) + 1
    if src[start : stmt.start_byte].strip(b" \t"):
        return None
    end = src.find(b"\n", stmt.end_byte)
    end = len(src) if end < 0 else end + 1
    if src[stmt.end_byte : end].strip(b" \t\r\n"):
        return None
    return Span(start, end)


# ----- where the context goes
def escapes(facts: FileFacts, call: Node, owner: Node, targets: list[Local] | None) -> str | None:
    """Why replacing the call is not known to be safe, or None."""
    resolver = facts.resolver(call)
    if targets is None:
        targets, why = _assigned_locals(facts, call)
        if why is not None:
            return why
    derived = {l.ident.start_byte for l in targets}
    locals_ = [l for l in resolver.locals.values() if l.value is not None and l.kind in ("short", "var", "range")]
    changed = True
    while changed:
        changed = False
        for local in locals_:
            if local.ident.start_byte not in derived and _mentions(resolver, local.value, derived):
                derived.add(local.ident.start_byte)
                changed = True
    if not derived:
        return None
    for _, caps in QueryCursor(_CALLS).matches(owner):
        c = caps["call"][0]
        if is_cleanup_call(c):
            args = c.child_by_field_name("arguments")
            if args is not None and _mentions(resolver, args, derived):
                return "a Cleanup function uses it, and t.Context() is cancelled before cleanup"
    return None


def _assigned_locals(facts: FileFacts, call: Node) -> tuple[list[Local], str | None]:
    """The locals that the statement holding ``call`` declares or assigns with a value
    computed from it, or why the value may go where this function cannot follow it (a
    return, a field, an index expression, the argument of a Cleanup call)."""
    node = call
    resolver = facts.resolver(call)
    while node.parent is not None:
        parent = node.parent
        t = parent.type
        if t == "return_statement":
            return [], "the context is returned"
        if t == "call_expression" and is_cleanup_call(parent):
            return [], "a Cleanup function uses it, and t.Context() is cancelled before cleanup"
        if t in ("short_var_declaration", "assignment_statement", "var_spec"):
            if t == "var_spec":
                names = [c for c in parent.children_by_field_name("name") if c.type == "identifier"]
            else:
                left = parent.child_by_field_name("left")
                names = list(left.named_children) if left is not None else []
            out = []
            value = node if node.type == "expression_list" and node.named_child_count == 1 else None
            cancels = value is not None and facts.called(value.named_children[0], CONTEXT, _WITH) is not None
            for i, n in enumerate(names):
                if cancels and i > 0:
                    continue  # the cancel function of context.WithX: calling it later is harmless
                local = resolver.local_at(n) or resolver.resolve(n) if n.type == "identifier" else None
                if n.type == "identifier" and text(n) == "_":
                    continue
                if local is None:
                    return [], "the context is stored outside a local variable"
                out.append(local)
            return out, None
        if t.endswith("_statement") or t in ("block", "statement_list", "func_literal", "function_declaration", "method_declaration"):
            return [], None  # used where it stands, e.g. the argument of a call statement
        node = parent
    return [], None


def _mentions(resolver, node: Node, keys: set[int]) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "identifier" and resolver.binding.get(n.start_byte) in keys:
            return True
        stack.extend(n.named_children)
    return False
