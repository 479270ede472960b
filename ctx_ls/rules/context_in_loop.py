"""Context re-derived from itself in a loop or func literal

## What it does
Flags an assignment with `=` (not `:=`) inside a loop body, or inside a func literal, to a
context variable declared outside that loop or literal, whose right-hand side mentions the
same variable: `ctx = context.WithValue(ctx, k, v)`, `ctx, cancel = context.WithTimeout(ctx, d)`,
`ctx = withTrace(ctx)`. One diagnostic per loop or literal, at its first such assignment.

A context variable is one declared with a context type (`context.Context` under any import
name, or a named type of the file over it), or initialised from `context.Background()`,
`TODO()`, a `context.With…` call, `r.Context()` of an `*http.Request` or `t.Context()` of
a test.

Not reported: assignments from `context.Background()`, `TODO()` or `t.Context()` (a fresh
start, not a longer chain); `:=`, which declares a new variable per iteration; variables
declared inside the loop or literal; package-level variables and struct fields (their
type is not visible in the declaration); func literals that run once where they are
written (`func() {…}()`) and the bodies of `go` and `defer` func literals, which are not
part of the loop around them (a literal called once per iteration is still inside it).

## Why is this bad?
Each assignment wraps the context in one more layer whose parent is the previous layer.
In a loop, the chain grows with every pass: lookups with `Value` walk the whole chain,
every `WithCancel`/`WithTimeout` layer registers with its parent and stays reachable, and
a cancelled or expired layer stays in the chain, so later iterations may start with a
context that is already done. A func literal that is called repeatedly (a middleware, a
callback, a retry hook) grows its captured context the same way.

## Example
```go
func (p *Pipeline) Run(ctx context.Context, steps []Step) error {
	for _, s := range steps {
		ctx = context.WithValue(ctx, stepKey{}, s.Name)
		if err := s.Do(ctx); err != nil {
			return err
		}
	}
	return nil
}
```

## Use instead
```go
func (p *Pipeline) Run(ctx context.Context, steps []Step) error {
	for _, s := range steps {
		ctx := context.WithValue(ctx, stepKey{}, s.Name)
		if err := s.Do(ctx); err != nil {
			return err
		}
	}
	return nil
}
```

## Fix safety
The fix turns `=` into `:=`, so that each iteration (or call) derives a new variable from
the unchanged outer one. It is offered when every name on the left can be redeclared there:
the statement stands in a block, no name is already declared in that block, each new
variable is used after the statement in the block, each outer variable is still used
elsewhere, and the block has no `goto`. It is safe when nothing reads the outer variable
after the loop or literal (or in the loop's header): that code would stop seeing the
accumulated context. Otherwise it is offered as unsafe.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis.facts import CONTEXT, CONTEXT_DERIVING, CONTEXT_ROOTS, HTTP, FileFacts
from ctx_ls.analysis.model import Applicability, Diagnostic, Edit, Fix, Severity
from ctx_ls.analysis.scopes import Local, encloses
from ctx_ls.analysis.source import query, span, text
from ctx_ls.rules.base import Rule

ROOTS = CONTEXT_ROOTS
DERIVING = CONTEXT_DERIVING
CALLEES = ROOTS | DERIVING | frozenset({"Context"})

_ASSIGNMENTS = query("(assignment_statement left: (expression_list) right: (expression_list)) @stmt")
_GOTO = query("(goto_statement) @goto")
_TESTING_TYPES = (("T", True), ("B", True), ("F", True), ("TB", False))
_SCOPES = frozenset({"block", "expression_case", "default_case", "type_case", "communication_case"})


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    if not facts.imports.imports(CONTEXT):
        return
    reported: set[int] = set()
    for stmt in facts.nodes("assignment_statement"):
        if stmt.child_by_field_name("left") is None or stmt.child_by_field_name("right") is None:
            continue
        if text(stmt.child_by_field_name("operator")) != "=":
            continue
        found = _offending(facts, stmt)
        if found is None:
            continue
        local, container = found
        if container.start_byte in reported:
            continue
        reported.add(container.start_byte)
        loop = container.type == "for_statement"
        where = "each iteration" if loop else "each call of this func literal"
        grows = "with every pass" if loop else "with every call"
        fix = _fix(facts, stmt, container)
        yield RULE.diagnostic(
            span(stmt),
            f"{where} derives {local.name} from its previous value, so the context chain grows {grows}",
            fixes=(fix,) if fix is not None else (),
        )


def _offending(facts: FileFacts, stmt: Node) -> tuple[Local, Node] | None:
    """The context variable the statement re-derives from itself, and the loop or func
    literal that repeats it."""
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    lhs, values = left.named_children, right.named_children
    repeated = None  # walks up the ancestors: asked only for a plausible statement
    for i, ident in enumerate(lhs):
        if ident.type != "identifier" or text(ident) == "_":
            continue
        if len(values) == len(lhs):
            value = values[i]
        elif len(values) == 1 and i == 0 and values[0].type == "call_expression":
            value = values[0]
        else:
            continue
        if value.text is None or ident.text is None or ident.text not in value.text:
            continue  # cheap: the value cannot mention the variable
        if repeated is None:
            repeated = _repeated(stmt)
        if not repeated:
            return None
        local = facts.resolve(ident)
        if local is None or not _is_context_var(facts, local, 0):
            continue
        if _fresh(facts, value) or not _mentions(facts, local, value):
            continue
        container = _container(stmt, local)
        if container is not None:
            return local, container
    return None


def _repeated(stmt: Node) -> bool:
    """Cheap syntactic pre-check: the statement is in a loop body or a func literal."""
    cur = stmt.parent
    while cur is not None:
        if cur.type in ("for_statement", "func_literal"):
            return True
        if cur.type in ("function_declaration", "method_declaration"):
            return False
        cur = cur.parent
    return False


def _is_context_var(facts: FileFacts, local: Local, depth: int) -> bool:
    if local.type is not None:
        return facts.is_context_type(local.type)
    if local.kind not in ("short", "var") or local.value is None or depth > 4:
        return False
    value = local.value
    if value.type == "identifier":
        origin = facts.resolve(value)
        return origin is not None and _is_context_var(facts, origin, depth + 1)
    if value.type != "call_expression" or local.index != 0:
        return False
    if facts.called(value, CONTEXT, ROOTS | DERIVING):
        return True
    return _context_method(facts, value, request=True) or _context_method(facts, value, request=False)


def _context_method(facts: FileFacts, call: Node, request: bool) -> bool:
    """``r.Context()`` on an ``*http.Request`` (request=True) or ``t.Context()`` on a
    testing T/B/F/TB (request=False)."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None or args.named_child_count:
        return False
    operand = fn.child_by_field_name("operand")
    if text(fn.child_by_field_name("field")) != "Context" or operand is None or operand.type != "identifier":
        return False
    owner = facts.resolve(operand)
    if owner is None or owner.type is None:
        return False
    if request:
        return facts.is_qualified_type(owner.type, HTTP, "Request", True)
    return any(facts.is_qualified_type(owner.type, "testing", t, ptr) for t, ptr in _TESTING_TYPES)


def _fresh(facts: FileFacts, value: Node) -> bool:
    """``context.Background()``, ``context.TODO()``, ``t.Context()``: a new chain."""
    if value.type != "call_expression":
        return False
    return bool(facts.called(value, CONTEXT, ROOTS)) or _context_method(facts, value, request=False)


def _mentions(facts: FileFacts, local: Local, value: Node) -> bool:
    """The value mentions the variable outside of any func literal it contains."""
    resolver = facts.resolver(value)
    root = facts.source.root
    for offset in resolver.use_offsets(local):
        if not (value.start_byte <= offset < value.end_byte):
            continue
        node = root.descendant_for_byte_range(offset, offset)
        if node is not None and not _inside(node, value, "func_literal"):
            return True
    return False


def _container(stmt: Node, local: Local) -> Node | None:
    """The innermost loop (whose body holds the statement) or func literal (not run once
    where it is written) that repeats the statement and does not declare the variable."""
    decl = local.ident
    cur = stmt.parent
    while cur is not None and not encloses(cur, decl):
        if cur.type == "for_statement":
            body = cur.child_by_field_name("body")
            if body is not None and encloses(body, stmt):
                return cur
        elif cur.type == "func_literal":
            call = cur.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == cur:
                owner = call.parent
                if owner is not None and owner.type in ("go_statement", "defer_statement"):
                    return None  # a go/defer literal is not part of the loop around it
                # called once, right here: look further out
            else:
                return cur
        cur = cur.parent
    return None


# ----- the fix
def _fix(facts: FileFacts, stmt: Node, container: Node) -> Fix | None:
    parent = stmt.parent
    scope = parent.parent if parent is not None and parent.type == "statement_list" else None
    if scope is None or scope.type not in _SCOPES:
        return None
    if any(True for _ in QueryCursor(_GOTO).matches(scope)):
        return None
    resolver = facts.resolver(stmt)
    root = facts.source.root
    lhs = stmt.child_by_field_name("left").named_children
    if any(c.type != "identifier" for c in lhs):
        return None
    names = [c for c in lhs if text(c) != "_"]
    if not names:
        return None
    safe = True
    function_of_scope = scope.parent if scope.type == "block" else None
    for ident in names:
        local = resolver.resolve(ident)
        if local is None:
            return None  # a package-level variable: := would make it a new local
        if encloses(scope, local.ident) or (
            local.kind in ("param", "result") and local.function == function_of_scope
        ):
            return None  # already declared in this block: := cannot redeclare it alone
        after, elsewhere = [], []
        for offset in resolver.use_offsets(local):
            if stmt.start_byte <= offset < stmt.end_byte:
                if _in_left(offset, stmt):
                    continue  # this statement's own target becomes the declaration
                elsewhere.append(offset)
            elif stmt.end_byte <= offset < scope.end_byte:
                after.append(offset)
            else:
                elsewhere.append(offset)
        if not any(not _assigned_at(root, o) for o in after):
            return None  # the new variable would be declared and not used
        if local.kind not in ("param", "result") and not any(not _assigned_at(root, o) for o in elsewhere):
            return None  # the outer variable would be declared and not used
        for offset in elsewhere:
            if offset >= stmt.end_byte or (container.type == "for_statement" and _in_header(container, offset)):
                safe = False  # read after the loop/literal or by the loop's header
    values = stmt.child_by_field_name("right").named_children
    if not all(v.type == "call_expression" and facts.called(v, CONTEXT, DERIVING) for v in values if v is not None):
        safe = False  # another function's result type may differ from the outer variable's
    op = stmt.child_by_field_name("operator")
    shown = ", ".join(text(n) for n in names)
    where = "in each iteration" if container.type == "for_statement" else "in each call"
    title = f"Declare a new {shown} {where} with :="
    return Fix(
        title if safe else title + " (unsafe)",
        (Edit(span(op), ":="),),
        Applicability.SAFE if safe else Applicability.UNSAFE,
    )


def _in_left(offset: int, stmt: Node) -> bool:
    left = stmt.child_by_field_name("left")
    return left is not None and left.start_byte <= offset < left.end_byte


def _assigned_at(root: Node, offset: int) -> bool:
    """The identifier at ``offset`` is a target of a plain ``=`` (not a use in Go's sense)."""
    node = root.descendant_for_byte_range(offset, offset)
    if node is None or node.parent is None or node.parent.type != "expression_list":
        return False
    stmt = node.parent.parent
    return (
        stmt is not None and stmt.type == "assignment_statement"
        and stmt.child_by_field_name("left") == node.parent
        and text(stmt.child_by_field_name("operator")) == "="
    )


def _in_header(loop: Node, offset: int) -> bool:
    body = loop.child_by_field_name("body")
    return loop.start_byte <= offset < (body.start_byte if body is not None else loop.end_byte)


def _inside(node: Node, limit: Node, kind: str) -> bool:
    cur = node.parent
    while cur is not None and cur != limit:
        if cur.type == kind:
            return True
        cur = cur.parent
    return False



RULE = Rule(
    code="CTX305",
    id="context-in-loop",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("fatcontext",),
    needs=(b"context",),
)
