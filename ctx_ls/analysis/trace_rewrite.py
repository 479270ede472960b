"""The "trace context lifecycle with runtime/trace" rewrite of one function.

It starts a ``trace.NewTask`` named after the function on its context parameter, logs a
``trace.Log`` after each ``context.With*`` derivation and before each call of a cancel
function bound by one, so that ``go tool trace`` shows where deadlines were set and where
contexts ended. The result compiles (the tests build it with the Go toolchain).
"""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.edits import package_ref
from ctx_ls.analysis.facts import CONTEXT, CONTEXT_DERIVING, FileFacts
from ctx_ls.analysis.model import Applicability, Edit, Fix, Span
from ctx_ls.analysis.scopes import FUNCTIONS, binding, enclosing_function, parameters
from ctx_ls.analysis.source import text

TRACE = "runtime/trace"
_DERIVING = CONTEXT_DERIVING
_CATEGORY = '"context"'


def function_at(facts: FileFacts, offset: int) -> Node | None:
    """The innermost function declaration or literal around ``offset`` with a body."""
    node = facts.source.root.descendant_for_byte_range(offset, offset)
    while node is not None:
        if node.type in FUNCTIONS and node.child_by_field_name("body") is not None:
            return node
        node = node.parent
    return None


def _ctx_param(facts: FileFacts, fn: Node) -> str | None:
    for name, typ in parameters(fn):
        if name is not None and text(name) != "_" and facts.is_context_type(typ):
            return text(name)
    return None


def _task_name(facts: FileFacts, fn: Node) -> str:
    name = text(fn.child_by_field_name("name")) if fn.type != "func_literal" else "func literal"
    if fn.type == "method_declaration":
        recv = fn.child_by_field_name("receiver")
        typ = next((c.child_by_field_name("type") for c in recv.named_children), None) if recv else None
        if typ is not None:
            name = text(typ).lstrip("*") + "." + name
    pkg = facts.package_name
    return f"{pkg}.{name}" if pkg else name


def rewrite(facts: FileFacts, fn: Node) -> Fix | None:
    """The edits for ``fn``, or None when it has no named context parameter."""
    ctx = _ctx_param(facts, fn)
    body = fn.child_by_field_name("body")
    if ctx is None or body is None or not body.children or body.children[0].type != "{":
        return None
    nl = facts.source.newline()
    trace, import_edits = package_ref(facts, TRACE, "NewTask")
    trace = trace[: -len(".NewTask")] if trace.endswith(".NewTask") else ""
    prefix = f"{trace}." if trace else ""
    fn_text = facts.text[fn.start_byte:fn.end_byte]
    task = "task" if b"task" not in fn_text else "ctxlsTask"
    indent = _body_indent(facts, fn, body)
    brace = body.children[0]
    edits: list[Edit] = list(import_edits)
    edits.append(Edit(Span(brace.end_byte, brace.end_byte),
                      f'{nl}{indent}{ctx}, {task} := {prefix}NewTask({ctx}, "{_task_name(facts, fn)}"){nl}'
                      f"{indent}defer {task}.End()"))
    cancels: dict[str, str] = {}  # cancel variable -> the context it ends
    for call in facts.calls(_DERIVING):
        name = facts.called(call, CONTEXT, _DERIVING)
        if name is None or enclosing_function(call) != fn:
            continue
        found = binding(call)
        if found is None:
            continue
        stmt, names, op = found
        if op == "var" or not names or names[0].type != "identifier" or text(names[0]) == "_":
            continue
        if stmt.parent is None or stmt.parent.type != "statement_list":
            continue
        derived = text(names[0])
        if len(names) > 1 and names[1].type == "identifier" and text(names[1]) != "_":
            cancels[text(names[1])] = derived
        line = facts.source.lines.position(call.start_byte)[0] + 1
        at = _end_of_line(facts, stmt.end_byte)
        edits.append(Edit(Span(at, at), f'{nl}{facts.source.indentation_at(stmt.start_byte)}'
                                        f'{prefix}Log({derived}, {_CATEGORY}, "{name} at line {line}")'))
    for name, derived in cancels.items():
        for call in facts.calls({name}):
            callee = call.child_by_field_name("function")
            if callee is None or callee.type != "identifier" or enclosing_function(call) != fn:
                continue
            stmt = call.parent
            log = f'{prefix}Log({derived}, {_CATEGORY}, "{name} called")'
            if stmt is not None and stmt.type == "expression_statement":
                edits.append(Edit(Span(stmt.start_byte, stmt.start_byte),
                                  f"{log}{nl}{facts.source.indentation_at(stmt.start_byte)}"))
            elif stmt is not None and stmt.type == "defer_statement":
                edits.append(Edit(Span(stmt.start_byte, stmt.end_byte),
                                  f"defer func() {{{nl}{facts.source.indentation_at(stmt.start_byte)}\t{log}{nl}"
                                  f"{facts.source.indentation_at(stmt.start_byte)}\t{text(call)}{nl}"
                                  f"{facts.source.indentation_at(stmt.start_byte)}}}()"))
    return Fix("Trace context lifecycle with runtime/trace", tuple(edits), Applicability.UNSAFE)


def _end_of_line(facts: FileFacts, offset: int) -> int:
    line, _ = facts.source.lines.position(offset)
    return facts.source.lines.ends[line]


def _body_indent(facts: FileFacts, fn: Node, body: Node) -> str:
    for child in body.named_children:
        if child.type == "statement_list" and child.named_children:
            return facts.source.indentation_at(child.named_children[0].start_byte)
    return facts.source.indentation_at(fn.start_byte) + "\t"
