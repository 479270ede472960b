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

Limits: constants and variables are looked up in the function and in the package-level
declarations of the same file; one declared in another file of the package is unknown, so
the key is left alone.

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

from tree_sitter import Node

from ctx_ls.analysis.decls import (
    BUILTIN_TYPES,
    FileDecls,
    aligned_value,
    const_origin,
    file_decls,
)
from ctx_ls.analysis.facts import CONTEXT, FileFacts
from ctx_ls.analysis.model import Diagnostic, Severity
from ctx_ls.analysis.scopes import Local
from ctx_ls.analysis.source import span, text
from ctx_ls.rules.base import Rule

CALLEES = frozenset({"WithValue"})

_LITERALS = {
    "interpreted_string_literal": "string",
    "raw_string_literal": "string",
    "int_literal": "int",
    "float_literal": "float64",
    "imaginary_literal": "complex128",
    "rune_literal": "rune",
    "true": "bool",
    "false": "bool",
    "iota": "int",
}
# Default types of untyped constants, from the weakest kind to the strongest.
_UNTYPED_RANK = ("int", "rune", "float64", "complex128")
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "&&", "||"})
_EMPTY_STRUCT = "struct{}"
_INTERFACE = "interface"  # marker: a variable of type any / interface{}
_MAX_DEPTH = 8


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
        found = _KeyTypes(facts, decls).of(key, 0)
        if found is None or found == _INTERFACE:
            continue
        if found == _EMPTY_STRUCT:
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


class _KeyTypes:
    """The built-in type of an expression when syntax shows it: a name in BUILTIN_TYPES,
    ``struct{}``, the interface marker (a variable of type any), or None (unknown, or a
    named type: fine)."""

    def __init__(self, facts: FileFacts, decls: FileDecls) -> None:
        self.facts = facts
        self.decls = decls

    def of(self, expr: Node | None, depth: int) -> str | None:
        if expr is None or depth > _MAX_DEPTH:
            return None
        t = expr.type
        if t in _LITERALS:
            return _LITERALS[t]
        if t == "parenthesized_expression":
            return self.of(expr.named_children[0], depth + 1) if expr.named_children else None
        if t == "unary_expression":
            op = text(expr.child_by_field_name("operator"))
            if op not in ("-", "+", "^", "!"):
                return None  # &x, <-ch, *p
            return self._plain(self.of(expr.child_by_field_name("operand"), depth + 1))
        if t == "binary_expression":
            return self._binary(expr, depth)
        if t == "identifier":
            return self._identifier(expr, depth)
        if t == "call_expression":
            return self._conversion(expr, depth)
        if t == "type_conversion_expression":
            typ = expr.child_by_field_name("type")
            if typ is not None and typ.type == "interface_type" and not typ.named_children:
                return self._plain(self.of(expr.child_by_field_name("operand"), depth + 1))
            return None
        if t == "composite_literal":
            body = expr.child_by_field_name("body")
            empty = body is not None and not body.named_children
            return _EMPTY_STRUCT if empty and self.type_of(expr.child_by_field_name("type"), depth + 1) == _EMPTY_STRUCT else None
        return None

    @staticmethod
    def _plain(found: str | None) -> str | None:
        return None if found == _INTERFACE else found

    def _binary(self, expr: Node, depth: int) -> str | None:
        op = text(expr.child_by_field_name("operator"))
        left = self._plain(self.of(expr.child_by_field_name("left"), depth + 1))
        right = self._plain(self.of(expr.child_by_field_name("right"), depth + 1))
        if left is None or right is None or _EMPTY_STRUCT in (left, right):
            return None
        if op in _COMPARISONS:
            return "bool"
        if op in ("<<", ">>") or left == right:
            return left
        if left in _UNTYPED_RANK and right in _UNTYPED_RANK:
            return max(left, right, key=_UNTYPED_RANK.index)
        return None

    def _conversion(self, call: Node, depth: int) -> str | None:
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        values = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        if fn is None or len(values) != 1 or fn.type != "identifier":
            return None
        if self.facts.resolver(fn).is_local(fn):
            return None
        name = text(fn)
        if name in self.decls.types:
            return self._plain(self._named(name, fn, depth + 1))
        if self.decls.declares(name):
            return None  # a package-level function or variable of the file
        if name in BUILTIN_TYPES:
            return name
        if name == "any":
            return self._plain(self.of(values[0], depth + 1))
        return None

    def type_of(self, typ: Node | None, depth: int = 0) -> str | None:
        """A declared type: a built-in name, the interface marker, ``struct{}`` or None."""
        if typ is None or depth > _MAX_DEPTH:
            return None
        if typ.type == "type_identifier":
            return self._named(text(typ), typ, depth)
        if typ.type == "interface_type" and not typ.named_children:
            return _INTERFACE
        if _is_empty_struct(typ):
            return _EMPTY_STRUCT
        return None

    def _named(self, name: str, at: Node, depth: int) -> str | None:
        spec = self.decls.types.get(name)
        if spec is not None:
            # An alias of a built-in type is that type; a defined type is a named type: fine.
            return self.type_of(spec.child_by_field_name("type"), depth + 1) if spec.type == "type_alias" else None
        if any(l.kind == "type" and l.name == name for l in self.facts.resolver(at).locals.values()):
            return None  # a local type declaration (of any kind): stay silent
        if name in BUILTIN_TYPES:
            return name
        return _INTERFACE if name == "any" else None

    def _identifier(self, ident: Node, depth: int) -> str | None:
        local = self.facts.resolve(ident)
        if local is not None:
            return self._local(local, depth)
        if self.facts.resolver(ident).is_local(ident):
            return None
        decl = self.decls.values.get(text(ident))
        if decl is None:
            return None  # declared in another file, another package (dot import), or predeclared
        return self._declared(decl.type, decl.value, decl.kind == "var", depth)

    def _local(self, local: Local, depth: int) -> str | None:
        if local.kind in ("param", "result"):
            found = self.type_of(local.type)
            return None if found == _INTERFACE else found  # any holding what the caller passes
        if local.kind == "const" and local.statement is not None:
            typ, value = const_origin(local.statement, local.index)
            return self._declared(typ, value, False, depth)
        if local.kind == "var" and local.statement is not None:
            names = [c for c in local.statement.children_by_field_name("name") if c.type == "identifier"]
            value = aligned_value(local.statement, local.index, len(names))
            return self._declared(local.type, value, True, depth)
        if local.kind == "short" and local.statement is not None:
            left = local.statement.child_by_field_name("left")
            right = local.statement.child_by_field_name("right")
            if left is None or right is None or left.named_child_count != right.named_child_count:
                return None  # a, b := f(): the types of f's results are unknown
            return self._declared(None, local.value, True, depth)
        return None

    def _declared(self, typ: Node | None, value: Node | None, is_var: bool, depth: int) -> str | None:
        if typ is not None:
            found = self.type_of(typ)
            if found == _INTERFACE:
                held = self._plain(self.of(value, depth + 1)) if is_var else None
                return held
            return found
        return self._plain(self.of(value, depth + 1))


def _is_empty_struct(typ: Node | None) -> bool:
    if typ is None or typ.type != "struct_type":
        return False
    fields = next((c for c in typ.named_children if c.type == "field_declaration_list"), None)
    return fields is None or not any(c.type == "field_declaration" for c in fields.named_children)


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
