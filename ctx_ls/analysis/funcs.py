"""Summaries of function and method declarations: what a caller in another declaration (or
another file, or another package of the module) may need to know about them.

A summary holds only strings, numbers and byte offsets relative to the declaration's start,
never tree nodes, so it can be cached by the declaration's bytes (open buffers: only edited
declarations are summarised again) or by a file's modification time (files on disk), without
keeping trees alive.

- ``params`` / ``results``: the canonical type of each parameter and result
  (``context.Context``, ``*net/http.Request``, ``Store`` for a type of the package), see
  ``summaries.canonical_type``;
- ``fresh``: the first ``context.Background()`` / ``context.TODO()`` call of the body that
  is not returned (``return context.Background()`` hands a default to the caller, like
  ``Request.Context()``; nothing runs under it here);
- ``once``: the body runs at most once (a hand-written ``sync.Once``, see once_guarded);
- ``calls``: the functions it calls, as ``(qualifier, name)``: ``("", "f")`` for ``f(...)``
  (a package-level function of the same package), ``("recv", "m")`` for a method called on
  the receiver, ``("pkg:" + import path, "F")`` for ``pkg.F(...)`` (``qualifier`` also
  answers ``"sel"`` for a method called on anything else, whose receiver type a rule may
  look up at the call);
- ``blocks``: the first construct that can block (see ``blocking.py``);
- ``mentions_ctx``: whether the body's text mentions anything named like a context.

Calls, creations and blocking constructs inside func literals are left out: a literal may
never run (a callback, a goroutine the function starts on purpose).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis.blocking import CALLEES, blocking_call, blocking_kind
from ctx_ls.analysis.facts import CONTEXT_ROOTS
from ctx_ls.analysis.imports import Imports
from ctx_ls.analysis.scopes import statements
from ctx_ls.analysis.source import query, text

CONTEXT_TYPE = "context.Context"
REQUEST_TYPE = "*net/http.Request"
_FRESH = CONTEXT_ROOTS
_CTX_WORD = re.compile(rb"[cC]tx|Context")

_SCAN = query(
    """
    [
      (call_expression function: (identifier) @fn) @call
      (call_expression function: (selector_expression field: (field_identifier) @fn)) @call
      (func_literal) @lit
      (for_statement) @block
      (select_statement) @block
      (send_statement) @block
      (unary_expression operator: "<-") @block
    ]
    """
)


@dataclass(frozen=True, slots=True)
class FuncInfo:
    """A declaration's header: what callers see without reading the body."""

    name: str
    receiver: str  # the receiver's base type; "" for a function
    params: tuple[str | None, ...]
    results: tuple[str | None, ...] = ()

    def returns_context(self, context_types: frozenset[str] | set[str] = frozenset()) -> bool:
        return any(r == CONTEXT_TYPE or (r is not None and r in context_types) for r in self.results)

    def takes_context(self, context_types: frozenset[str] | set[str] = frozenset()) -> bool:
        """Whether any parameter gives the function a context (one of context type, or an
        ``*http.Request``)."""
        return any(p == CONTEXT_TYPE or p == REQUEST_TYPE or (p is not None and p in context_types) for p in self.params)

    def first_is_context(self, context_types: frozenset[str] | set[str] = frozenset()) -> bool:
        return bool(self.params) and (self.params[0] == CONTEXT_TYPE or self.params[0] in context_types)


@dataclass(frozen=True, slots=True)
class Body:
    """What a declaration's body does (computed only when a rule follows a call into it)."""

    fresh: tuple[int, int, str] | None  # relative span and what creates the context
    blocks: tuple[int, int, str] | None  # relative span and what can block
    calls: frozenset[tuple[str, str]]
    mentions_ctx: bool
    once: bool = False  # the body runs at most once (see once_guarded)


def header(facts, decl: Node) -> FuncInfo:
    """The header of a function or method declaration (no walk of the body). Parameter
    types are converted once per distinct type text in a file (they repeat a lot)."""
    from ctx_ls.analysis.decls import receiver_type_name

    memo: dict[bytes, str | None] = facts.memo.setdefault("canonical_types", {})

    def canonical(typ: Node | None) -> str | None:
        raw = typ.text if typ is not None else b""
        canon = memo.get(raw, _MISSING)
        if canon is _MISSING:
            canon = memo[raw] = _param_type(typ, facts.imports)
        return canon

    def listed(plist: Node | None) -> list[str | None]:
        out: list[str | None] = []
        for p in plist.named_children if plist is not None else ():
            if p.type != "parameter_declaration" and p.type != "variadic_parameter_declaration":
                continue
            names = sum(1 for c in p.children_by_field_name("name") if c.type == "identifier")
            out.extend([canonical(p.child_by_field_name("type"))] * (names or 1))
        return out

    result = decl.child_by_field_name("result")
    results = listed(result) if result is not None and result.type == "parameter_list" else (
        [canonical(result)] if result is not None else []
    )
    receiver = receiver_type_name(decl) if decl.type == "method_declaration" else ""
    params = listed(decl.child_by_field_name("parameters"))
    return FuncInfo(text(decl.child_by_field_name("name")), receiver, tuple(params), tuple(results))


_MISSING = object()


def summarize_bodies(facts, decls: list[Node]) -> dict[int, Body]:
    """The bodies of the function/method declarations among ``decls`` (top-level nodes of
    ``facts``' file), by start byte. One query over the smallest range that covers them."""
    decls = [d for d in decls if d.type in ("function_declaration", "method_declaration")]
    if not decls:
        return {}
    root = facts.source.root
    found: dict[int, dict[str, list[Node]]] = {d.start_byte: {"call": [], "lit": [], "block": []} for d in decls}
    starts = [d.start_byte for d in decls]
    ends = {d.start_byte: d.end_byte for d in decls}
    nodes = [root] if len(decls) > 8 else decls
    for node in nodes:
        for _, caps in QueryCursor(_SCAN).matches(node):
            for kind in ("call", "lit", "block"):
                hit = caps.get(kind)
                if not hit:
                    continue
                n = hit[0]
                i = bisect.bisect_right(starts, n.start_byte) - 1
                if i >= 0 and n.end_byte <= ends[starts[i]]:
                    found[starts[i]][kind].append(n)
    return {d.start_byte: _body(facts, d, found[d.start_byte]) for d in decls}


def _body(facts, decl: Node, found: dict[str, list[Node]]) -> Body:
    base = decl.start_byte
    literals = [(lit.start_byte, lit.end_byte) for lit in found["lit"]]

    def in_literal(n: Node) -> bool:
        return any(s <= n.start_byte and n.end_byte <= e for s, e in literals)

    recv_var = receiver_var(decl)
    fresh = blocks = None
    calls: set[tuple[str, str]] = set()
    for call in found["call"]:
        fn = call.child_by_field_name("function")
        qual = qualifier(facts, fn, recv_var, decl)
        if qual is None:
            continue
        name = text(fn.child_by_field_name("field") if fn.type == "selector_expression" else fn)
        if in_literal(call) or qual == "sel":
            continue
        calls.add((qual, name))
        if fresh is None and name in _FRESH and not _returned(call) and facts.called(call, "context", _FRESH):
            fresh = (call.start_byte - base, call.end_byte - base, f"context.{name}()")
    blocking = [(n, blocking_kind(facts, n)) for n in found["block"] if not in_literal(n)]
    blocking += [(c, blocking_call(facts, c)) for c in found["call"] if _called_name(c) in CALLEES and not in_literal(c)]
    blocking = [(n, what) for n, what in blocking if what is not None]
    if blocking:
        n, what = min(blocking, key=lambda b: b[0].start_byte)
        blocks = (n.start_byte - base, n.end_byte - base, what)
    body = decl.child_by_field_name("body")
    mentions = body is not None and _CTX_WORD.search(facts.text, body.start_byte, body.end_byte) is not None
    return Body(fresh, blocks, frozenset(calls), mentions, once_guarded(decl))


def _called_name(call: Node) -> str:
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return text(fn) if fn is not None else ""


def _param_type(typ: Node | None, imports: Imports) -> str | None:
    from ctx_ls.analysis.summaries import canonical_type

    if typ is None:
        return None
    if typ.type == "type_identifier" and text(typ) == "Context" and "context" in imports.dot:
        return CONTEXT_TYPE
    return canonical_type(typ, imports)


def receiver_var(decl: Node) -> str:
    recv = decl.child_by_field_name("receiver")
    if recv is None:
        return ""
    for p in recv.named_children:
        if p.type == "parameter_declaration":
            name = p.child_by_field_name("name")
            return text(name) if name is not None else ""
    return ""


def qualifier(facts, fn: Node | None, recv_var: str, decl: Node) -> str | None:
    """``""`` for a call of a package-level name, ``"recv"`` for a method called on the
    receiver, ``"pkg:" + path`` for an imported package's function, ``"sel"`` for a method
    of something else; None for a call of a local variable."""
    if fn is None:
        return None
    if fn.type == "identifier":
        return "" if _package_level(facts, fn, decl) else None
    operand = fn.child_by_field_name("operand")
    if operand is None:
        return None
    if operand.type != "identifier":
        return "sel"
    name = text(operand)
    if recv_var and name == recv_var:  # (a receiver name redeclared inside is not seen)
        return "recv"
    path = facts.imports.by_name.get(name)
    if path is not None and facts.is_package(operand, path):
        return "pkg:" + path
    return "sel"  # a method of something whose type a rule may look up at the call


def _package_level(facts, ident: Node, decl: Node) -> bool:
    """The identifier is not declared inside its top-level declaration ``decl`` (one
    C-speed query per declaration; the resolver only when the name is declared inside)."""
    if text(ident) not in facts._declared_names(decl):
        return True
    return not facts.resolver(ident).is_local(ident)


# ----- what does not count as starting from a fresh context (see Body.fresh, Body.once)
def _returned(call: Node) -> bool:
    """``return context.Background()``: the context is handed to the caller (a default,
    like ``Request.Context()``'s when none was set), nothing runs under it here."""
    parent = call.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
    return parent is not None and parent.type == "return_statement"


def once_guarded(decl: Node) -> bool:
    """The declaration runs its body at most once: it starts (after locking a mutex, if
    it does) with ``if flag { return ... }`` and sets ``flag = true`` later at the top
    level of its body — the hand-written form of ``sync.Once`` used for lazy, shared
    initialisation (``if ld.initialized { return }; ld.initialized = true``). A nil check
    (``if x != nil { return x }``) does not count: it is also the sticky-error guard of
    code that runs many times (``if r.err != nil { return 0, r.err }``)."""
    body = statements(decl.child_by_field_name("body"))
    for i, stmt in enumerate(body):
        if stmt.type == "if_statement":
            flag = _guard(stmt)
            return flag is not None and any(_sets_true(s, flag) for s in body[i + 1 :])
        if not _locks(stmt):
            return False
    return False


def _guard(stmt: Node) -> str | None:
    """``if flag { return ... }`` (flag a name or a field) → "flag"."""
    if stmt.child_by_field_name("initializer") is not None or stmt.child_by_field_name("alternative") is not None:
        return None
    inside = statements(stmt.child_by_field_name("consequence"))
    if len(inside) != 1 or inside[0].type != "return_statement":
        return None
    cond = stmt.child_by_field_name("condition")
    if cond is not None and cond.type in ("identifier", "selector_expression"):
        return text(cond)
    return None


def _sets_true(stmt: Node, flag: str) -> bool:
    """``flag = true``, a statement at the top level of the body."""
    if stmt.type != "assignment_statement" or text(stmt.child_by_field_name("operator")) != "=":
        return False
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    targets = [n for n in left.named_children if n.type != "comment"] if left is not None else []
    values = [n for n in right.named_children if n.type != "comment"] if right is not None else []
    return any(
        text(t) == flag and len(values) == len(targets) and values[i].type == "true" for i, t in enumerate(targets)
    )


def _locks(stmt: Node) -> bool:
    """``mu.Lock()`` / ``mu.RLock()``, or ``defer mu.Unlock()`` / ``defer mu.RUnlock()``."""
    names = ("Lock", "RLock")
    if stmt.type == "defer_statement":
        names = ("Unlock", "RUnlock")
    elif stmt.type != "expression_statement":
        return False
    call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is None or fn.type != "selector_expression":
        return False
    return text(fn.child_by_field_name("field")) in names
