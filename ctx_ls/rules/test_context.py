"""Fresh root context in a test instead of t.Context()

## What it does
In modules whose `go.mod` says `go 1.24` or later, flags `context.Background()` and
`context.TODO()` inside a function whose first parameter is a `*testing.T`, `*testing.B`,
`*testing.F` or `testing.TB` — test functions, benchmarks, fuzz targets, helpers, and the
closures passed to `t.Run` or `f.Fuzz` — and inside func literals nested in them.

Not reported: inside `t.Cleanup(func() {...})` closures, or a func literal stored in a
variable that is passed to `Cleanup` (`t.Context()` is already cancelled when cleanup
functions run); in modules for Go 1.23 or older (`t.Context()` does not exist
there); in comparisons (`ctx == context.Background()`); where a context parameter is
available (that is `context-reset`'s finding, with its own fix); when the testing parameter
is unnamed or `_`.

## Why is this bad?
`t.Context()` (Go 1.24) is cancelled just before the test's cleanup functions run, so work
the test started with it stops when the test ends, instead of leaking goroutines,
connections or servers into the following tests. A hand-made
`context.WithCancel(context.Background())` plus `defer cancel()` does the same with more code.

## Example
```go
func TestServer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := startServer(ctx, t)
	if err := srv.Ping(context.TODO()); err != nil {
		t.Fatal(err)
	}
}
```

## Use instead
```go
func TestServer(t *testing.T) {
	ctx := t.Context()
	srv := startServer(ctx, t)
	if err := srv.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
}
```

## Fix safety
The fix replaces the call with `t.Context()` (the name of the function's testing
parameter). When the call is the only argument of `context.WithCancel` in
`ctx, cancel := context.WithCancel(context.Background())` and the cancel function's only use
is a `defer cancel()` on a line of its own, the fix replaces both lines with
`ctx := t.Context()`. The context then ends when the test ends instead of when the function
returns, which for a test function is the same moment. (A test that compares the context's
`String()` output, which names its parents, sees a different text.)

The fix is unsafe, and not applied by fix-all, when:
- the result (or a variable computed from it) is passed to a `Cleanup` call: cleanup
  functions would receive a context that is already cancelled;
- the result is returned or stored outside a local variable: the code that receives it
  cannot be seen;
- nothing else in the same function mentions the `context` package after the rewrite: the
  import may become unused, and whether other functions of the file still use it is not
  something a per-function fix can know. Remove the import if the compiler says so.

No fix is offered when the parameter's name is shadowed where the call is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis.facts import CONTEXT, CONTEXT_ROOTS, FileFacts
from ctx_ls.analysis.model import Applicability, Diagnostic, Edit, Fix, Severity
from ctx_ls.analysis.scopes import top_level
from ctx_ls.analysis.source import query, span, text
from ctx_ls.analysis.testing_context_fix import escapes, shadowed, with_cancel_rewrite
from ctx_ls.analysis.testing_funcs import testing_owner
from ctx_ls.rules.base import Rule

SINCE = (1, 24)

ROOTS = CONTEXT_ROOTS
CALLEES = ROOTS

# Exported names of the context package (for dot imports).
_CONTEXT_NAMES = frozenset({
    "Background", "TODO", "WithCancel", "WithCancelCause", "WithDeadline", "WithDeadlineCause",
    "WithTimeout", "WithTimeoutCause", "WithValue", "WithoutCancel", "AfterFunc", "Cause",
    "Canceled", "DeadlineExceeded", "Context", "CancelFunc", "CancelCauseFunc",
})
_PACKAGE_REFS = query(
    """
    [
      (selector_expression operand: (identifier) @ref)
      (qualified_type package: (package_identifier) @ref)
    ]
    """
)
_DOT_REFS = query("[(identifier) (type_identifier)] @ref")


@dataclass
class _Finding:
    call: Node
    name: str  # Background or TODO
    t: str  # the testing parameter's name
    owner: Node  # the function that declares it
    edits: tuple[Edit, ...] | None  # None: no fix
    removed: tuple[int, ...]  # start bytes of context-package references the fix removes
    unsafe: str | None  # why the fix is not safe


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if facts.go_version < SINCE or not facts.imports.imports(CONTEXT):
        return
    by_decl: dict[int, list[_Finding]] = {}
    for call in facts.calls(CALLEES):
        name = facts.called(call, CONTEXT, ROOTS)
        if name is None:
            continue
        found = _finding(facts, call, name)
        if found is not None:
            by_decl.setdefault(top_level(call).start_byte, []).append(found)
    for findings in by_decl.values():
        decl = top_level(findings[0].call)
        removed = {b for f in findings if f.edits is not None for b in f.removed}
        # context-reset replaces the roots where a context is available: not a lasting use.
        removed |= {_operand_start(c) for c in _root_calls(facts, decl) if facts.ctx_at(c) is not None}
        import_kept = bool(_context_refs(facts, decl) - removed)
        for f in findings:
            yield _diagnostic(f, import_kept)


def _diagnostic(f: _Finding, import_kept: bool) -> Diagnostic:
    fixes: tuple[Fix, ...] = ()
    if f.edits is not None:
        special = len(f.edits) > 1
        title = f"Replace with ctx := {f.t}.Context()" if special else f"Use {f.t}.Context()"
        unsafe = f.unsafe or (None if import_kept else "the context import may become unused")
        if unsafe is not None:
            fixes = (Fix(f"{title} (unsafe: {unsafe})", f.edits, Applicability.UNSAFE),)
        else:
            fixes = (Fix(title, f.edits),)
    return RULE.diagnostic(
        span(f.call),
        f"context.{f.name}() in a test: use {f.t}.Context(), which is cancelled when the test ends",
        fixes=fixes,
    )


def _finding(facts: FileFacts, call: Node, name: str) -> _Finding | None:
    parent = call.parent
    if parent is not None and parent.type == "binary_expression" and text(parent.child_by_field_name("operator")) in ("==", "!="):
        return None
    if facts.ctx_at(call) is not None:
        return None  # context-reset: a real context is at hand
    owner, param = testing_owner(facts, call)
    if owner is None or param is None:
        return None
    t = text(param)
    resolver = facts.resolver(call)
    param_local = resolver.local_at(param)
    if param_local is None or shadowed(resolver, param_local, call):
        return _Finding(call, name, t, owner, None, (), None)
    special = with_cancel_rewrite(facts, call, t)
    if special is not None:
        edits, with_cancel, targets = special
        removed = (_operand_start(call), _operand_start(with_cancel))
    else:
        edits = (Edit(span(call), f"{t}.Context()"),)
        removed = (_operand_start(call),)
        targets = None
    unsafe = escapes(facts, call, owner, targets)
    return _Finding(call, name, t, owner, edits, removed, unsafe)


def _operand_start(call: Node) -> int:
    """Where ``context`` starts in ``context.X(...)``: the reference a fix removes."""
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("operand")
    return fn.start_byte if fn is not None else call.start_byte


# ----- does the function still use the context package?
def _context_refs(facts: FileFacts, decl: Node) -> set[int]:
    """Start bytes of references to the context package in a declaration."""
    names = set(facts.imports.names_for(CONTEXT))
    refs: set[int] = set()
    if names:
        for _, caps in QueryCursor(_PACKAGE_REFS).matches(decl):
            for node in caps["ref"]:
                if text(node) in names and facts.is_package(node, CONTEXT):
                    refs.add(node.start_byte)
    if CONTEXT in facts.imports.dot:
        for _, caps in QueryCursor(_DOT_REFS).matches(decl):
            for node in caps["ref"]:
                if text(node) not in _CONTEXT_NAMES:
                    continue
                if node.type == "type_identifier" or facts.refers_to(node, CONTEXT, _CONTEXT_NAMES):
                    refs.add(node.start_byte)
    return refs


def _root_calls(facts: FileFacts, decl: Node) -> list[Node]:
    return [
        c for c in facts.calls(ROOTS)
        if decl.start_byte <= c.start_byte < decl.end_byte and facts.called(c, CONTEXT, ROOTS)
    ]


RULE = Rule(
    code="CTX207",
    id="test-context",
    severity=Severity.INFO,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("usetesting",),
    needs=(b"Background", b"TODO"),
)
