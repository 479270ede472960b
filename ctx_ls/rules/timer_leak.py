"""Timer or ticker that is never freed (go.mod older than 1.23)

## What it does
Only in modules whose `go.mod` says `go 1.22` or older (a `go.mod` without a `go` line
counts as `go 1.16`), flags:

- `time.After(d)` evaluated in a case of a `select` that is inside a loop: every iteration
  creates a timer that stays in memory until it fires, whichever case was chosen;
- `time.Tick(d)` in a function, outside package `main` and `_test.go` files (like
  staticcheck's SA1015): its ticker can never be stopped;
- `t := time.NewTicker(d)` or `time.NewTimer(d)` whose variable is never stopped with
  `t.Stop()` in the function that creates it, and does not escape it: it is only used as
  `t.C` or `t.Reset(...)`.

Not reported: modules that say `go 1.23` or later (see below); a `select` whose only case is
the `time.After` one (the timer fires before the next iteration); a `go`/`defer` func literal
or a func value inside a loop (its body is not part of the loop's iterations); `time.Tick`
and tickers in a function that never returns (the ticker is in use for the life of the
goroutine) and `time.Tick` in a package-level variable (one ticker for the program's life);
a variable that is returned, stored, passed to a call, reassigned or mentioned in a func
literal (the code that receives it may stop it); a timer received from outside a `select`
(`<-t.C` on its own waits until it has fired).

## Why is this bad?
Before Go 1.23 the runtime kept every timer and ticker that had not fired or been stopped,
even when nothing referenced it any more. A `time.After` in a busy `select` loop therefore
piles up one timer per iteration for the whole timeout; a ticker that is never stopped, and
every `time.Tick` outside a function that runs forever, ticks and stays in memory until the
process exits.

Go 1.23 changed this: unreferenced timers and tickers are collected even if they were never
stopped. The new behaviour applies when the main module's `go.mod` says `go 1.23` or later;
older `go` lines keep the old behaviour. (Go 1.27 removed the setting that kept it, so a
binary built with a Go 1.27 toolchain gets the new behaviour whatever `go.mod` says; ctx-ls
cannot see which toolchain builds the program.) `Stop` is still how to stop the ticks.

## Example
```go
func (c *Consumer) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-c.messages:
			c.handle(m)
		case <-time.After(c.idle):
			c.flush()
		}
	}
}
```

## Use instead
```go
func (c *Consumer) Run(ctx context.Context) {
	idle := time.NewTimer(c.idle)
	defer idle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-c.messages:
			c.handle(m)
		case <-idle.C:
			c.flush()
		}
		idle.Reset(c.idle)
	}
}
```
For a ticker: `t := time.NewTicker(d)` followed by `defer t.Stop()` instead of `time.Tick(d)`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from tree_sitter import Node

from ctx_ls.analysis import cfg as cfglib
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.model import Diagnostic, Severity
from ctx_ls.analysis.noreturn import may_return
from ctx_ls.analysis.scopes import FUNCTIONS, enclosing_function
from ctx_ls.analysis.source import span, text
from ctx_ls.rules.base import Rule

TIME = "time"
FIXED_IN = (1, 23)

MAKERS = frozenset({"NewTicker", "NewTimer"})
CALLEES = frozenset({"After", "Tick"}) | MAKERS

# Uses of a timer variable that neither stop it nor let it escape.
_KEEPING_FIELDS = frozenset({"C", "Reset"})


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if facts.go_version >= FIXED_IN or not facts.imports.imports(TIME):
        return
    version = "{}.{}".format(*facts.go_version)
    endless: dict[int, bool] = {}
    for call in facts.calls(CALLEES):
        name = facts.called(call, TIME, CALLEES)
        before = f"before Go 1.23 (go {version} in go.mod)"
        if name == "After":
            if _after_leaks(call):
                yield RULE.diagnostic(
                    span(call),
                    f"time.After in a select inside a loop creates a timer per iteration: {before} each one "
                    "is kept until it fires; reuse one time.NewTimer and stop it",
                )
        elif name == "Tick":
            if _tick_leaks(facts, call, endless):
                yield RULE.diagnostic(
                    span(call),
                    f"time.Tick's ticker can never be stopped: {before} it is never collected; "
                    "use time.NewTicker and stop it",
                )
        elif name in MAKERS:
            found = _unstopped(facts, call, name, endless)
            if found is not None:
                if name == "NewTicker":
                    what, kept = "ticker", "it keeps ticking and is never collected"
                else:
                    what, kept = "timer", "it is kept until it fires"
                yield RULE.diagnostic(
                    span(call),
                    f"the {what} {found} is never stopped: {before} {kept}; add defer {found}.Stop()",
                )


# ----- time.After in a select in a loop
def _after_leaks(call: Node) -> bool:
    case = _select_case(call)
    if case is None or case.parent is None:
        return False
    select = case.parent
    cases = [c for c in select.named_children if c.type in ("communication_case", "default_case")]
    if len(cases) == 1:
        return False  # the only way out of the select is the timer firing
    return _in_loop(select)


def _select_case(call: Node) -> Node | None:
    """The communication case whose channel operation evaluates ``call``."""
    node = call
    while node.parent is not None:
        parent = node.parent
        if parent.type == "communication_case":
            return parent if parent.child_by_field_name("communication") == node else None
        if parent.type in FUNCTIONS or parent.type in ("block", "statement_list"):
            return None
        node = parent
    return None


def _in_loop(node: Node) -> bool:
    """Inside a ``for`` of the same function; an immediately called func literal (not under
    ``go``/``defer``) runs in the iteration, any other func literal does not."""
    cur = node.parent
    while cur is not None:
        if cur.type == "for_statement":
            return True
        if cur.type == "func_literal":
            call = cur.parent
            if call is None or call.type != "call_expression" or call.child_by_field_name("function") != cur:
                return False
            if call.parent is not None and call.parent.type in ("go_statement", "defer_statement"):
                return False
        elif cur.type in FUNCTIONS:
            return False
        cur = cur.parent
    return False


# ----- time.Tick
def _tick_leaks(facts: FileFacts, call: Node, endless: dict[int, bool]) -> bool:
    if facts.package_name == "main" or os.path.basename(facts.source.path).endswith("_test.go"):
        return False
    fn = enclosing_function(call)
    if fn is None:
        return False  # a package-level variable: one ticker for the life of the program
    return not _never_returns(facts, fn, endless)


def _never_returns(facts: FileFacts, fn: Node, endless: dict[int, bool]) -> bool:
    key = fn.start_byte
    if key not in endless:
        graph = cfglib.build(fn, lambda c: may_return(facts, c))
        endless[key] = graph is not None and graph.no_return()
    return endless[key]


# ----- t := time.NewTicker(d) never stopped
def _declared_name(call: Node) -> Node | None:
    """The identifier that ``name := call`` / ``var name = call`` declares with the call's
    value (position by position for several values)."""
    values = call.parent
    if values is None or values.type != "expression_list":
        return None
    stmt = values.parent
    if stmt is None:
        return None
    if stmt.type == "short_var_declaration" and stmt.child_by_field_name("right") == values:
        left = stmt.child_by_field_name("left")
        names = list(left.named_children) if left is not None else []
    elif stmt.type == "var_spec" and stmt.child_by_field_name("value") == values:
        names = [c for c in stmt.children_by_field_name("name") if c.type == "identifier"]
    else:
        return None
    index = next((i for i, v in enumerate(values.named_children) if v == call), None)
    if index is None or len(names) != values.named_child_count:
        return None
    ident = names[index]
    return ident if ident.type == "identifier" and text(ident) != "_" else None


def _unstopped(facts: FileFacts, call: Node, maker: str, endless: dict[int, bool]) -> str | None:
    ident = _declared_name(call)
    if ident is None:
        return None
    resolver = facts.resolver(call)
    local = resolver.local_at(ident)
    fn = enclosing_function(call)
    if local is None or fn is None or local.function != fn:
        return None
    root = facts.source.root
    for offset in resolver.use_offsets(local):
        use = root.descendant_for_byte_range(offset, offset + len(local.name))
        if use is None or use.type != "identifier":
            return None
        if enclosing_function(use) != fn:
            return None  # a closure holds it: it may stop it or outlive the function
        parent = use.parent
        if parent is None or parent.type != "selector_expression" or parent.child_by_field_name("operand") != use:
            return None  # returned, stored, passed, reassigned: it escapes
        field_name = text(parent.child_by_field_name("field"))
        if field_name not in _KEEPING_FIELDS:
            return None  # Stop (or anything we do not model)
        if maker == "NewTimer" and field_name == "C" and _plain_receive(parent):
            return None  # `<-t.C` outside a select: the timer has fired afterwards
    if _never_returns(facts, fn, endless):
        return None
    return local.name


def _plain_receive(channel: Node) -> bool:
    parent = channel.parent
    if parent is None or parent.type != "unary_expression" or text(parent.child_by_field_name("operator")) != "<-":
        return False
    case = _select_case(parent)
    if case is None or case.parent is None:
        return True
    # `select { case <-t.C: }` with no other case waits for the timer just the same.
    return len([c for c in case.parent.named_children if c.type in ("communication_case", "default_case")]) == 1


RULE = Rule(
    code="CTX103",
    id="timer-leak",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("staticcheck",),
    needs=(b"time",),
)
