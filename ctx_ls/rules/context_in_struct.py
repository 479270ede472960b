"""Context stored in a struct field

## What it does
Flags every field of context type in a struct type, named or anonymous, wherever the struct
type is written (a type declaration, a variable, a composite literal, a parameter): a named
field `ctx context.Context` (under any import name of `context`, or a type declared in the
file over it) and an embedded `context.Context`. Each name of `a, b context.Context` is
reported on its own.

Not reported: pointers, slices, maps, channels and functions of contexts
(`*context.Context`, `[]context.Context`, `func() context.Context`), which do not hold "the"
context of a call, and methods of interface types. Named types over `context.Context` count
wherever in the package they are declared; one of another package does not.

## Why is this bad?
A context belongs to one call: its deadline, its cancellation and its values describe one
request. Stored in a struct it outlives that call, so later method calls run with a context
that may already be cancelled, or that keeps a finished request's values and deadline
alive. The caller of each method also loses the way to pass its own deadline. The Go
documentation of package `context` says: do not store Contexts inside a struct type.

## Example
```go
type Fetcher struct {
	ctx    context.Context
	client *http.Client
}

func (f *Fetcher) Fetch(url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(f.ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return f.client.Do(req)
}
```

## Use instead
```go
type Fetcher struct {
	client *http.Client
}

func (f *Fetcher) Fetch(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return f.client.Do(req)
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.model import Diagnostic, Severity, Span
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

# The rule inspects struct fields, not calls.
CALLEES: frozenset[str] = frozenset()
# Every struct field is a candidate (the registry test counts negatives with it).
CANDIDATES = query("(field_declaration) @field")

_FIELDS = query("(field_declaration type: (_) @type) @field")

_ADVICE = "pass the context to each method call instead"


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    for field in facts.nodes("field_declaration"):
        typ = field.child_by_field_name("type")
        if typ is None:
            continue
        if not facts.is_context_type(typ):
            continue
        names = [c for c in field.children_by_field_name("name") if c.type == "field_identifier"]
        if not names:
            if any(c.type == "*" for c in field.children):
                continue  # embedded *context.Context: a pointer, not a context
            yield RULE.diagnostic(span(typ), f"struct embeds {text(typ)}: {_ADVICE}")
        elif len(names) == 1:
            yield RULE.diagnostic(
                Span(names[0].start_byte, typ.end_byte),
                f"struct field {text(names[0])} holds a context: {_ADVICE}",
            )
        else:
            for name in names:
                yield RULE.diagnostic(span(name), f"struct field {text(name)} holds a context: {_ADVICE}")


RULE = Rule(
    code="CTX302",
    id="context-in-struct",
    severity=Severity.INFO,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("containedctx",),
    needs=(b"Context",),
    needs_context_types=True,
)
