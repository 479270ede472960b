"""time.Sleep where a context is available

## What it does
Flags `time.Sleep(d)` in a function that has a context available (a context parameter, an
`r *http.Request`, or an enclosing function with one when inside a func literal).

## Why is this bad?
`time.Sleep` cannot be interrupted. A retry loop that sleeps between attempts keeps going
for the full backoff after the caller gave up or the deadline passed, and a shutdown waits
for every sleeping goroutine to wake.

## Example
```go
func (w *Worker) retry(ctx context.Context, job Job) error {
	for attempt := 0; ; attempt++ {
		if err := w.run(ctx, job); err == nil || attempt == 4 {
			return err
		}
		time.Sleep(backoff(attempt))
	}
}
```

## Use instead
```go
func (w *Worker) retry(ctx context.Context, job Job) error {
	for attempt := 0; ; attempt++ {
		if err := w.run(ctx, job); err == nil || attempt == 4 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff(attempt)):
		}
	}
}
```

## Fix safety
When the sleep is a statement on its own, the fix replaces it with a `select` that returns
when the context is done: `return` in a function without results, else the zero values of
the results followed by `ctx.Err()` when the last result is an `error`. It is safe: the
function only returns earlier, with the context's error, when the context ends during the
sleep. No fix is offered when a correct return cannot be written from the file (a result
whose zero value cannot be spelled, or a last result that is not an `error`).
Since Go 1.23 the timer of `time.After` is collected as soon as the select returns; in
modules for older Go it lives until `d` elapses, which is bounded and harmless here.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ctx_ls.analysis.facts import CtxRef, FileFacts
from ctx_ls.analysis.model import Diagnostic, Edit, Fix, Severity
from ctx_ls.analysis.scopes import enclosing_function, results
from ctx_ls.analysis.source import span, text
from ctx_ls.rules.base import Rule

TIME = "time"

CALLEES = frozenset({"Sleep"})

_NUMERIC = frozenset(
    "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr float32 float64 "
    "complex64 complex128 byte rune".split()
)
_NIL_TYPES = frozenset(
    {"pointer_type", "slice_type", "map_type", "channel_type", "function_type", "interface_type"}
)


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if not facts.imports.imports(TIME):
        return
    for call in facts.calls(CALLEES):
        if not facts.called(call, TIME, CALLEES):
            continue
        ctx = facts.ctx_at(call)
        if ctx is None:
            continue
        fix = _fix(facts, call, ctx)
        yield RULE.diagnostic(
            span(call),
            "time.Sleep ignores cancellation of the context available here; "
            f"wait in a select on {_done(ctx)} instead",
            fixes=(fix,) if fix else (),
        )


def _done(ctx: CtxRef) -> str:
    return f"{ctx.expr}.Done()"


def _fix(facts: FileFacts, call: Node, ctx: CtxRef) -> Fix | None:
    stmt = call.parent
    if stmt is None or stmt.type != "expression_statement" or stmt.parent is None:
        return None
    if stmt.parent.type != "statement_list":
        return None
    fn = enclosing_function(call)
    if fn is None:
        return None
    values = _return_values(facts, fn, ctx)
    if values is None:
        return None
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count != 1:
        return None
    duration = text(args.named_children[0])
    callee = call.child_by_field_name("function")
    after = text(callee)[: -len("Sleep")] + "After" if callee is not None else "time.After"
    indent = facts.source.indentation_at(stmt.start_byte)
    nl = facts.source.newline()
    ret = "return" + (" " + ", ".join(values) if values else "")
    new = (
        f"select {{{nl}"
        f"{indent}case <-{_done(ctx)}:{nl}"
        f"{indent}\t{ret}{nl}"
        f"{indent}case <-{after}({duration}):{nl}"
        f"{indent}}}"
    )
    return Fix(f"Wait in a select on {_done(ctx)}", (Edit(span(stmt), new),))


def _return_values(facts: FileFacts, fn: Node, ctx: CtxRef) -> list[str] | None:
    res = results(fn)
    if not res:
        return []
    last = res[-1][1]
    if last is None or text(last) != "error" or last.type != "type_identifier":
        return None
    values = []
    for _, typ in res[:-1]:
        zero = _zero_value(facts, typ)
        if zero is None:
            return None
        values.append(zero)
    values.append(f"{ctx.expr}.Err()")
    return values


def _zero_value(facts: FileFacts, typ: Node | None) -> str | None:
    if typ is None:
        return None
    if typ.type in _NIL_TYPES:
        return "nil"
    if typ.type == "type_identifier":
        name = text(typ)
        if name in _NUMERIC:
            return "0"
        if name == "string":
            return '""'
        if name == "bool":
            return "false"
        if name in ("error", "any"):
            return "nil"
        if name in _local_struct_types(facts):
            return name + "{}"
        return None
    if typ.type == "qualified_type" and facts.is_qualified_type(typ, TIME, "Duration", False):
        return "0"
    return None


def _local_struct_types(facts: FileFacts) -> frozenset[str]:
    return frozenset(facts.package.own.structs)


RULE = Rule(
    code="CTX205",
    id="sleep-no-context",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    needs=(b"Sleep",),
)
