"""Context parameter that is not the first parameter

## What it does
Flags a function or method declaration with a parameter of context type (`context.Context`
under any import name, a dot import, or a type declared in the file over it) that is not the
first parameter, unless every parameter before it is a context too or has one of the types
listed in `allow-types-before` (default: `*testing.T`, `*testing.B`, `testing.TB`). One
diagnostic per function, at the first misplaced context parameter.

Not reported: func literals, methods of interface types and function types (their order
is often dictated by a signature elsewhere), a receiver (it is not a parameter), and
`...context.Context` (a slice of contexts, not "the" context). Named types over
`context.Context` count as context types wherever in the package they are declared; one of
another package does not (its underlying type is not visible).

Entries of `allow-types-before` are written as in Go source, `*testing.T` or
`*example.com/mod/pkg.Type`; the package part matches the import path or its last element,
whatever name the file imports it under.

## Why is this bad?
By convention the context comes first in every Go API (`func (c *Client) Do(ctx
context.Context, req *Request)`). Readers and tools rely on it: it is how a caller sees at
once that a function can be cancelled, and what linters and code generators expect.

## Example
```go
func (s *Store) Load(id string, ctx context.Context) (*Order, error) {
	return s.find(ctx, id)
}
```

## Use instead
```go
func (s *Store) Load(ctx context.Context, id string) (*Order, error) {
	return s.find(ctx, id)
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.filefuncs import file_functions
from ctx_ls.analysis.model import Diagnostic, Severity, Span
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

# The rule inspects declarations, not calls.
CALLEES: frozenset[str] = frozenset()
# Every declared parameter is a candidate (the registry test counts negatives with it).
CANDIDATES = query("(parameter_declaration type: (_) @type)")

_FUNCS = query("[(function_declaration) (method_declaration)] @fn")


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    allowed = [_parse_allowed(a) for a in facts.options.allow_types_before]
    params = file_functions(facts).params  # each declaration's parameter bytes
    for fn in facts.functions():
        found = _misplaced(facts, fn, allowed, params.get(fn.start_byte))
        if found is None:
            continue
        where, name, before = found
        fname = text(fn.child_by_field_name("name")) or "the function"
        what = f"context parameter {name}" if name else "the context parameter"
        yield RULE.diagnostic(
            where,
            f"{what} of {fname} comes after {before}; make the context the first parameter",
        )


def _misplaced(facts: FileFacts, fn: Node, allowed, params: bytes | None = None) -> tuple[Span, str, str] | None:
    """``params``: the parameter list's bytes when known (file_functions), which settle most
    functions without a look at the tree."""
    plist = None
    if params is None:  # a declaration without a name: not among the file's functions
        plist = fn.child_by_field_name("parameters")
        params = facts.text[plist.start_byte : plist.end_byte] if plist is not None else b""
    if not _may_hold_context(facts, params):
        return None
    if plist is None:
        plist = fn.child_by_field_name("parameters")
        if plist is None:
            return None
    # The first parameter that may not precede a context: its declaration and type (named
    # only when a context follows, which is rare: this runs for every function).
    first_other: tuple[Node, Node | None] | None = None
    for decl in plist.named_children:
        kind = decl.type
        if kind == "variadic_parameter_declaration":
            return None  # always last: nothing can follow it
        if kind != "parameter_declaration":
            continue
        typ = decl.child_by_field_name("type")
        if facts.is_context_type(typ):
            if first_other is not None:
                names = _names(decl)
                if len(names) > 1:
                    return span(names[0]), text(names[0]), _shown(*first_other)
                name = text(names[0]) if names else ""
                return span(decl), name, _shown(*first_other)
            continue
        if first_other is None and not any(_matches(facts, typ, a) for a in allowed):
            first_other = (decl, typ)
    return None


def _may_hold_context(facts: FileFacts, params: bytes) -> bool:
    """Whether a parameter list can declare a context after another parameter: a context
    type is written ``x.Context``, ``Context`` or with the name of a context type of the
    package. Searches of the list's text settle most functions, where the loop looks at every
    parameter's type: none of those names, or a single ``Context`` with no comma before it
    (the one context type is in the first declaration, which no parameter precedes)."""
    names = facts.memo.get("context_type_bytes")
    if names is None:  # of any file of the package; once per file
        names = facts.memo["context_type_bytes"] = tuple(
            None if "\ufffd" in n else n.encode() for n in facts.context_type_names | facts.package.context_types()
        )
    if any(name is None or name in params for name in names):
        return True
    at = params.find(b"Context")
    return at >= 0 and (b"," in params[:at] or params.find(b"Context", at + 7) >= 0)


def _names(decl: Node) -> list[Node]:
    return [c for c in decl.children_by_field_name("name") if c.type == "identifier"]


def _shown(decl: Node, typ: Node | None) -> str:
    """How the message shows a parameter: ``name type``, or the type when unnamed."""
    names = _names(decl)
    shown = text(typ)
    return f"{text(names[0])} {shown}" if names else shown


def _parse_allowed(spec: str) -> tuple[bool, str, str]:
    """``*testing.T`` -> (True, "testing", "T"); ``Options`` -> (False, "", "Options")."""
    spec = spec.strip()
    pointer = spec.startswith("*")
    spec = spec.lstrip("*").strip()
    pkg, _, name = spec.rpartition(".")
    return pointer, pkg, name


def _matches(facts: FileFacts, typ: Node | None, allowed: tuple[bool, str, str]) -> bool:
    pointer, pkg, name = allowed
    if typ is None:
        return False
    if pointer:
        if typ.type != "pointer_type" or not typ.named_children:
            return False
        typ = typ.named_children[0]
    elif typ.type == "pointer_type":
        return False
    if typ.type == "qualified_type":
        if not pkg or text(typ.child_by_field_name("name")) != name:
            return False
        qualifier = typ.child_by_field_name("package")
        path = facts.imports.path_of(text(qualifier))
        return path is not None and _same_package(path, pkg) and facts.is_package(qualifier, path)
    if typ.type == "type_identifier" and text(typ) == name:
        return not pkg or any(_same_package(path, pkg) for path in facts.imports.dot)
    return False


def _same_package(path: str, pkg: str) -> bool:
    return path == pkg or ("/" not in pkg and path.rsplit("/", 1)[-1] == pkg)


RULE = Rule(
    code="CTX301",
    id="context-first-param",
    severity=Severity.INFO,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("revive",),
    needs=(b"Context",),
    needs_context_types=True,
)
