"""Call drops the available context at a module function

## What it does
Flags a call, in a function that has a context available, of a function or method of the
same module that takes no context but starts from a fresh one:

- the callee calls `context.Background()` or `context.TODO()` itself, or calls (directly or
  through other functions of the module, transitively) a function that does. The related
  information points at that `Background()`/`TODO()` call, in whichever file of the module
  it is, and the message names the functions in between;
- or the callee has a context-taking sibling declared beside it, `FooContext`, `FooCtx` or
  `FooWithContext` (a method of the same type for a method), whose first parameter is a
  context: the call should use that variant.

At the call site, the callee is `f(...)`, a package-level function of the same package (in
any of its files); `pkg.F(...)` where `pkg` is a package of the same module (its import path
starts with the module path of go.mod); or `x.M(...)` where `x` is the receiver of the
enclosing method, or has a type of the package that syntax shows (a parameter, variable or
struct field declared with it). Below the callee, the search follows the same calls except
methods on anything but the receiver. A function that takes a context (or an
`*http.Request`) ends the search: whatever it does with it, the caller could pass one.

Not reported: `Foo(...)` inside `FooContext` itself (the variant is built on it); a
callee that takes a context itself (the caller can pass it: a sibling does not matter);
calls where no context is available (that is where contexts are born), calls
of functions of other modules or the standard library (other rules know those), methods
of values whose type syntax does not show, function values, and `Background()`/`TODO()` inside func literals of the callee
(a literal may never run, or be a goroutine detached on purpose — which also covers
`once.Do(func() {...})`; `once.Do(f)` passes a function value and is not followed). When build constraints
select between files that declare the same function, every declaration must create a fresh
context. A file that mentions neither `context` nor `Request` is not searched: its functions
could have a context only through a named context type declared in another file.

Two kinds of functions do not count as starting from a fresh context, at the call site nor
anywhere along the search:

- one-time initialisation: a function that begins (after `mu.Lock()`/`defer mu.Unlock()`,
  if any) with `if flag { return ... }` and sets `flag = true` at the top level of its body,
  the hand-written `sync.Once` (`if ld.initialized { return }; ld.initialized = true`).
  What it builds is shared by every later caller: tying it to the first caller's context
  would let one cancelled request break the state for all the others, so a fresh context
  is the right choice there, and a caller such as `HasModRoot()` reaching it through
  `Init()` is not a broken chain. A nil check (`if x != nil { return x }`) is not such a
  guard: it is also the sticky-error check of code that runs on every call;
- a function whose `Background()`/`TODO()` calls are all returned (`return
  context.Background()`), as the default of an accessor like `Request.Context()`: it
  hands the context to its caller and does no work under it. When it also creates one
  that it does not return, that one is reported.

Limits: the search ignores control flow (a call on a rarely taken branch counts) and does
not know what the fresh context is used for: a context that reaches nothing able to
observe cancellation (a UDP "dial", which only picks a local address) is reported like one
that guards a network call.

## Why is this bad?
Cancellation and deadlines travel only through the context that is passed down. A function
that makes its own `context.Background()` cuts the chain: when the request is cancelled or
times out, the work below that call keeps going — database queries, HTTP calls, retries —
for a client that is gone. The call site is where the chain breaks, and where the fix
starts: pass the context down.

## Example
```go
func (s *Service) Checkout(ctx context.Context, id string) error {
	return s.charge(id)
}

func (s *Service) charge(id string) error {
	_, err := s.db.ExecContext(context.Background(), chargeSQL, id)
	return err
}
```

## Use instead
```go
func (s *Service) Checkout(ctx context.Context, id string) error {
	return s.charge(ctx, id)
}

func (s *Service) charge(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, chargeSQL, id)
	return err
}
```

## Fix safety
For a callee with a context-taking sibling whose parameters are the callee's with a context
in front, the fix calls the sibling with the available context (`Fetch(id)` →
`FetchContext(ctx, id)`). It is unsafe: the sibling is another function, and the call now
stops when the context is cancelled. No fix is offered for a callee that creates its own
context: it needs a new parameter, which changes every caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.fresh import ModuleView, Origin, Target
from ctx_ls.analysis.filefuncs import file_functions, raw_calls
from ctx_ls.analysis.funcs import qualifier, receiver_var
from ctx_ls.analysis.model import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from ctx_ls.analysis.source import query, text
from ctx_ls.analysis.types import expression_type
from ctx_ls.rules.base import Rule


@dataclass(frozen=True, slots=True)
class Site:
    """A call of a package or module function in a declaration that may have a context:
    ``start``/``end`` relative to the declaration's start; ``qual`` as funcs.qualifier."""

    qual: str
    name: str
    start: int
    end: int
    in_literal: bool = False  # inside a func literal (which may have a context of its own)


_LITERAL = re.compile(rb"\bfunc\s*\(")
CALLEES: frozenset[str] = frozenset()  # every call is a candidate: see CANDIDATES
CANDIDATES = query("(call_expression function: [(identifier) (selector_expression)]) @call")


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    """Nothing per declaration: every finding depends on other declarations (see
    ``check_across``)."""
    return iter(())


def check_across(facts: FileFacts) -> Iterator[Diagnostic]:
    view: ModuleView | None = None
    headers = file_functions(facts)
    for start, site in _sites(facts, headers):
        if view is None:
            view = ModuleView(facts)
        found = _finding(facts, view, start, headers[start], site)
        if found is not None:
            yield found


def _sites(facts: FileFacts, headers) -> Iterator[tuple[int, Site]]:
    """The calls of names the package or a module package declares, in the functions that
    may have a context (a context or request parameter; or a func literal, which may)."""
    starts = sorted(headers.decls)
    if not starts:
        return
    decls = headers.decls
    elsewhere = facts.package.function_names()
    names = headers.names | elsewhere
    module = facts.module.path
    imported = {n for n, p in facts.imports.by_name.items() if module and (p == module or p.startswith(module + "/"))}
    wanted = None if imported else _encoded(headers.names) | _encoded(elsewhere)
    raw = raw_calls(facts, [decls[s] for s in starts], wanted)
    named_types = facts.context_type_names | facts.package.context_types()
    for start in starts:
        calls = [c for c in raw.get(start, ()) if c[0] in names or imported]
        if not calls:
            continue
        decl = decls[start]
        # Most parameter lists show in their bytes that they take no context before any
        # header is read.
        params = headers.params[start]
        if (b"Context" in params or b"Request" in params or any(t.encode() in params for t in named_types)) and (
            headers[start].takes_context(named_types)
        ):
            literals_only = False
        elif _LITERAL.search(facts.text, start + 4, decl.end_byte) is not None:
            literals_only = True
        else:
            continue
        for name, rel_start, rel_end in calls:
            call = _call_at(facts, start + rel_start, start + rel_end)
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is None or (name not in names and not (
                fn.type == "selector_expression" and text(fn.child_by_field_name("operand")) in imported
            )):
                continue
            qual = qualifier(facts, fn, receiver_var(decl), decl)
            if qual is None:
                continue
            in_lit = _in_literal(call, decl)
            if literals_only and not in_lit:
                continue
            yield start, Site(qual, name, rel_start, rel_end, in_lit)


_ENCODED: dict[frozenset[str], frozenset[bytes]] = {}


def _encoded(names: frozenset[str]) -> frozenset[bytes]:
    """The names as bytes (the call index's keys). The same sets come back on every
    keystroke (the file's and the other files' function names, asked for apart: a new
    file opened beside others keeps theirs): encoding thousands each time would show."""
    found = _ENCODED.get(names)
    if found is None:
        if len(_ENCODED) >= 8:
            _ENCODED.clear()
        found = _ENCODED[names] = frozenset(n.encode() for n in names)
    return found


def _in_literal(node, decl) -> bool:
    cur = node.parent
    while cur is not None and cur != decl:
        if cur.type == "func_literal":
            return True
        cur = cur.parent
    return False


def _finding(facts: FileFacts, view: ModuleView, start: int, caller, site) -> Diagnostic | None:
    call = None
    if site.qual == "sel":
        if not view.own.has_method(site.name):
            return None
        call = _call_at(facts, start + site.start, start + site.end)
        targets = _method_targets(facts, view, call, site.name) if call is not None else []
    else:
        targets = view.resolve(view.own, caller, site.qual, site.name)
    if not targets or any(t.info.takes_context(t.package.context_types) for t in targets):
        return None  # the callee takes a context: the caller can (and may) pass it
    sibling = view.sibling(targets[0]) if len(targets) == 1 else None
    if sibling is not None and (sibling.info.receiver, sibling.info.name) == (caller.receiver, caller.name):
        return None  # FooContext calling Foo: the variant is built on it
    origins = [] if sibling is not None else [view.origin(t) for t in targets]
    if sibling is None and not (origins and all(o is not None for o in origins)):
        return None
    call = call or _call_at(facts, start + site.start, start + site.end)
    if call is None:
        return None
    ctx = facts.ctx_at(call)
    if ctx is None:
        return None
    fn = call.child_by_field_name("function")
    shown = text(fn)
    if sibling is not None:
        name = sibling.info.name
        return RULE.diagnostic(
            Span(fn.start_byte, fn.end_byte),
            f"the context available here is not passed to {shown}; {name} takes one: call it with {ctx.expr}",
            related=_declared_at(facts, sibling, f"{name} takes a context"),
            fixes=_sibling_fix(facts, call, targets[0], sibling, ctx.expr),
        )
    origin = origins[0]
    via = f" (through {', '.join(origin.via)})" if origin.via else ""
    return RULE.diagnostic(
        Span(fn.start_byte, fn.end_byte),
        f"the context available here stops at {shown}: it takes no context and starts from "
        f"{origin.what}{via}; give it a context parameter and pass {ctx.expr}",
        related=_created_at(origin),
    )


def _call_at(facts: FileFacts, start: int, end: int):
    node = facts.source.root.descendant_for_byte_range(start, end)
    while node is not None and node.type != "call_expression":
        node = node.parent
    return node


def _method_targets(facts: FileFacts, view: ModuleView, call, name: str) -> list[Target]:
    """``x.M(...)`` where x's type is known to be a type of the package (a parameter, a
    variable or a struct field declared with it)."""
    fn = call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None and fn.type == "selector_expression" else None
    typ = expression_type(facts, operand) if operand is not None else None
    if typ is None or "." in typ:
        return []
    return view.own.lookup(typ.lstrip("*"), name)


def _created_at(origin: Origin) -> tuple[Related, ...]:
    message = f"the fresh context is created here with {origin.what}"
    if origin.place is not None:
        return (Related(Span(0, 0), message, origin.place),)
    if origin.start >= 0:
        return (Related(Span(origin.start, origin.end), message),)
    return ()


def _declared_at(facts: FileFacts, target: Target, message: str) -> tuple[Related, ...]:
    if target.summary is None:
        decl = facts.source.root.descendant_for_byte_range(target.start, target.start)
        while decl is not None and decl.type not in ("function_declaration", "method_declaration"):
            decl = decl.parent
        name = decl.child_by_field_name("name") if decl is not None else None
        return (Related(Span(name.start_byte, name.end_byte), message),) if name is not None else ()
    place = target.summary.places.get((target.info.receiver, target.info.name, "decl"))
    return (Related(Span(0, 0), message, place),) if place is not None else ()


def _sibling_fix(facts: FileFacts, call, target: Target, sibling: Target, ctx_expr: str) -> tuple[Fix, ...]:
    """``Foo(a, b)`` → ``FooContext(ctx, a, b)`` when FooContext's parameters are Foo's with
    a context in front."""
    if sibling.info.params[1:] != target.info.params or None in target.info.params:
        return ()
    fn = call.child_by_field_name("function")
    name_node = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
    args = call.child_by_field_name("arguments")
    if name_node is None or args is None:
        return ()
    values = [a for a in args.named_children if a.type != "comment"]
    insert = f"{ctx_expr}, " if values else ctx_expr
    edits = (
        Edit(Span(name_node.start_byte, name_node.end_byte), sibling.info.name),
        Edit(Span(args.start_byte + 1, args.start_byte + 1), insert),
    )
    return (Fix(f"Call {sibling.info.name}({ctx_expr}, …) (unsafe: another function)", edits, Applicability.UNSAFE),)


RULE = Rule(
    code="CTX208",
    id="context-not-passed",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    check_across=check_across,
    peers=("contextcheck",),
    # A function has a context only through a context parameter (the file then names the
    # context package) or an *http.Request; a named context type of another file alone is
    # not followed (see Limits).
    needs=(b"context", b"Request"),
)
