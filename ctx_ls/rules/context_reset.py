"""Fresh root context where a context is available

## What it does
Flags `context.Background()` and `context.TODO()` in a function that has a context available:
a parameter of type `context.Context` (under any import name, or a named type over it), an
`r *http.Request` (whose `r.Context()` is the request's context), or an enclosing function
with one of those when the call is inside a func literal.

Not reported: in `main` and `init`, in package-level initialisers, in a nil guard
(`if ctx == nil { ctx = context.Background() }`), in comparisons (`ctx != context.Background()`), inside
`t.Cleanup(func() {...})` (the test's context is already cancelled there), as the argument of
`context.WithoutCancel` (the idiom to detach on purpose keeps the values), and in functions
that name their context parameter `_` (they declare they ignore it).

## Why is this bad?
A fresh root context drops the caller's deadline, its cancellation and its values (trace
ids, auth). Work started from it keeps running after the request it belongs to was
cancelled, and no timeout set upstream applies to it.

## Example
```go
func (s *Store) Save(ctx context.Context, o Order) error {
	_, err := s.db.ExecContext(context.Background(), insertOrder, o.ID)
	return err
}
```

## Use instead
```go
func (s *Store) Save(ctx context.Context, o Order) error {
	_, err := s.db.ExecContext(ctx, insertOrder, o.ID)
	return err
}
```
To keep the values but not the cancellation, use `context.WithoutCancel(ctx)`.

## Fix safety
The fix replaces the call with the available context: a context variable derived from the
parameter when one is in scope, else the parameter itself (`r.Context()` for a request). It
is safe: the code then runs with the caller's deadline and cancellation, which is the point.
No fix is offered for `ctx = context.Background()` itself (it would read `ctx = ctx`):
delete the assignment, or give the fresh context its own name.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ctx_ls.analysis.facts import CONTEXT, CONTEXT_ROOTS, FileFacts
from ctx_ls.analysis.model import Diagnostic, Edit, Fix, Severity
from ctx_ls.analysis.scopes import enclosing_function
from ctx_ls.analysis.source import span, text
from ctx_ls.rules.base import Rule

ROOTS = CONTEXT_ROOTS

CALLEES = ROOTS


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if not facts.imports.imports(CONTEXT):
        return
    for call in facts.calls(CALLEES):
        name = facts.called(call, CONTEXT, ROOTS)
        if name is None or _exempt(facts, call):
            continue
        ctx = facts.ctx_at(call)
        if ctx is None:
            continue
        fixes = () if _assigns_to(call, ctx.expr) else (Fix(f"Use {ctx.expr} instead", (Edit(span(call), ctx.expr),)),)
        source = "the request's context" if ctx.is_request else f"the context parameter {ctx.param}"
        yield RULE.diagnostic(
            span(call),
            f"context.{name}() drops the deadline and cancellation of {source}",
            fixes=fixes,
        )


def _exempt(facts: FileFacts, call: Node) -> bool:
    parent = call.parent
    # Compared, not used: `if ctx != context.Background() {`.
    if parent is not None and parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) in ("==", "!="):
        return True
    if _nil_guard(call):
        return True
    # The argument of context.WithoutCancel: detaching on purpose.
    args = call.parent
    if args is not None and args.type == "argument_list" and args.parent is not None:
        if facts.called(args.parent, CONTEXT, frozenset({"WithoutCancel"})):
            return True
    fn = enclosing_function(call)
    while fn is not None:
        if fn.type == "func_literal" and _is_cleanup_argument(fn):
            return True
        fn = enclosing_function(fn)
    return False


def _assigns_to(call: Node, name: str) -> bool:
    """``ctx = context.Background()``: replacing the call with ctx would write ``ctx = ctx``."""
    values = call.parent
    stmt = values.parent if values is not None else None
    if stmt is None or stmt.type != "assignment_statement":
        return False
    left = stmt.child_by_field_name("left")
    return left is not None and any(text(c) == name for c in left.named_children)


def _nil_guard(call: Node) -> bool:
    """``if ctx == nil { ctx = context.Background() }``: the documented way to accept a nil
    context, not a reset of a real one."""
    values = call.parent
    stmt = values.parent if values is not None else None
    if stmt is None or stmt.type != "assignment_statement" or values.named_child_count != 1:
        return False
    left = stmt.child_by_field_name("left")
    if left is None or left.named_child_count != 1 or left.named_children[0].type != "identifier":
        return False
    name = text(left.named_children[0])
    cur = stmt.parent
    while cur is not None and cur.type not in ("func_literal", "function_declaration", "method_declaration"):
        if cur.type == "if_statement":
            cond = cur.child_by_field_name("condition")
            if cond is not None and cond.type == "binary_expression" and text(cond.child_by_field_name("operator")) == "==":
                sides = {text(cond.child_by_field_name("left")), text(cond.child_by_field_name("right"))}
                if sides == {name, "nil"}:
                    return True
        cur = cur.parent
    return False


def _is_cleanup_argument(lit: Node) -> bool:
    """``x.Cleanup(func() {...})`` — a testing Cleanup callback."""
    args = lit.parent
    if args is None or args.type != "argument_list" or args.parent is None:
        return False
    callee = args.parent.child_by_field_name("function")
    return callee is not None and callee.type == "selector_expression" and text(
        callee.child_by_field_name("field")
    ) == "Cleanup"


RULE = Rule(
    code="CTX201",
    id="context-reset",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("contextcheck",),
    needs=(b"Background", b"TODO"),
)
