"""Goroutine uses the handler's ResponseWriter or Request

## What it does
Flags a `go` statement in an HTTP handler (a function or func literal with a parameter of
type `http.ResponseWriter` and one of type `*http.Request`) when the goroutine uses the
writer or the request, and the handler does not wait for it after the `go` statement.

The goroutine uses `w` or `r` when its func literal mentions them anywhere (also in nested
closures), when they are passed to it as they are (`go send(w, msg)`), or when it calls a
method on them (`go w.Write(b)`). Values computed from them before the goroutine starts are
fine: `go audit(r.URL.Path)`, or `ctx := r.Context()` followed by a goroutine that uses only
`ctx`. Calling `r.Context()` inside the goroutine is fine too: the request's context is
safe to use from any goroutine (it is how the goroutine learns that the request is over).

The handler waits when, after the `go` statement (or in a loop around it, or in a `defer`),
it calls any `Wait()` method (a `sync.WaitGroup`, an `errgroup.Group`…), or receives from a
channel (`<-done`, `range results`, a `select` case) that the goroutine mentions.

Not reported, because syntax cannot prove the goroutine outlives the handler: any `Wait()`
call, whatever its receiver; any receive from a channel the goroutine mentions, even in a
`select` that may also return early on `ctx.Done()`; waits hidden in a helper function;
`go` statements in a func literal nested in the handler; functions that take only one of
the two parameters.

## Why is this bad?
The server may reuse or finish the response as soon as the handler returns: a
`ResponseWriter` must not be used after that, and the request's body is closed and its
context cancelled. A goroutine that writes the response later races with the server,
writes into a connection that already serves another request, or panics; one that reads
the request sees a closed body and a cancelled context.

## Example
```go
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	go func() {
		data := s.build()
		json.NewEncoder(w).Encode(data) // the handler has already returned
	}()
}
```

## Use instead
```go
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		data := s.build()
		json.NewEncoder(w).Encode(data)
	}()
	<-done
}
```
Or do the work in the handler itself; for work that may outlive the request, copy what the
goroutine needs (`ctx := context.WithoutCancel(r.Context())`, the values of the request)
and never hand it `w`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis.facts import HTTP, FileFacts
from ctx_ls.analysis.model import Diagnostic, Related, Severity, Span
from ctx_ls.analysis.scopes import (
    Local,
    encloses,
    enclosing_function,
    inside,
    parameters,
)
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

CALLEES = frozenset({"Wait"})

_GO = query("(go_statement) @go")
_RECEIVES = query(
    """
    [
      (unary_expression operator: "<-" operand: (_) @ch)
      (range_clause right: (_) @ch)
    ]
    """
)


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if not facts.imports.imports(HTTP):
        return
    for stmt in facts.nodes("go_statement"):
        found = _check_go(facts, stmt)
        if found is not None:
            yield found


def _check_go(facts: FileFacts, go: Node) -> Diagnostic | None:
    call = go.named_children[0] if go.named_children else None
    if call is None or call.type != "call_expression":
        return None
    handler = enclosing_function(go)
    params = _handler_params(facts, handler) if handler is not None else None
    if params is None:
        return None
    used: list[tuple[Local, Node]] = []
    for local in params:
        if local is None:
            continue
        ref = _first_use(facts, local, call)
        if ref is not None:
            used.append((local, ref))
    if not used or _waits(facts, handler, go):
        return None
    writer = [l for l, _ in used if l is params[0]]
    names = " and ".join(f"the {'ResponseWriter' if l is params[0] else 'request'} {l.name}" for l, _ in used)
    rest = (
        f"{writer[0].name} must not be used after the handler returns"
        if writer else "its body is closed and its context cancelled when the handler returns"
    )
    related = tuple(
        Related(span(ref), f"{local.name} is used here, possibly after the handler has returned")
        for local, ref in used
    )
    return RULE.diagnostic(
        _first_line(facts, go),
        f"this goroutine uses {names} but the handler does not wait for it; {rest}",
        related=related,
    )


def _handler_params(facts: FileFacts, fn: Node) -> tuple[Local | None, Local | None] | None:
    """The ``http.ResponseWriter`` and ``*http.Request`` parameters of a handler (None for
    one that is unnamed or ``_``), or None when ``fn`` is not a handler."""
    writer = request = None
    has_writer = has_request = False
    resolver = facts.resolver(fn)
    for name, typ in parameters(fn):
        named = name is not None and text(name) != "_"
        if not has_writer and facts.is_qualified_type(typ, HTTP, "ResponseWriter", False):
            has_writer = True
            writer = resolver.local_at(name) if named else None
        elif not has_request and facts.is_qualified_type(typ, HTTP, "Request", True):
            has_request = True
            request = resolver.local_at(name) if named else None
    if not (has_writer and has_request):
        return None
    return writer, request


def _first_use(facts: FileFacts, local: Local, call: Node) -> Node | None:
    """Where the goroutine started by ``call`` uses the variable: anywhere in a func
    literal it runs, an argument that is the variable itself (or inside a func literal
    argument), or the receiver of the method it runs."""
    root = facts.source.root
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    for offset in facts.resolver(call).use_offsets(local):
        if not (call.start_byte <= offset < call.end_byte):
            continue
        node = root.descendant_for_byte_range(offset, offset)
        if node is None or _context_call(node):
            continue
        if fn is not None and fn.type == "func_literal" and encloses(fn, node):
            return node
        if inside(node, _LITERAL, call):
            return node  # a func literal handed to the goroutine
        if args is not None and node.parent == args:
            return node  # passed as it is
        if fn is not None and fn.type == "selector_expression" and fn.child_by_field_name("operand") == node:
            return node  # go w.Write(b): the method runs in the goroutine
        parent = node.parent
        if parent is not None and parent.type == "unary_expression" and text(parent.child_by_field_name("operator")) == "&" \
                and parent.parent == args:
            return node
    return None


def _context_call(node: Node) -> bool:
    """``r.Context()``: safe from any goroutine."""
    sel = node.parent
    if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("operand") != node:
        return False
    call = sel.parent
    args = call.child_by_field_name("arguments") if call is not None and call.type == "call_expression" else None
    return (
        args is not None and args.named_child_count == 0 and call.child_by_field_name("function") == sel
        and text(sel.child_by_field_name("field")) == "Context"
    )


def _waits(facts: FileFacts, handler: Node, go: Node) -> bool:
    """Whether the handler waits after the go statement: any ``Wait()`` call, or a receive
    from a channel the goroutine mentions, placed after it, in a loop around it, or in a
    defer."""
    loops = []
    cur = go.parent
    while cur is not None and cur != handler:
        if cur.type == "for_statement":
            loops.append(cur)
        cur = cur.parent

    def counts(node: Node) -> bool:
        if not encloses(handler, node) or encloses(go, node):
            return False
        return node.start_byte >= go.end_byte or any(encloses(l, node) for l in loops) or inside(node, _DEFER, handler)

    for call in facts.calls(CALLEES):
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression" and counts(call):
            return True
    mentioned = _mentioned(facts, go)
    body = handler.child_by_field_name("body")
    if body is None:
        return False
    for _, caps in QueryCursor(_RECEIVES).matches(body):
        ch = caps["ch"][0]
        if not counts(ch):
            continue
        origin = _root_identifier(ch)
        if origin is not None and _key(facts, origin) in mentioned:
            return True
    return False


def _mentioned(facts: FileFacts, go: Node) -> set:
    """Keys of every identifier in the go statement (locals by declaration, others by name)."""
    out = set()
    stack = [go]
    while stack:
        node = stack.pop()
        if node.type == "identifier":
            out.add(_key(facts, node))
        stack.extend(node.named_children)
    return out


def _key(facts: FileFacts, ident: Node):
    local = facts.resolve(ident)
    return ("local", local.ident.start_byte) if local is not None else ("name", text(ident))


def _root_identifier(expr: Node) -> Node | None:
    """``s.done`` -> ``s``, ``results`` -> ``results``, ``r.Context().Done()`` -> ``r``."""
    cur = expr
    while cur is not None:
        if cur.type == "identifier":
            return cur
        if cur.type == "selector_expression":
            cur = cur.child_by_field_name("operand")
        elif cur.type == "call_expression":
            cur = cur.child_by_field_name("function")
        elif cur.type in ("index_expression", "parenthesized_expression"):
            cur = cur.named_children[0] if cur.named_children else None
        else:
            return None
    return None



def _first_line(facts: FileFacts, node: Node) -> Span:
    line, _ = facts.source.lines.position(node.start_byte)
    eol = facts.source.lines.starts[line] + len(facts.source.line_text(line))
    return Span(node.start_byte, min(node.end_byte, eol))



_LITERAL = frozenset({"func_literal"})
_DEFER = frozenset({"defer_statement"})

RULE = Rule(
    code="CTX402",
    id="writer-in-goroutine",
    severity=Severity.ERROR,
    since="0.1.0",
    doc=__doc__,
    check=check,
    needs=(b"ResponseWriter",),
)
