"""Database call without a context where one is available

## What it does
Flags `Query`, `QueryRow`, `Exec`, `Prepare`, `Begin` and `Ping` on a `*sql.DB`, `*sql.Tx`
or `*sql.Stmt` in a function that has a context available. The receiver's type must be
visible: the declared type of a parameter, variable or struct field (also a field of a
struct declared in another file of the package), or the result of `sql.Open`, `db.Begin`
or `db.Prepare`. A `Query` method on any other type is never reported.

Unlike some linters this does not flag code with no context at hand (`main`, init code,
CLI tools), where the `...Context` variant would only be given `context.Background()`.

## Why is this bad?
The plain methods run with `context.Background()`: the query keeps running, and keeps its
connection, after the request that asked for it was cancelled or timed out.

## Example
```go
func (s *Store) Count(ctx context.Context) (n int, err error) {
	err = s.db.QueryRow("SELECT count(*) FROM orders").Scan(&n)
	return n, err
}
```

## Use instead
```go
func (s *Store) Count(ctx context.Context) (n int, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM orders").Scan(&n)
	return n, err
}
```

## Fix safety
`x.Query(` becomes `x.QueryContext(ctx, ` (likewise `QueryRow`, `Exec`, `Prepare`,
`Ping`), and `x.Begin()` becomes `x.BeginTx(ctx, nil)`. Safe: the `...Context` methods do
the same work and additionally stop when the context ends.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctx_ls.analysis.edits import insert_first_argument, rename_callee
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.model import Diagnostic, Fix, Severity
from ctx_ls.analysis.source import span, text
from ctx_ls.analysis.stdlib import SQL_METHODS
from ctx_ls.analysis.types import expression_type
from ctx_ls.rules.base import Rule

METHODS = SQL_METHODS

CALLEES = frozenset().union(*METHODS.values())


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    for call in facts.calls(CALLEES):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        recv = fn.child_by_field_name("operand")
        name = text(fn.child_by_field_name("field"))
        if recv is None:
            continue
        typ = expression_type(facts, recv)
        if typ is None or name not in METHODS.get(typ.lstrip("*"), ()):
            continue
        ctx = facts.ctx_at(call)
        if ctx is None:
            continue
        short = typ.lstrip("*").replace("database/sql", "sql")
        if name == "Begin":
            target, arg = "BeginTx", f"{ctx.expr}, nil"
        else:
            target, arg = name + "Context", ctx.expr
        edits = (rename_callee(call, target), insert_first_argument(call, arg))
        fixes = ()
        if None not in edits:
            fixes = (Fix(f"Use {target}({arg}, …)" if name not in ("Begin", "Ping") else f"Use {target}({arg})", edits),)
        yield RULE.diagnostic(
            span(call),
            f"{short}.{name} ignores the context available here; use {target}",
            fixes=fixes,
        )


RULE = Rule(
    code="CTX203",
    id="sql-no-context",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("noctx",),
    needs=(b"Query", b"Exec", b"Prepare", b"Begin", b"Ping"),
)
