"""What can make a goroutine's body block or run long, from syntax.

Shared by ``goroutine-no-context`` (func literals started with ``go``) and the function
summaries of the package index (named functions started with ``go f(...)``): a loop, a
``select``, a channel send or receive, ``time.Sleep``, or a call from the blocking-API tables
(``http.Get``, ``db.Query`` on a ``*sql.DB``, ``exec.Command``, ``net.Dial``, ...).
Constructs inside nested func literals do not count: they may never run.
"""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis import stdlib
from ctx_ls.analysis.facts import HTTP, FileFacts
from ctx_ls.analysis.scopes import FUNCTIONS, Local
from ctx_ls.analysis.source import text
from ctx_ls.analysis.types import expression_type

TIME = "time"
_SQL_METHODS = stdlib.SQL_METHODS
CALLEES = (
    frozenset({"Sleep"})
    | stdlib.HTTP_SENDERS
    | frozenset().union(*_SQL_METHODS.values())
    | (stdlib.EXEC_FUNCS | stdlib.NET_FUNCS | stdlib.TLS_FUNCS | {"Handshake"})
)


def first_blocking(facts: FileFacts, body: Node) -> tuple[Node, str] | None:
    """The first construct in the body (not in nested literals) that can block."""
    stack = [body]
    found: list[tuple[Node, str]] = []
    while stack:
        n = stack.pop()
        what = blocking_kind(facts, n)
        if what is not None:
            found.append((n, what))
            continue
        stack.extend(c for c in n.named_children if c.type not in FUNCTIONS)
    sends: dict[int, list[Node]] = {}
    for n, what in found:
        if what == "channel send":
            local = _channel_local(facts, n)
            if local is not None:
                sends.setdefault(local.ident.start_byte, []).append(n)
    blocking = [
        (n, what) for n, what in found
        if not (what == "channel send" and _fits_buffer(facts, n, sends))
    ]
    return min(blocking, key=lambda b: b[0].start_byte) if blocking else None


def _channel_local(facts: FileFacts, send: Node) -> Local | None:
    ch = send.child_by_field_name("channel")
    return facts.resolve(ch) if ch is not None and ch.type == "identifier" else None


def _fits_buffer(facts: FileFacts, send: Node, sends: dict[int, list[Node]]) -> bool:
    """A send (not in a loop of the goroutine) on a local channel made with a constant
    buffer at least as large as the goroutine's sends on it: the result-channel idiom
    ``ch := make(chan T, 1); go func() { ch <- work() }()`` never blocks."""
    local = _channel_local(facts, send)
    if local is None or local.kind not in ("short", "var") or local.value is None or local.index != 0:
        return False
    made = local.value
    if made.type != "call_expression" or text(made.child_by_field_name("function")) != "make":
        return False
    args = made.child_by_field_name("arguments")
    if args is None or args.named_child_count != 2 or args.named_children[0].type != "channel_type":
        return False
    size = args.named_children[1]
    if size.type != "int_literal":
        return False
    try:
        capacity = int(text(size).replace("_", ""), 0)
    except ValueError:
        return False
    return len(sends.get(local.ident.start_byte, ())) <= capacity


def blocking_kind(facts: FileFacts, n: Node) -> str | None:
    t = n.type
    if t == "for_statement":
        return "loop"
    if t == "select_statement":
        return "select"
    if t == "send_statement":
        return "channel send"
    if t == "unary_expression" and text(n.child_by_field_name("operator")) == "<-":
        return "channel receive"
    if t == "call_expression":
        return blocking_call(facts, n)
    return None


def blocking_call(facts: FileFacts, call: Node) -> str | None:
    if facts.called(call, TIME, frozenset({"Sleep"})):
        return "time.Sleep"
    name = facts.called(call, HTTP, stdlib.HTTP_SENDERS)
    if name is not None:
        return f"http.{name}"
    found = stdlib.classify_call(facts, call)
    if found is not None:
        pkg, name = found
        return ("tls." if pkg == stdlib.TLS else f"{pkg.rsplit('/', 1)[-1]}.") + name
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    name = text(fn.child_by_field_name("field"))
    if name not in CALLEES:
        return None
    recv = fn.child_by_field_name("operand")
    typ = expression_type(facts, recv) if recv is not None else None
    if typ is None:
        return None
    if name in stdlib.HTTP_SENDERS and typ in stdlib.HTTP_CLIENT_TYPES:
        return f"http.Client.{name}"
    if name in _SQL_METHODS.get(typ.lstrip("*"), ()):
        return typ.lstrip("*").replace("database/sql", "sql") + "." + name
    return None
