"""Recognising Go test functions and the closures that run after them.

A function is a testing function when its first parameter is a ``*testing.T``, ``*testing.B``,
``*testing.F`` or ``testing.TB``; the closures passed to ``t.Run`` or ``f.Fuzz`` are such
functions too. Closures registered with ``Cleanup`` are not: they run after ``t.Context()``
is cancelled. Kept out of the rule modules because this is knowledge about the testing
package, not about one finding.
"""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.scopes import enclosing_function, parameters
from ctx_ls.analysis.source import text

TESTING = "testing"
TESTING_TYPES = (("T", True), ("B", True), ("F", True), ("TB", False))


def testing_owner(facts: FileFacts, call: Node) -> tuple[Node | None, Node | None]:
    """The nearest enclosing function whose first parameter is of testing type, and that
    parameter's name (None when unnamed). (None, None) inside a Cleanup closure."""
    fn = enclosing_function(call)
    while fn is not None:
        if fn.type == "func_literal" and (is_cleanup_argument(fn) or registered_for_cleanup(facts, fn)):
            return None, None
        params = parameters(fn)
        if params and is_testing_type(facts, params[0][1]):
            name = params[0][0]
            return fn, (name if name is not None and text(name) != "_" else None)
        if fn.type != "func_literal":
            return None, None
        fn = enclosing_function(fn)
    return None, None


def is_testing_type(facts: FileFacts, typ: Node | None) -> bool:
    """``*testing.T``, ``*testing.B``, ``*testing.F`` or ``testing.TB``, however ``testing`` is imported."""
    return any(facts.is_qualified_type(typ, TESTING, name, ptr) for name, ptr in TESTING_TYPES)


def is_cleanup_argument(lit: Node) -> bool:
    """``t.Cleanup(func() {...})``: the closure runs after the test's context is cancelled."""
    args = lit.parent
    if args is None or args.type != "argument_list" or args.parent is None:
        return False
    return is_cleanup_call(args.parent)


def registered_for_cleanup(facts: FileFacts, lit: Node) -> bool:
    """``stop := func() {...}`` later passed as ``t.Cleanup(stop)``."""
    values = lit.parent
    stmt = values.parent if values is not None else None
    if values is None or values.type != "expression_list" or stmt is None:
        return False
    if stmt.type not in ("short_var_declaration", "var_spec", "assignment_statement"):
        return False
    left = stmt.child_by_field_name("left") if stmt.type != "var_spec" else None
    names = left.named_children if left is not None else [c for c in stmt.children_by_field_name("name")]
    index = next((i for i, v in enumerate(values.named_children) if v == lit), None)
    if index is None or index >= len(names) or names[index].type != "identifier":
        return False
    resolver = facts.resolver(lit)
    local = resolver.local_at(names[index]) or resolver.resolve(names[index])
    if local is None:
        return False
    root = facts.source.root
    for offset in resolver.use_offsets(local):
        use = root.descendant_for_byte_range(offset, offset + len(local.name))
        args = use.parent if use is not None else None
        if args is not None and args.type == "argument_list" and args.parent is not None and is_cleanup_call(args.parent):
            return True
    return False


def is_cleanup_call(call: Node) -> bool:
    """``x.Cleanup(...)``. The receiver's type is not checked: a wrong match only makes the
    callers more cautious (no finding, or an unsafe fix)."""
    callee = call.child_by_field_name("function")
    return callee is not None and callee.type == "selector_expression" and text(
        callee.child_by_field_name("field")
    ) == "Cleanup"
