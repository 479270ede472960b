"""context.WithValue key of a built-in type

## What it does
Flags the key argument of `context.WithValue` (under any import name of `context`, or a dot
import) when syntax shows that its type is a built-in one: a literal (`"user"`, `42`,
`true`), a constant expression of literals, an untyped constant, a conversion to a built-in
type (`string(k)`, also `any("user")`), an empty anonymous struct `struct{}{}`, or a
constant, variable or parameter declared with a built-in type (`string`, `int`…, `bool`,
`float64`…, `byte`, `rune`, or an `any`/`interface{}` variable initialised with one of
those), or an alias of one declared in the file.

Not reported: keys of a named type (`type ctxKey int`, `const userKey ctxKey = 0`, also
constants that repeat a named type in an `iota` group), pointers, struct fields, `nil`, and
every key whose type syntax cannot see: a constant of another package (`pkg.Key`), the
result of a function call, a parameter of type `any`.

Constants and variables are looked up in the function, in the package-level declarations
of the same file, and in the other files of the package (the package index records the type
each package-level value has there). A name declared in two files (build constraints) is
left alone.

## Why is this bad?
`context.WithValue` compares keys with `==`, type and value. Two packages that both use the
string `"user"` (or the type `struct{}`) as a key read and overwrite each other's values
without noticing. A key of an unexported type of your own cannot collide with anybody's.

## Example
```go
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, "user", u)
}
```

## Use instead
```go
type userKey struct{}

func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ctx_ls.analysis.decls import FileDecls, file_decls
from ctx_ls.analysis.facts import CONTEXT, FileFacts
from ctx_ls.analysis.keytypes import EMPTY_STRUCT, INTERFACE, KeyTypes
from ctx_ls.analysis.model import Diagnostic, Severity
from ctx_ls.analysis.source import span
from ctx_ls.rules.base import Rule

CALLEES = frozenset({"WithValue"})

def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if not facts.imports.imports(CONTEXT):
        return
    decls: FileDecls | None = None
    for call in facts.calls(CALLEES):
        if not facts.called(call, CONTEXT, CALLEES):
            continue
        args = call.child_by_field_name("arguments")
        values = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        if len(values) != 3:
            continue
        key = values[1]
        if decls is None:
            decls = file_decls(facts.source.root)
        found = KeyTypes(facts, decls, facts.package).of(key, 0)
        if found is None or found == INTERFACE:
            continue
        if found == EMPTY_STRUCT:
            message = (
                "context.WithValue key of type struct{} equals every other struct{}{} key; "
                "use a key of an unexported named type"
            )
        else:
            message = (
                f"context.WithValue key of built-in type {found} can collide with keys of other packages; "
                "use a key of an unexported named type"
            )
        yield RULE.diagnostic(span(key), message)


RULE = Rule(
    code="CTX303",
    id="context-key-type",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("staticcheck", "revive"),
    needs=(b"WithValue",),
)
