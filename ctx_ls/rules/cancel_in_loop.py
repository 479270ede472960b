"""Cancel function deferred inside a loop

## What it does
Flags `defer cancel()` inside a loop when `cancel` is the cancel function of a context
derived in that loop: the variable receives the second result of `context.WithCancel`,
`WithTimeout`, `WithDeadline` or one of their `*Cause` forms (with `:=` or `=`) inside a
`for` statement that also holds the `defer`, in the same function.

Not reported: a `defer` inside a func literal that is called in the loop
(`func() { ...; defer cancel() }()` is the way to scope it to one iteration); a cancel
function created before the loop (one context, not one per iteration); a cancel function
stored in a field or a package variable, or wrapped in a closure (`defer func() { cancel() }()`),
which syntax alone does not tie to the loop's context.

## Why is this bad?
Deferred calls run when the function returns, not at the end of the iteration. Each pass
of the loop derives a new context whose cancel waits for the function's return: all of
them stay registered with their parent, and for `WithTimeout`/`WithDeadline` each keeps a
timer, until the whole loop is done. A long loop, or one that never ends (a worker, a
poller), accumulates contexts and deferred calls without bound.

## Example
```go
func (w *Worker) drain(ctx context.Context, jobs []Job) {
	for _, job := range jobs {
		jctx, cancel := context.WithTimeout(ctx, w.timeout)
		defer cancel() // runs only when drain returns
		w.handle(jctx, job)
	}
}
```

## Use instead
```go
func (w *Worker) drain(ctx context.Context, jobs []Job) {
	for _, job := range jobs {
		func() {
			jctx, cancel := context.WithTimeout(ctx, w.timeout)
			defer cancel()
			w.handle(jctx, job)
		}()
	}
}
```
Or call `cancel()` explicitly at the end of each iteration (and before every `continue`).

## Fix safety
The fix wraps the body of the loop in a func literal that is called at once, so the
deferred call runs at the end of each iteration. It is unsafe: deferred calls made for
other reasons in the body now also run per iteration, and a context that is meant to outlive
the iteration (handed to a goroutine, stored) is now cancelled at its end. It is offered
only when the body has no `return`, `goto`, label, and no `break` or `continue` that leaves
the body (their meaning would change inside a func literal), and no raw string spanning lines
(re-indenting would change its value).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from tree_sitter import Node, QueryCursor

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
from ctx_ls.analysis.scopes import binding, encloses, enclosing_function, inside
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

CANCELLING = CONTEXT_CANCELLING
TIMED = frozenset({"WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause"})

CALLEES = CANCELLING

_JUMPS = query(
    "[(return_statement) (goto_statement) (labeled_statement) (break_statement) (continue_statement)"
    " (raw_string_literal)] @jump"
)
# Statements an unlabeled break / continue binds to.
_BREAK_TARGETS = frozenset({
    "for_statement", "expression_switch_statement", "type_switch_statement", "select_statement",
})


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if not facts.imports.imports(CONTEXT):
        return
    seen: set[int] = set()
    in_loop = _Enclosing(facts.nodes("for_statement"))
    for call in facts.calls(CALLEES):
        if not in_loop(call):  # a binary search: most calls are outside loops
            continue
        name = facts.called(call, CONTEXT, CANCELLING)
        if name is None:
            continue
        bound = _cancel_target(call)
        if bound is None:
            continue
        stmt, ident = bound
        fn = enclosing_function(stmt)
        loops = _loops(stmt, fn)
        if fn is None or not loops:
            continue
        resolver = facts.resolver(ident)
        local = resolver.local_at(ident) or resolver.resolve(ident)
        if local is None or local.function != fn:
            continue
        root = facts.source.root
        for offset in resolver.use_offsets(local):
            defer = _deferred_call(root.descendant_for_byte_range(offset, offset), offset)
            if defer is None or defer.start_byte in seen or enclosing_function(defer) != fn:
                continue
            loop = next((l for l in loops if encloses(l, defer)), None)
            if loop is None:
                continue
            seen.add(defer.start_byte)
            kept = "context and timer stay" if name in TIMED else "context stays"
            fix = _wrap_fix(facts, loop)
            yield RULE.diagnostic(
                span(defer),
                f"the deferred call to {local.name} runs only when the function returns, "
                f"so every iteration's {kept} alive until then",
                related=(Related(span(call), "a new context is derived here on every iteration"),),
                fixes=(fix,) if fix is not None else (),
            )


class _Enclosing:
    """Whether one of some nodes (in source order) encloses a node, by a binary search: a
    call outside every loop needs no walk up its ancestors (each ``.parent`` walks down
    from the root in tree-sitter)."""

    def __init__(self, nodes: list[Node]) -> None:
        self.starts = [n.start_byte for n in nodes]
        self.reach = list(accumulate((n.end_byte for n in nodes), max))  # furthest end so far

    def __call__(self, node: Node) -> bool:
        i = bisect_right(self.starts, node.start_byte)
        return i > 0 and self.reach[i - 1] >= node.end_byte


def _cancel_target(call: Node) -> tuple[Node, Node] | None:
    """The statement binding the call's results and the identifier receiving the cancel
    function, for ``a, b := call`` / ``a, b = call`` / ``var a, b = call``."""
    found = binding(call)
    if found is None:
        return None
    stmt, names, _ = found
    if len(names) != 2 or names[1].type != "identifier" or text(names[1]) == "_":
        return None
    return stmt, names[1]


def _loops(node: Node, fn: Node | None) -> list[Node]:
    """The for statements around ``node`` inside ``fn``, innermost first."""
    out = []
    cur = node.parent
    while cur is not None and cur != fn:
        if cur.type == "for_statement":
            out.append(cur)
        cur = cur.parent
    return out


def _deferred_call(node: Node | None, offset: int) -> Node | None:
    """The ``defer`` statement when ``node`` is the callee of ``defer name(...)``."""
    if node is None or node.type != "identifier" or node.start_byte != offset:
        return None
    call = node.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != node:
        return None
    stmt = call.parent
    return stmt if stmt is not None and stmt.type == "defer_statement" else None


def _wrap_fix(facts: FileFacts, loop: Node) -> Fix | None:
    body = loop.child_by_field_name("body")
    if body is None or len(body.children) < 2 or body.children[0].type != "{" or body.children[-1].type != "}":
        return None
    if _has_jumps(body):
        return None
    open_brace, close_brace = body.children[0], body.children[-1]
    nl = facts.source.newline()
    indent = facts.source.indentation_at(loop.start_byte)
    inner = facts.text[open_brace.end_byte : close_brace.start_byte].decode("utf-8", "replace")
    lines = inner.split(nl)
    if len(lines) == 1:
        lines = [indent + "\t" + inner.strip()]
    else:
        if not lines[0].strip():
            lines = lines[1:]
        if lines and not lines[-1].strip():
            lines = lines[:-1]
    moved = "".join(("\t" + line if line.strip() else "") + nl for line in lines)
    new = f"{nl}{indent}\tfunc() {{{nl}{moved}{indent}\t}}(){nl}{indent}"
    return Fix(
        "Wrap the loop body in a func literal (unsafe)",
        (Edit(Span(open_brace.end_byte, close_brace.start_byte), new),),
        Applicability.UNSAFE,
    )


def _has_jumps(body: Node) -> bool:
    """Whether the body holds a return, goto or label, a break or continue that leaves the
    body, or a raw string over several lines (func literals inside do not count)."""
    for _, caps in QueryCursor(_JUMPS).matches(body):
        for node in caps["jump"]:
            if inside(node, _LITERAL, body):
                continue
            if node.type == "raw_string_literal":
                if b"\n" in (node.text or b"") or b"\r" in (node.text or b""):
                    return True
                continue
            if node.type in ("break_statement", "continue_statement") and node.named_child_count == 0 \
                    and _bound_inside(node, body):
                continue
            return True
    return False


def _bound_inside(jump: Node, body: Node) -> bool:
    """An unlabeled break/continue whose target statement lies inside ``body``."""
    targets = _BREAK_TARGETS if jump.type == "break_statement" else frozenset({"for_statement"})
    cur = jump.parent
    while cur is not None and cur != body:
        if cur.type in targets:
            return True
        cur = cur.parent
    return False




_LITERAL = frozenset({"func_literal"})

RULE = Rule(
    code="CTX102",
    id="cancel-in-loop",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("gocritic", "revive"),
    needs=(b"defer",),
)
