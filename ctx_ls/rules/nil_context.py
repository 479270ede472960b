"""Literal nil passed where a context is required

## What it does
Flags a literal `nil` passed as the first argument of a function whose first parameter is a
context:
- the functions of package `context` that take a parent: `WithCancel`, `WithTimeout`,
  `WithDeadline`, their `*Cause` forms, `WithValue`, `WithoutCancel`, and also `AfterFunc`
  and `Cause`;
- the standard library calls that take a leading context: `http.NewRequestWithContext`,
  `exec.CommandContext`, `signal.NotifyContext`, `errgroup.WithContext`; the `QueryContext`,
  `QueryRowContext`, `ExecContext`, `PrepareContext`, `BeginTx` and `PingContext` methods on
  a value known to be a `*sql.DB`, `*sql.Tx`, `*sql.Conn` or `*sql.Stmt`; `DialContext` on a
  `net.Dialer` or `tls.Dialer`, `Listen` and `ListenPacket` on a `net.ListenConfig`, the
  `Lookup…` methods on a `net.Resolver` (`net.DefaultResolver`), `HandshakeContext` on a
  `tls.Conn`;
- a function or method declared in the package (this file or another file of the package,
  through the package index) whose first parameter is of context type (a method when the
  receiver's type is known: a variable, parameter or field declared with a type of the
  package, an interface type of the file included). When build constraints select between
  files that declare the same function, every declaration must take a context first.

Limits: functions and methods of other packages are not known, so `nil` passed to them is
not reported; neither is a method reached through an embedded field, nor a func value held
in a variable.

## Why is this bad?
A nil context is not a context: the first `ctx.Done()`, `ctx.Value()` or `ctx.Err()` on it
panics, and the `context` functions panic at once with "cannot create context from nil
parent". The documentation of package `context` says: do not pass a nil Context, even if a
function permits it; pass `context.TODO()` if you are unsure which Context to use.

## Example
```go
func warmUp(db *sql.DB) error {
	_, err := db.ExecContext(nil, "SELECT 1")
	return err
}
```

## Use instead
```go
func warmUp(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "SELECT 1")
	return err
}
```
or, while no caller has a context to give, `db.ExecContext(context.TODO(), "SELECT 1")`.

## Fix safety
The fix replaces `nil` with `context.TODO()` (adding the `context` import when the file has
none). It is safe: the program then runs where it used to panic, with a context that is
never cancelled and has no values. No fix is offered when the name it would write is
declared by the function or the file (a variable called `context`, say).
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ctx_ls.analysis.decls import FileDecls, file_decls
from ctx_ls.analysis.edits import package_ref
from ctx_ls.analysis.facts import CONTEXT, CONTEXT_DERIVING, HTTP, FileFacts
from ctx_ls.analysis.model import Diagnostic, Edit, Fix, Severity
from ctx_ls.analysis.source import span, text
from ctx_ls.analysis.types import expression_type
from ctx_ls.rules.base import Rule

# Package functions with a leading context parameter, by import path.
FUNCTIONS: dict[str, frozenset[str]] = {
    CONTEXT: CONTEXT_DERIVING | {"AfterFunc", "Cause"},
    HTTP: frozenset({"NewRequestWithContext"}),
    "os/exec": frozenset({"CommandContext"}),
    "os/signal": frozenset({"NotifyContext"}),
    "golang.org/x/sync/errgroup": frozenset({"WithContext"}),
}

_SQL = frozenset({"QueryContext", "QueryRowContext", "ExecContext", "PrepareContext", "BeginTx", "PingContext"})
_LOOKUPS = frozenset({
    "LookupHost", "LookupIP", "LookupIPAddr", "LookupNetIP", "LookupAddr", "LookupCNAME", "LookupMX",
    "LookupTXT", "LookupSRV", "LookupNS", "LookupPort",
})
# Methods with a leading context parameter, by the canonical type of their receiver.
METHODS: dict[str, frozenset[str]] = {
    **{f"*database/sql.{t}": _SQL for t in ("DB", "Tx", "Conn", "Stmt")},
    "net.Dialer": frozenset({"DialContext"}),
    "net.ListenConfig": frozenset({"Listen", "ListenPacket"}),
    "net.Resolver": _LOOKUPS,
    "crypto/tls.Dialer": frozenset({"DialContext"}),
    "crypto/tls.Conn": frozenset({"HandshakeContext"}),
}
_POINTER_OK = frozenset({"net.Dialer", "net.ListenConfig", "net.Resolver", "crypto/tls.Dialer", "crypto/tls.Conn"})

CALLEES = frozenset().union(*FUNCTIONS.values(), *METHODS.values())


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    nil_calls = facts.nodes("nil_first_call")
    if not nil_calls:
        return  # the usual case: no declaration facts needed
    decls = file_decls(facts.source.root)
    own = _own_context_functions(facts, decls)
    names = CALLEES | own
    elsewhere: frozenset[str] | None = None
    for call in nil_calls:
        name = _called_name(call)
        if name not in names:
            if elsewhere is None:
                # A filter (it may hold more); _callee checks the declaration itself.
                elsewhere = facts.package.function_names()
            if name not in elsewhere:
                continue
        args = call.child_by_field_name("arguments")
        nil = next((a for a in args.named_children if a.type != "comment"), None) if args is not None else None
        if nil is None or nil.type != "nil":
            continue
        callee = _callee(facts, decls, call)
        if callee is None:
            continue
        yield RULE.diagnostic(
            span(nil),
            f"nil passed as the context of {callee}: it panics when the context is used; "
            "pass context.TODO() when no context is at hand",
            fixes=_fix(facts, decls, call, nil),
        )


def _own_context_functions(facts: FileFacts, decls: FileDecls) -> frozenset[str]:
    names = {name for name, fn in decls.funcs.items() if _first_is_context(facts, fn)}
    names.update(name for (_, name), fn in decls.methods.items() if _first_is_context(facts, fn))
    return frozenset(names)


def _in_package(facts: FileFacts, receiver: str, name: str) -> bool:
    """Every declaration of the function or method in the other files takes a context
    first (more than one: files selected by build constraints)."""
    found = facts.package.functions(receiver, name)
    types = facts.context_type_names | facts.package.context_types()
    return bool(found) and all(info.first_is_context(types) for _, info in found)


def _called_name(call: Node) -> str:
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return text(fn) if fn is not None and fn.type in ("identifier", "field_identifier") else ""


def _first_is_context(facts: FileFacts, fn: Node) -> bool:
    plist = fn.child_by_field_name("parameters")
    first = plist.named_children[0] if plist is not None and plist.named_children else None
    while first is not None and first.type == "comment":
        first = first.next_named_sibling
    return first is not None and first.type == "parameter_declaration" and facts.is_context_type(
        first.child_by_field_name("type")
    )


def _callee(facts: FileFacts, decls: FileDecls, call: Node) -> str | None:
    """How to name the called function in the message, when its first parameter is known
    to be a context; else None."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    for path, names in FUNCTIONS.items():
        if facts.called(call, path, names):
            return text(fn)
    if fn.type == "identifier":
        name = text(fn)
        if facts.resolver(fn).is_local(fn):
            return None
        if name not in decls.funcs:
            return name if not decls.declares(name) and _in_package(facts, "", name) else None
        return name if _first_is_context(facts, decls.funcs[name]) else None
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    method = text(fn.child_by_field_name("field"))
    if operand is None:
        return None
    receiver = _receiver_type(facts, operand)
    if receiver is None:
        return None
    shown = f"{text(operand)}.{method}" if operand.type == "identifier" else method
    if method in METHODS.get(receiver, ()) or (
        receiver.lstrip("*") in _POINTER_OK and method in METHODS.get(receiver.lstrip("*"), ())
    ):
        return shown
    if "." in receiver:
        return None  # a type of another package
    target = decls.methods.get((receiver.lstrip("*"), method))
    if target is None:
        return shown if _in_package(facts, receiver.lstrip("*"), method) else None
    return shown if _first_is_context(facts, target) else None


def _receiver_type(facts: FileFacts, operand: Node) -> str | None:
    # net.DefaultResolver: a *net.Resolver that expression_type does not know.
    if (
        operand.type == "selector_expression"
        and text(operand.child_by_field_name("field")) == "DefaultResolver"
        and facts.is_package(operand.child_by_field_name("operand"), "net")
    ):
        return "*net.Resolver"
    return expression_type(facts, operand)


def _fix(facts: FileFacts, decls: FileDecls, call: Node, nil: Node) -> tuple[Fix, ...]:
    imported = facts.imports.imports(CONTEXT)
    if not imported and (CONTEXT in facts.imports.by_name or decls.declares(CONTEXT)):
        return ()  # the import would clash with another package or declaration named context
    ref, import_edits = package_ref(facts, CONTEXT, "TODO")
    qualifier = ref.split(".", 1)[0]
    if any(local.name == qualifier for local in facts.resolver(call).locals.values()):
        return ()  # a local of that name may hide the package here
    if "." not in ref and decls.declares(qualifier):
        return ()  # dot import, but the file declares its own TODO
    return (Fix(f"Pass {ref}()", (Edit(span(nil), f"{ref}()"), *import_edits)),)


RULE = Rule(
    code="CTX304",
    id="nil-context",
    severity=Severity.ERROR,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("staticcheck",),
    needs=(b"nil",),
)
