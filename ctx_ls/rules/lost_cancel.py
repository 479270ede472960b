"""Cancel function of a derived context is lost

## What it does
Flags `context.WithCancel`, `WithTimeout`, `WithDeadline` and their `*Cause` forms whose
cancel function is discarded (`_`), or is not used on every path from the call to a return
of the function that made it. Each return that can be reached without a use is attached as
related information.

A use is any mention of the variable after the call: calling or deferring it, passing,
returning or storing it, or a closure that mentions it. The analysis follows go vet's
`lostcancel` check and reaches the same verdicts, also on code that does not compile yet.

Not reported: cancel functions assigned to variables declared outside the function (a
package variable, a field, a variable of an enclosing function); package-level
`var ctx, cancel = context.WithCancel(...)` (there is no return to reach, and go vet does not
report it either); the "not on all paths" case
in `main.main`, where returning ends the process; paths that end in a call that never
returns (`panic`, `os.Exit`, `log.Fatal*`, `t.Fatal*`, names listed in `no-return-funcs`),
in `for {}` without `break`, or in `select {}`. Each function literal is checked on its own.

Limits: without type information, a helper function of your own that never returns (say
`func die() { os.Exit(1) }`) is not known to end the path; go vet knows it. List such
helpers under `no-return-funcs` in `.ctx-ls.toml`. A name used as a key in a composite
literal (`state{cancel: nil}`) is taken as a use, since syntax cannot tell a struct field
from a map key: this can hide a leak, never invent one.

## Why is this bad?
A derived context registers itself with its parent and stays registered until it is
cancelled. Without a call to cancel, a `WithCancel` child of a long-lived context stays
reachable for the parent's whole life; a `WithTimeout` child and its timer live until the
deadline fires. On a hot path that is garbage the collector cannot free, and goroutines
waiting on `Done()` that are never released.

## Example
```go
func (s *Server) lookup(ctx context.Context, id string) (*User, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	u, err := s.db.find(ctx, id)
	if err != nil {
		return nil, err // cancel is never called on this path
	}
	cancel()
	return u, nil
}
```

## Use instead
```go
func (s *Server) lookup(ctx context.Context, id string) (*User, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.db.find(ctx, id)
}
```

## Fix safety
The fix inserts `defer cancel()` on the line after the call (`defer cancel(nil)` for the
`CancelCauseFunc` of `WithCancelCause`), naming a discarded `_` `cancel`. It is safe when
the statement declares the variable (`:=` or `var`) in a function body, nothing uses the
cancel function after the call, the statement is not inside a loop, and the derived context
does not escape (it is not returned, handed to a goroutine or closure, or stored). Otherwise
the fix is offered as unsafe: deferring moves the end of the context to the function's
return, which is too early for a context that outlives the function and too late in a
loop, where a `defer` runs only when the function returns.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis import cfg as cfglib
from ctx_ls.analysis.facts import CONTEXT, CONTEXT_CANCELLING, FileFacts
from ctx_ls.analysis.model import (
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    Related,
    Severity,
    Span,
)
from ctx_ls.analysis.noreturn import may_return
from ctx_ls.analysis.scopes import Local, binding, enclosing_function, function_name
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

CANCELLING = CONTEXT_CANCELLING

CALLEES = CANCELLING

_CANCEL_NAME = query('((identifier) @name (#eq? @name "cancel"))')

_LOOPS = frozenset({"for_statement"})


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if not facts.imports.imports(CONTEXT):
        return
    graphs: dict[int, cfglib.CFG | None] = {}
    for call in facts.calls(CALLEES):
        if _deferred_next(call):
            continue  # the idiom: `defer cancel()` on the next line uses it on every path
        name = facts.called(call, CONTEXT, CANCELLING)
        if name is None:
            continue
        found = _check_call(facts, call, name, graphs)
        if found is not None:
            yield found


def _deferred_next(call: Node) -> bool:
    """``x, cancel := context.WithX(...)`` directly followed by ``defer cancel()`` in the
    same block. Decided from syntax alone, before any name resolution or control flow:
    nothing can run between two consecutive statements."""
    found = _statement(call)
    if found is None or found[1] is None:
        return False
    stmt, ident, op = found
    anchor = stmt.parent if op == "var" else stmt
    while anchor is not None and anchor.type in ("var_spec_list", "var_declaration") and anchor.parent is not None \
            and anchor.parent.type != "statement_list":
        anchor = anchor.parent
    if anchor is None or anchor.parent is None or anchor.parent.type != "statement_list":
        return False
    nxt = anchor.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    if nxt is None or nxt.type != "defer_statement" or not nxt.named_children:
        return False
    deferred = nxt.named_children[0]
    fn = deferred.child_by_field_name("function") if deferred.type == "call_expression" else None
    return fn is not None and fn.type == "identifier" and text(fn) == text(ident) != "_"


def _statement(call: Node) -> tuple[Node, Node | None, str] | None:
    """The assignment or var spec whose single right-hand side is the call, the identifier
    receiving the cancel function (None when it is not a plain name) and the operator."""
    found = binding(call)
    if found is None or len(found[1]) < 2:
        return None
    stmt, names, op = found
    target = names[1]
    return stmt, (target if target.type == "identifier" else None), op


def _check_call(facts: FileFacts, call: Node, name: str, graphs: dict) -> Diagnostic | None:
    found = _statement(call)
    if found is None:
        return None
    stmt, ident, op = found
    if ident is None:
        return None
    fn = enclosing_function(call)
    if fn is None:
        return None  # a package-level var: nothing to return from
    if text(ident) == "_":
        return RULE.diagnostic(
            span(call),
            f"the cancel function returned by context.{name} is discarded, so the context leaks until its parent ends",
            fixes=_fixes(facts, stmt, ident, op, fn, None, name),
        )
    resolver = facts.resolver(call)
    local = resolver.local_at(ident) or resolver.resolve(ident)
    if local is None or local.function != fn:
        return None  # declared outside this function: its owner is responsible
    if fn.type == "function_declaration" and function_name(fn) == "main" and facts.package_name == "main":
        return None  # returning from main.main ends the process
    key = fn.start_byte
    if key not in graphs:
        graphs[key] = cfglib.build(fn, lambda c: may_return(facts, c))
    graph = graphs[key]
    if graph is None:
        return None
    leaks = _leaking_returns(graph, stmt, local, resolver.use_offsets(local))
    if leaks is None or not leaks:
        return None
    related = tuple(
        Related(_return_span(r), f"this return may be reached without using {local.name}")
        for r in sorted(leaks, key=lambda n: n.start_byte)
    )
    return RULE.diagnostic(
        span(call),
        f"the {local.name} function is not used on all paths (possible context leak)",
        related=related,
        fixes=_fixes(facts, stmt, ident, op, fn, local, name),
    )


def _return_span(node: Node) -> Span:
    if node.type == "return_statement":
        return span(node)
    return Span(node.start_byte, node.end_byte)  # the closing brace: the implicit return


def _leaking_returns(graph: cfglib.CFG, stmt: Node, local: Local, uses: list[int]) -> list[Node] | None:
    """Every return reachable from the statement along blocks that do not use the variable,
    searched like go vet's lostcancel; None when the statement is not in the graph."""
    located = graph.block_of(stmt)
    if located is None:
        return None
    defblock, index = located
    named_result = local.kind == "result"

    def node_uses(n: Node) -> bool:
        return any(n.start_byte <= u < n.end_byte for u in uses)

    memo: dict[int, bool] = {}

    def block_uses(b: cfglib.Block) -> bool:
        r = memo.get(b.index)
        if r is None:
            r = any(node_uses(n) for n in b.nodes) or (named_result and _naked_return(b.ret))
            memo[b.index] = r
        return r

    if any(node_uses(n) for n in defblock.nodes[index + 1 :]) or (named_result and _naked_return(defblock.ret)):
        return []
    if defblock.ret is not None:
        return [defblock.ret]
    leaks: list[Node] = []
    seen: set[int] = set()
    stack = list(reversed(defblock.succs))
    while stack:
        b = stack.pop()
        if b.index in seen:
            continue
        seen.add(b.index)
        if block_uses(b):
            continue
        if b.ret is not None:
            leaks.append(b.ret)
            continue
        stack.extend(reversed(b.succs))
    return leaks


def _naked_return(ret: Node | None) -> bool:
    return ret is not None and ret.type == "return_statement" and ret.named_child_count == 0


def _fixes(
    facts: FileFacts, stmt: Node, ident: Node, op: str, fn: Node, local: Local | None, name_of_call: str
) -> tuple[Fix, ...]:
    if op == "=":
        return ()
    anchor = stmt if op != "var" else stmt.parent
    while anchor is not None and anchor.type == "var_spec_list":
        anchor = anchor.parent
    if anchor is None or anchor.parent is None or anchor.parent.type != "statement_list":
        return ()  # an if/for/switch initializer: no line to put the defer on
    resolver = facts.resolver(stmt)
    edits: list[Edit] = []
    if local is None:  # discarded: name it
        body = fn.child_by_field_name("body")
        if body is None or any(True for _ in QueryCursor(_CANCEL_NAME).matches(body)):
            return ()  # the name is taken: renaming could clash
        name = "cancel"
        edits.append(Edit(span(ident), name))
        unused = True
    else:
        name = local.name
        unused = all(u < stmt.end_byte for u in resolver.use_offsets(local))
    indent = facts.source.indentation_at(anchor.start_byte)
    # A CancelCauseFunc takes the cause; nil means "Canceled".
    call_args = "nil" if name_of_call == "WithCancelCause" else ""
    # After the statement's line, so that a trailing comment stays where it is.
    line, _ = facts.source.lines.position(anchor.end_byte)
    eol = facts.source.lines.starts[line] + len(facts.source.line_text(line))
    edits.append(Edit(Span(eol, eol), f"{facts.source.newline()}{indent}defer {name}({call_args})"))
    safe = unused and not _inside_loop(anchor, fn) and not _context_escapes(facts, stmt, fn)
    title = f"Defer {name}({call_args}) after the call"
    return (Fix(title if safe else title + " (unsafe)", tuple(edits),
                Applicability.SAFE if safe else Applicability.UNSAFE),)


def _context_escapes(facts: FileFacts, stmt: Node, fn: Node) -> bool:
    """Whether the derived context may outlive the function: it is returned, handed to a
    goroutine or a closure, or stored somewhere other than a local variable. Deferring
    cancel would then end it too early."""
    first = _first_target(stmt)
    if first is None:
        return False
    resolver = facts.resolver(stmt)
    local = resolver.local_at(first) or resolver.resolve(first)
    if local is None:
        return True
    root = facts.source.root
    for offset in resolver.use_offsets(local):
        node = root.descendant_for_byte_range(offset, offset)
        cur = node.parent if node is not None else None
        if node is not None and node.parent is not None and node.parent.type == "expression_list" and (
            node.parent.parent is not None and node.parent.parent.type == "return_statement"
        ):
            return True  # returned as it is
        while cur is not None and cur != fn:
            if cur.type in ("go_statement", "func_literal"):
                return True
            if cur.type == "assignment_statement":
                left = cur.child_by_field_name("left")
                if left is not None and any(c.type != "identifier" for c in left.named_children):
                    return True
            cur = cur.parent
    return False


def _first_target(stmt: Node) -> Node | None:
    if stmt.type == "var_spec":
        names = [c for c in stmt.children_by_field_name("name") if c.type == "identifier"]
    else:
        left = stmt.child_by_field_name("left")
        names = left.named_children if left is not None else []
    if names and names[0].type == "identifier" and text(names[0]) != "_":
        return names[0]
    return None


def _inside_loop(node: Node, fn: Node) -> bool:
    cur = node.parent
    while cur is not None and cur != fn:
        if cur.type in _LOOPS:
            return True
        cur = cur.parent
    return False


RULE = Rule(
    code="CTX101",
    id="lost-cancel",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("lostcancel", "govet"),
    needs=(b"With",),
)
