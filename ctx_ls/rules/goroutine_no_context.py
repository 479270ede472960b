"""Goroutine that can block but ignores the available context

## What it does
Flags a `go` statement in a function that has a context available when the goroutine never
sees that context and its body can block or run long:

- the goroutine is a func literal (`go func() {...}()`, or a variable of the same function
  bound to one, `work := func() {...}; go work()`), or a call of a blocking standard API
  (`go http.Get(url)`);
- no argument of the call and nothing in the literal (nested closures included) mentions the
  context: its parameter (or the `*http.Request` it comes from, other than reading request
  data such as `r.URL`), a variable derived from it (assigned from an expression that
  mentions it, e.g. `req := r.WithContext(ctx)` or `ctx, cancel := context.WithTimeout(ctx, d)`,
  or assigned, closed or sent on in a `case <-ctx.Done():` — a `cancelled` flag, a stop
  channel), a variable declared with a context type, a name that reads like a context
  (`ctx`, `s.ctx`, `reqCtx`), or a call of a `Context()` method;
- the body can block: it contains a loop, a channel send or receive, a `select`, a
  `time.Sleep`, or a call from the tables of `http-no-context`, `sql-no-context` and
  `call-no-context` (`http.Get`, `db.Query` on a `*sql.DB`, `exec.Command`, `net.Dial`, …).
  Constructs inside nested func literals do not count: they may never run. A send on a local
  channel made with a constant buffer that holds all of the goroutine's sends on it does not
  block (the result-channel idiom `res := make(chan T, 1); go func() { res <- work() }()`,
  where the caller selects on `res` and `ctx.Done()`).

Not reported: `go f(ctx, ...)` and any call that passes a context; literals that mention
the context anywhere; short bodies without a blocking construct (`go wg.Wait()`, a
`close(ch)`); `go` statements where no context is available; goroutines the function
waits for, which cannot outlive it: the literal ends with `defer wg.Done()` (or
`wg.Done()` last), `defer close(ch)` (or `close(ch)` last) or a last send `ch <- v`, and a
statement after the `go` statement — in its block or in an enclosing block of the same
function, out of `if`/`for`/`switch` — waits for it (`wg.Wait()`, `<-ch`, `v := <-ch`)
with no `return`, `break`, `continue` or `goto` in between. A receive joins only a
goroutine started once (not in a loop) and the only one of the function that mentions the
channel; a `wg.Wait()` joins every goroutine of the group (the worker-pool idiom). `context.Background()` or
`TODO()` inside the goroutine does not count as using the context: that is exactly the
detached work this rule is about.

A named function of the package (`go worker(jobs)`, declared in this file or another file of
the package) or a method called on the receiver (`go s.loop()`) is judged by its body, read
through the package index: reported when it takes no context (nor `*http.Request`), its
body mentions nothing named like a context (`ctx`, `Context`), and it can block (the same
constructs as above; the related information points at the first one, in whichever file).
When build constraints select between files, every declaration must qualify.

Limits: methods called on anything but the receiver, function values, and functions of
other packages are left alone. Which bodies end quickly cannot be proved from syntax: a
short bounded loop is reported like an endless one, and so is a goroutine the function
stops with a channel of its own (`case <-quit:` with `close(quit)` on some path) or waits
for only on some paths. A joined goroutine that runs long makes the function's wait ignore
the context: that wait is not reported either.

## Why is this bad?
A goroutine started for a request outlives it unless something tells it to stop. Without
the context it keeps polling, sending or waiting after the client went away or the server
began shutting down: work nobody wants, goroutines that pile up, and a blocked send that
never returns.

## Example
```go
func (s *Server) Watch(ctx context.Context, key string) <-chan Event {
	out := make(chan Event)
	go func() {
		for {
			out <- s.store.next(key)
		}
	}()
	return out
}
```

## Use instead
```go
func (s *Server) Watch(ctx context.Context, key string) <-chan Event {
	out := make(chan Event)
	go func() {
		for {
			select {
			case out <- s.store.next(key):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from ctx_ls.analysis.blocking import blocking_call, first_blocking
from ctx_ls.analysis.derived import derived_locals, request_data
from ctx_ls.analysis.joined import joined
from ctx_ls.analysis.facts import HTTP, CtxRef, FileFacts
from ctx_ls.analysis.model import Diagnostic, Related, Severity, Span
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

_GO = query("(go_statement) @go")
_ASSIGN = query("(assignment_statement) @a")
_CASES = query("(communication_case) @case")
CALLEES: frozenset[str] = frozenset()  # the rule looks at go statements:
CANDIDATES = _GO


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    derived_by_fn: dict[int, frozenset[int]] = {}
    for stmt in facts.nodes("go_statement"):
        found = _check_go(facts, stmt, derived_by_fn)
        if found is not None:
            yield found


def _check_go(facts: FileFacts, stmt: Node, derived_by_fn: dict[int, frozenset[int]]) -> Diagnostic | None:
    call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    ctx = facts.ctx_at(stmt)
    if ctx is None:
        return None
    key = ctx.function.start_byte
    if key not in derived_by_fn:
        derived_by_fn[key] = derived_locals(facts, ctx)
    seen = _ContextSeen(facts, ctx, derived_by_fn[key])
    args = call.child_by_field_name("arguments")
    if args is not None and seen.mentions(args):
        return None
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    literal = _literal(facts, fn)
    if literal is not None:
        body = literal.child_by_field_name("body")
        if body is None or seen.mentions(literal):
            return None
        blocking = first_blocking(facts, body)
        if blocking is not None and joined(stmt, body):
            return None
    else:
        # A blocking standard API started on its own: `go http.Get(url)`.
        what = blocking_call(facts, call)
        blocking = (call, what) if what is not None else None
    if blocking is None:
        return None
    node, what = blocking
    return RULE.diagnostic(
        _head(facts, stmt, literal),
        f"goroutine ignores the context available here but can block ({what}): it keeps running "
        f"after the context is cancelled; pass {ctx.expr} and return when its Done channel closes",
        related=(Related(_first_line(node), f"this {what} can keep the goroutine running"),),
    )


def _literal(facts: FileFacts, fn: Node) -> Node | None:
    """The func literal the go statement runs: written in place, or a local variable of the
    same declaration bound to one and never assigned again."""
    while fn.type == "parenthesized_expression" and fn.named_children:
        fn = fn.named_children[0]
    if fn.type == "func_literal":
        return fn
    if fn.type != "identifier":
        return None
    local = facts.resolve(fn)
    if local is None or local.kind not in ("short", "var") or local.value is None:
        return None
    if local.value.type != "func_literal":
        return None
    resolver = facts.resolver(fn)
    root = facts.source.root
    for offset in resolver.use_offsets(local):
        use = root.descendant_for_byte_range(offset, offset + len(local.name))
        if use is not None and _assigned(use):
            return None
    return local.value


def _assigned(ident: Node) -> bool:
    """``ident`` is a target of an assignment (``f = other``)."""
    left = ident.parent
    if left is None or left.type != "expression_list":
        return False
    stmt = left.parent
    return stmt is not None and stmt.type == "assignment_statement" and stmt.child_by_field_name("left") == left


# ----- what counts as seeing the context
def _looks_like_context(name: str) -> bool:
    """``ctx``, ``reqCtx``, ``gctx``, a field ``Context``: named like a context."""
    return name == "Context" or name.endswith(("Ctx", "ctx"))


class _ContextSeen:
    def __init__(self, facts: FileFacts, ctx: CtxRef, derived: frozenset[int]) -> None:
        self.facts = facts
        self.ctx = ctx
        self.derived = derived

    def mentions(self, node: Node) -> bool:
        stack = [node]
        while stack:
            n = stack.pop()
            t = n.type
            if t == "identifier":
                if self._ident(n):
                    return True
            elif t == "field_identifier":
                if _looks_like_context(text(n)):
                    return True
            elif t == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Context":
                    return True  # r.Context(), t.Context(), c.Request.Context()
            stack.extend(n.named_children)
        return False

    def _ident(self, ident: Node) -> bool:
        name = text(ident)
        local = self.facts.resolve(ident)
        if local is None:
            return _looks_like_context(name)
        if _looks_like_context(name):
            return True
        request = local.type is not None and self.facts.is_qualified_type(local.type, HTTP, "Request", True)
        if request and request_data(ident):
            return False  # r.URL, r.Header, r.FormValue(...): not the request's context
        if local.ident.start_byte in self.derived:
            return True
        return request or (local.type is not None and self.facts.is_context_type(local.type))


# ----- named functions: they depend on other declarations, see Rule.check_across
_GO_WORD = re.compile(rb"\bgo\b")


def check_across(facts: FileFacts) -> Iterator[Diagnostic]:
    view = None
    root = facts.source.root
    for m in _GO_WORD.finditer(facts.text):
        keyword = root.descendant_for_byte_range(m.start(), m.end())
        stmt = keyword.parent if keyword is not None and keyword.type == "go" else None
        if stmt is None or stmt.type != "go_statement":
            continue
        if view is None:
            from ctx_ls.analysis.fresh import ModuleView

            view = ModuleView(facts)
        found = _check_named(facts, view, stmt)
        if found is not None:
            yield found


def _check_named(facts: FileFacts, view, stmt: Node) -> Diagnostic | None:
    call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is None or fn.type not in ("identifier", "selector_expression"):
        return None
    targets = _named_targets(facts, view, stmt, fn)
    types = view.own.context_types
    if not targets or any(t.info.takes_context(types) for t in targets):
        return None
    bodies = [view.body(t) for t in targets]
    if any(b is None or b.mentions_ctx or b.blocks is None for b in bodies):
        return None
    ctx = facts.ctx_at(stmt)
    if ctx is None:
        return None
    args = call.child_by_field_name("arguments")
    if args is not None and _ContextSeen(facts, ctx, derived_locals(facts, ctx)).mentions(args):
        return None
    target = targets[0]
    rel_start, rel_end, what = bodies[0].blocks
    message = f"this {what} can keep the goroutine running"
    if target.summary is None:
        related = Related(Span(target.start + rel_start, target.start + rel_end), message)
    else:
        place = target.summary.places.get((target.info.receiver, target.info.name, "blocks"))
        related = Related(Span(0, 0), message, place)
    return RULE.diagnostic(
        _head(facts, stmt, None),
        f"goroutine {text(fn)} ignores the context available here but can block ({what}): it keeps "
        f"running after the context is cancelled; give it {ctx.expr} and return when its Done channel closes",
        related=(related,) if related.place is not None or target.summary is None else (),
    )


def _named_targets(facts: FileFacts, view, stmt: Node, fn: Node) -> list:
    """The declarations ``go f(...)`` / ``go recv.m(...)`` runs: package functions not
    shadowed by a local, or methods on the enclosing method's receiver."""
    from ctx_ls.analysis.decls import receiver_type_name
    from ctx_ls.analysis.scopes import top_level

    if fn.type == "identifier":
        if facts.resolver(fn).is_local(fn):
            return []
        return view.own.lookup("", text(fn))
    operand = fn.child_by_field_name("operand")
    method = top_level(stmt)
    if operand is None or operand.type != "identifier" or method.type != "method_declaration":
        return []
    recv = method.child_by_field_name("receiver")
    names = [n for p in recv.named_children if p.type == "parameter_declaration"
             for n in p.children_by_field_name("name")] if recv is not None else []
    if not names or text(names[0]) != text(operand):
        return []
    local = facts.resolve(operand)
    if local is None or local.kind != "param":
        return []
    return view.own.lookup(receiver_type_name(method), text(fn.child_by_field_name("field")))


# ----- positions
def _head(facts: FileFacts, stmt: Node, literal: Node | None) -> Span:
    """`go func(...)` up to the literal's body, or the whole one-line statement."""
    if literal is not None and literal.parent is not None and literal.parent.parent == stmt:
        body = literal.child_by_field_name("body")
        if body is not None:
            end = body.start_byte
            while end > stmt.start_byte and facts.text[end - 1 : end] in (b" ", b"\t"):
                end -= 1
            return Span(stmt.start_byte, end)
    if stmt.start_point[0] == stmt.end_point[0]:
        return span(stmt)
    return _first_line(stmt)


def _first_line(node: Node) -> Span:
    if node.start_point[0] == node.end_point[0]:
        return span(node)
    raw = node.text or b""
    cut = raw.find(b"\n")
    return Span(node.start_byte, node.start_byte + (len(raw[:cut].rstrip(b" \t\r{")) if cut >= 0 else len(raw)))


RULE = Rule(
    code="CTX206",
    id="goroutine-no-context",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    check_across=check_across,
    peers=("goroutinectx", "gosec"),
    needs=(b"go ", b"go\t"),
)
