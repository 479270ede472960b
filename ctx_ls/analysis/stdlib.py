"""Standard library calls that cannot carry a context, shared by the rules that report
them (http-no-context, sql-no-context, call-no-context) and by goroutine-no-context, which
counts them as blocking."""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.source import text
from ctx_ls.analysis.types import expression_type

# net/http: package functions and Client methods without a context.
HTTP_SENDERS = frozenset({"Get", "Head", "Post", "PostForm"})
HTTP_CLIENT_TYPES = frozenset({"*net/http.Client", "net/http.Client"})

# database/sql: methods without a context, by receiver type.
SQL_METHODS = {
    "database/sql.DB": frozenset({"Query", "QueryRow", "Exec", "Prepare", "Begin", "Ping"}),
    "database/sql.Tx": frozenset({"Query", "QueryRow", "Exec", "Prepare"}),
    "database/sql.Stmt": frozenset({"Query", "QueryRow", "Exec"}),
}

# os/exec, net, crypto/tls.
EXEC = "os/exec"
NET = "net"
TLS = "crypto/tls"

EXEC_FUNCS = frozenset({"Command"})
DIALS = frozenset({"Dial", "DialTimeout"})
LISTENS = frozenset({"Listen", "ListenPacket"})
# Lookups whose DefaultResolver method has the same name and parameters after ctx.
RESOLVER_LOOKUPS = frozenset(
    {"LookupHost", "LookupAddr", "LookupCNAME", "LookupMX", "LookupTXT", "LookupSRV", "LookupNS"}
)
LOOKUPS = RESOLVER_LOOKUPS | {"LookupIP"}
NET_FUNCS = DIALS | LISTENS | LOOKUPS
TLS_FUNCS = frozenset({"Dial"})
TLS_CONN_TYPES = frozenset({"*crypto/tls.Conn", "crypto/tls.Conn"})
# Package functions returning a *tls.Conn as their first result.
TLS_CONN_MAKERS = frozenset({"Client", "Server", "Dial", "DialWithDialer"})



def classify_call(facts: FileFacts, call: Node) -> tuple[str, str] | None:
    """``(package path, name)`` of a call this rule reports, else None."""
    name = facts.called(call, EXEC, EXEC_FUNCS)
    if name is not None:
        return EXEC, name
    name = facts.called(call, NET, NET_FUNCS)
    if name is not None:
        return NET, name
    name = facts.called(call, TLS, TLS_FUNCS)
    if name is not None:
        return TLS, name
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != "Handshake":
        return None
    recv = fn.child_by_field_name("operand")
    if recv is not None and _is_tls_conn(facts, recv):
        return TLS, "Conn.Handshake"
    return None


def _is_tls_conn(facts: FileFacts, expr: Node) -> bool:
    if expression_type(facts, expr) in TLS_CONN_TYPES:
        return True
    value = expr
    if expr.type == "identifier":
        local = facts.resolve(expr)
        if local is None or local.type is not None or local.kind != "short" or local.index != 0:
            return False
        value = local.value
    while value is not None and value.type == "parenthesized_expression" and value.named_children:
        value = value.named_children[0]
    return value is not None and value.type == "call_expression" and facts.called(value, TLS, TLS_CONN_MAKERS) is not None
