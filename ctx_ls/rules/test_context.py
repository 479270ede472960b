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

from ctx_ls.analysis.facts import CONTEXT, FileFacts
from ctx_ls.analysis.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from ctx_ls.analysis.scopes import Local, enclosing_function, parameters, top_level
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

TESTING = "testing"
SINCE = (1, 24)

ROOTS = frozenset({"Background", "TODO"})
CALLEES = ROOTS

_TESTING_TYPES = (("T", True), ("B", True), ("F", True), ("TB", False))
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
_CALLS = query("(call_expression) @call")
_WITH = frozenset({
    "WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause",
})
_SCOPES = frozenset({
    "block", "statement_list", "if_statement", "for_statement", "expression_switch_statement",
    "type_switch_statement", "communication_case", "expression_case", "default_case", "type_case",
    "func_literal", "function_declaration", "method_declaration",
})


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
    owner, param = _testing_owner(facts, call)
    if owner is None or param is None:
        return None
    t = text(param)
    resolver = facts.resolver(call)
    param_local = resolver.local_at(param)
    if param_local is None or _shadowed(resolver, param_local, call):
        return _Finding(call, name, t, owner, None, (), None)
    special = _with_cancel_rewrite(facts, call, t)
    if special is not None:
        edits, with_cancel, targets = special
        removed = (_operand_start(call), _operand_start(with_cancel))
    else:
        edits = (Edit(span(call), f"{t}.Context()"),)
        removed = (_operand_start(call),)
        targets = None
    unsafe = _escapes(facts, call, owner, targets)
    return _Finding(call, name, t, owner, edits, removed, unsafe)


def _testing_owner(facts: FileFacts, call: Node) -> tuple[Node | None, Node | None]:
    """The nearest enclosing function whose first parameter is of testing type, and that
    parameter's name (None when unnamed). (None, None) inside a Cleanup closure."""
    fn = enclosing_function(call)
    while fn is not None:
        if fn.type == "func_literal" and (_is_cleanup_argument(fn) or _registered_for_cleanup(facts, fn)):
            return None, None
        params = parameters(fn)
        if params and _is_testing(facts, params[0][1]):
            name = params[0][0]
            return fn, (name if name is not None and text(name) != "_" else None)
        if fn.type != "func_literal":
            return None, None
        fn = enclosing_function(fn)
    return None, None


def _is_testing(facts: FileFacts, typ: Node | None) -> bool:
    return any(facts.is_qualified_type(typ, TESTING, name, ptr) for name, ptr in _TESTING_TYPES)


def _is_cleanup_argument(lit: Node) -> bool:
    args = lit.parent
    if args is None or args.type != "argument_list" or args.parent is None:
        return False
    return _is_cleanup_call(args.parent)


def _registered_for_cleanup(facts: FileFacts, lit: Node) -> bool:
    """``stop := func() {...}`` later passed as ``t.Cleanup(stop)``."""
    values = lit.parent
    stmt = values.parent if values is not None else None
    if values is None or values.type != "expression_list" or stmt is None:
        return False
    if stmt.type not in ("short_var_declaration", "var_spec", "assignment_statement"):
        return False
    left = stmt.child_by_field_name("left") if stmt.type != "var_spec" else None
    names = left.named_children if left is not None else [c for c in stmt.children_by_field_name("name")]
    index = next((i for i, v in enumerate(values.named_children) if v == lit), None)
    if index is None or index >= len(names) or names[index].type != "identifier":
        return False
    resolver = facts.resolver(lit)
    local = resolver.local_at(names[index]) or resolver.resolve(names[index])
    if local is None:
        return False
    root = facts.source.root
    for offset in resolver.use_offsets(local):
        use = root.descendant_for_byte_range(offset, offset + len(local.name))
        args = use.parent if use is not None else None
        if args is not None and args.type == "argument_list" and args.parent is not None and _is_cleanup_call(args.parent):
            return True
    return False


def _is_cleanup_call(call: Node) -> bool:
    callee = call.child_by_field_name("function")
    return callee is not None and callee.type == "selector_expression" and text(
        callee.child_by_field_name("field")
    ) == "Cleanup"


def _shadowed(resolver, param: Local, at: Node) -> bool:
    """Another declaration of the parameter's name is in scope at ``at``."""
    for local in resolver.locals.values():
        if local.name != param.name or not param.ident.start_byte < local.ident.start_byte < at.start_byte:
            continue  # only a later declaration, before the call, can hide the parameter
        scope = local.ident.parent
        while scope is not None and scope.type not in _SCOPES:
            scope = scope.parent
        if scope is not None and scope.start_byte <= at.start_byte and at.end_byte <= scope.end_byte:
            return True
    return False


def _operand_start(call: Node) -> int:
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("operand")
    return fn.start_byte if fn is not None else call.start_byte


# ----- ctx, cancel := context.WithCancel(context.Background()); defer cancel()
def _with_cancel_rewrite(facts: FileFacts, call: Node, t: str) -> tuple[tuple[Edit, ...], Node, list[Local]] | None:
    args = call.parent
    if args is None or args.type != "argument_list" or args.named_child_count != 1 or args.parent is None:
        return None
    with_cancel = args.parent
    if facts.called(with_cancel, CONTEXT, frozenset({"WithCancel"})) is None:
        return None
    values = with_cancel.parent
    stmt = values.parent if values is not None else None
    if values is None or values.type != "expression_list" or values.named_child_count != 1:
        return None
    if stmt is None or stmt.type != "short_var_declaration" or stmt.child_by_field_name("right") != values:
        return None
    left = stmt.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if len(names) != 2 or any(n.type != "identifier" or text(n) == "_" for n in names):
        return None
    resolver = facts.resolver(call)
    ctx_local, cancel_local = resolver.local_at(names[0]), resolver.local_at(names[1])
    if ctx_local is None or cancel_local is None:
        return None  # a redeclaration: `ctx := ...` would declare nothing new
    uses = resolver.use_offsets(cancel_local)
    if len(uses) != 1:
        return None
    use = facts.source.root.descendant_for_byte_range(uses[0], uses[0] + len(cancel_local.name))
    defer = _deferred_call_statement(use)
    if defer is None or enclosing_function(defer) != enclosing_function(stmt):
        return None
    line = _own_line(facts, defer)
    if line is None:
        return None
    edits = (Edit(span(stmt), f"{text(names[0])} := {t}.Context()"), Edit(line, ""))
    return edits, with_cancel, [ctx_local]


def _deferred_call_statement(use: Node | None) -> Node | None:
    """The ``defer cancel()`` statement when ``use`` is its callee."""
    call = use.parent if use is not None else None
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != use:
        return None
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count != 0:
        return None
    stmt = call.parent
    return stmt if stmt is not None and stmt.type == "defer_statement" else None


def _own_line(facts: FileFacts, stmt: Node) -> Span | None:
    """The whole line(s) of a statement that has nothing else on them, with the line break."""
    src = facts.text
    start = src.rfind(b"\n", 0, stmt.start_byte) + 1
    if src[start : stmt.start_byte].strip(b" \t"):
        return None
    end = src.find(b"\n", stmt.end_byte)
    end = len(src) if end < 0 else end + 1
    if src[stmt.end_byte : end].strip(b" \t\r\n"):
        return None
    return Span(start, end)


# ----- where the context goes
def _escapes(facts: FileFacts, call: Node, owner: Node, targets: list[Local] | None) -> str | None:
    """Why replacing the call is not known to be safe, or None."""
    resolver = facts.resolver(call)
    if targets is None:
        targets, why = _assigned_locals(facts, call)
        if why is not None:
            return why
    derived = {l.ident.start_byte for l in targets}
    locals_ = [l for l in resolver.locals.values() if l.value is not None and l.kind in ("short", "var", "range")]
    changed = True
    while changed:
        changed = False
        for local in locals_:
            if local.ident.start_byte not in derived and _mentions(resolver, local.value, derived):
                derived.add(local.ident.start_byte)
                changed = True
    if not derived:
        return None
    for _, caps in QueryCursor(_CALLS).matches(owner):
        c = caps["call"][0]
        if _is_cleanup_call(c):
            args = c.child_by_field_name("arguments")
            if args is not None and _mentions(resolver, args, derived):
                return "a Cleanup function uses it, and t.Context() is cancelled before cleanup"
    return None


def _assigned_locals(facts: FileFacts, call: Node) -> tuple[list[Local], str | None]:
    """The locals that the statement holding ``call`` declares or assigns with a value
    computed from it, or why the value may go where this function cannot follow it (a
    return, a field, an index expression, the argument of a Cleanup call)."""
    node = call
    resolver = facts.resolver(call)
    while node.parent is not None:
        parent = node.parent
        t = parent.type
        if t == "return_statement":
            return [], "the context is returned"
        if t == "call_expression" and _is_cleanup_call(parent):
            return [], "a Cleanup function uses it, and t.Context() is cancelled before cleanup"
        if t in ("short_var_declaration", "assignment_statement", "var_spec"):
            if t == "var_spec":
                names = [c for c in parent.children_by_field_name("name") if c.type == "identifier"]
            else:
                left = parent.child_by_field_name("left")
                names = list(left.named_children) if left is not None else []
            out = []
            value = node if node.type == "expression_list" and node.named_child_count == 1 else None
            cancels = value is not None and facts.called(value.named_children[0], CONTEXT, _WITH) is not None
            for i, n in enumerate(names):
                if cancels and i > 0:
                    continue  # the cancel function of context.WithX: calling it later is harmless
                local = resolver.local_at(n) or resolver.resolve(n) if n.type == "identifier" else None
                if n.type == "identifier" and text(n) == "_":
                    continue
                if local is None:
                    return [], "the context is stored outside a local variable"
                out.append(local)
            return out, None
        if t.endswith("_statement") or t in ("block", "statement_list", "func_literal", "function_declaration", "method_declaration"):
            return [], None  # used where it stands, e.g. the argument of a call statement
        node = parent
    return [], None


def _mentions(resolver, node: Node, keys: set[int]) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "identifier" and resolver.binding.get(n.start_byte) in keys:
            return True
        stack.extend(n.named_children)
    return False


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
