"""The types of simple expressions, where syntax shows them: declared types of locals,
struct fields (through the package index), composite literals, and the results of a few
standard library calls."""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.facts import CONTEXT_DERIVING, CONTEXT_ROOTS, FileFacts
from ctx_ls.analysis.source import text


def expression_type(facts: FileFacts, expr: Node) -> str | None:
    """The canonical type of a simple expression when syntax shows it (RULES.md: declared
    type of a param/var/field, ``&T{}``, ``T{}``, ``new(T)``, or the result of a known call
    given by ``results``), else None."""
    from ctx_ls.analysis.package import canonical_type

    t = expr.type
    if t == "parenthesized_expression" and expr.named_children:
        return expression_type(facts, expr.named_children[0])
    if t == "identifier":
        local = facts.resolve(expr)
        if local is None:
            return None
        if local.type is not None:
            return canonical_type(local.type, facts.imports)
        if local.kind in ("short", "var") and local.value is not None:
            if local.value.type == "call_expression" and local.index > 0:
                return _call_result_type(facts, local.value, local.index)
            if local.index == 0 or local.value.type != "call_expression":
                return expression_type(facts, local.value)
        return None
    if t == "unary_expression" and text(expr.child_by_field_name("operator")) == "&":
        inner = expr.child_by_field_name("operand")
        if inner is not None and inner.type == "composite_literal":
            base = canonical_type(inner.child_by_field_name("type"), facts.imports)
            return "*" + base if base else None
        return None
    if t == "composite_literal":
        return canonical_type(expr.child_by_field_name("type"), facts.imports)
    if t == "call_expression":
        fn = expr.child_by_field_name("function")
        args = expr.child_by_field_name("arguments")
        if fn is not None and fn.type == "identifier" and text(fn) == "new" and args is not None and args.named_children:
            if not facts.resolver(fn).is_local(fn):
                base = canonical_type(args.named_children[0], facts.imports)
                return "*" + base if base else None
        return _call_result_type(facts, expr, 0)
    if t == "selector_expression":
        operand = expr.child_by_field_name("operand")
        field_name = text(expr.child_by_field_name("field"))
        if operand is None:
            return None
        if operand.type == "identifier" and not facts.resolver(operand).is_local(operand):
            path = facts.imports.by_name.get(text(operand))
            return KNOWN_VARS.get(f"{path}.{field_name}") if path else None
        owner = expression_type(facts, operand)
        if owner is None or "." in owner:  # only struct types declared in this package
            return None
        fields = facts.package.struct_fields(owner.lstrip("*"))
        return fields.get(field_name) if fields else None
    return None


# Results of standard library calls that rules care about, by (callee, result index).
KNOWN_RESULTS: dict[tuple[str, int], str] = {
    ("database/sql.Open", 0): "*database/sql.DB",
    ("database/sql.OpenDB", 0): "*database/sql.DB",
    ("time.NewTimer", 0): "*time.Timer",
    ("time.AfterFunc", 0): "*time.Timer",
    ("time.NewTicker", 0): "*time.Ticker",
    **{(f"context.{name}", 0): "context.Context" for name in CONTEXT_ROOTS | CONTEXT_DERIVING},
}
# Methods: (receiver type, method, result index) -> type
KNOWN_METHOD_RESULTS: dict[tuple[str, str, int], str] = {
    ("*database/sql.DB", "Begin", 0): "*database/sql.Tx",
    ("*database/sql.DB", "BeginTx", 0): "*database/sql.Tx",
    ("*database/sql.DB", "Prepare", 0): "*database/sql.Stmt",
    ("*database/sql.DB", "PrepareContext", 0): "*database/sql.Stmt",
    ("*database/sql.DB", "Conn", 0): "*database/sql.Conn",
    ("*database/sql.Tx", "Prepare", 0): "*database/sql.Stmt",
    ("*database/sql.Tx", "PrepareContext", 0): "*database/sql.Stmt",
    ("*database/sql.Tx", "Stmt", 0): "*database/sql.Stmt",
    ("*database/sql.Tx", "StmtContext", 0): "*database/sql.Stmt",
    ("*database/sql.Conn", "BeginTx", 0): "*database/sql.Tx",
    ("*database/sql.Conn", "PrepareContext", 0): "*database/sql.Stmt",
}
KNOWN_VARS: dict[str, str] = {
    "net/http.DefaultClient": "*net/http.Client",
}


def _call_result_type(facts: FileFacts, call: Node, index: int) -> str | None:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    name = text(fn.child_by_field_name("field"))
    if operand is None:
        return None
    if operand.type == "identifier" and not facts.resolver(operand).is_local(operand):
        path = facts.imports.by_name.get(text(operand))
        if path is not None:
            return KNOWN_RESULTS.get((f"{path}.{name}", index))
    receiver = expression_type(facts, operand)
    if receiver is None:
        return None
    return KNOWN_METHOD_RESULTS.get((receiver, name, index))
