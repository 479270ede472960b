"""Process, network or TLS call without the available context

## What it does
Flags, in a function that has a context available, the standard library calls that run
without one although a context-aware variant exists:

- `exec.Command` (use `exec.CommandContext`);
- `net.Dial`, `net.DialTimeout` (use `(&net.Dialer{}).DialContext`);
- `net.Listen`, `net.ListenPacket` (use `(&net.ListenConfig{}).Listen` / `ListenPacket`);
- `net.LookupHost`, `LookupIP`, `LookupAddr`, `LookupCNAME`, `LookupMX`, `LookupTXT`,
  `LookupSRV`, `LookupNS` (use the same method of `net.DefaultResolver`);
- `tls.Dial` (use `tls.Dialer.DialContext`);
- `Handshake` on a value known to be a `*tls.Conn` (use `HandshakeContext`): a parameter,
  variable or struct field declared with that type, or the result of `tls.Client`,
  `tls.Server`, `tls.Dial` or `tls.DialWithDialer`.

Import aliases and dot imports are recognised; a package name shadowed by a local is not
the package. Code with no context at hand (`main`, setup code, CLI tools) is not reported:
there the context-aware variant would only be given `context.Background()`. Nor is a call
that runs only when the context is nil (`if ctx != nil { ... } else { exec.Command(...) }`):
the context-aware variants panic on a nil context. A `Handshake`
method whose receiver's type cannot be seen in the package is left alone.

## Why is this bad?
These calls use `context.Background()` internally. A command keeps running after the
request that started it was cancelled, and a dial, a DNS lookup or a TLS handshake against
a slow or unreachable peer blocks for the operating system's timeout (often minutes)
instead of ending with the caller's deadline.

## Example
```go
func (b *Builder) Compile(ctx context.Context, dir string) ([]byte, error) {
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	return cmd.CombinedOutput()
}
```

## Use instead
```go
func (b *Builder) Compile(ctx context.Context, dir string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", "build", "./...")
	cmd.Dir = dir
	return cmd.CombinedOutput()
}
```

## Fix safety
Each fix calls what the standard library itself calls, with the available context instead
of `context.Background()`, so it is safe: `exec.Command(` becomes
`exec.CommandContext(ctx, `; `conn.Handshake()` becomes `conn.HandshakeContext(ctx)`;
`net.Dial(` becomes `(&net.Dialer{}).DialContext(ctx, `; `net.DialTimeout(n, a, d)` becomes
`(&net.Dialer{Timeout: d}).DialContext(ctx, n, a)` (safe only when moving `d` before the other
arguments cannot change what they evaluate to: one side contains no call or receive);
`net.Listen(` and `net.ListenPacket(` become `(&net.ListenConfig{}).Listen(ctx, ` and
`...ListenPacket(ctx, `; `net.LookupHost(` becomes `net.DefaultResolver.LookupHost(ctx, `
(likewise `LookupAddr`, `LookupCNAME`, `LookupMX`, `LookupTXT`, `LookupSRV`, `LookupNS`).
Cancelling the context then kills the command or ends the dial, which is the point.
`net.LookupIP` (the resolver's `LookupIP` takes a network argument and returns through a
different path) and `tls.Dial` (`tls.Dialer.DialContext` returns a `net.Conn`, not a
`*tls.Conn`) have no automatic fix: the message says what to write.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ctx_ls.analysis.edits import insert_first_argument, rename_callee
from ctx_ls.analysis.facts import CtxRef, FileFacts
from ctx_ls.analysis.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from ctx_ls.analysis.source import span, text
from ctx_ls.analysis.stdlib import (
    EXEC,
    EXEC_FUNCS,
    LISTENS,
    NET,
    NET_FUNCS,
    RESOLVER_LOOKUPS,
    TLS,
    TLS_FUNCS,
    classify_call,
)
from ctx_ls.rules.base import Rule

CALLEES = EXEC_FUNCS | NET_FUNCS | TLS_FUNCS | {"Handshake"}


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    imports = facts.imports
    if not (imports.imports(EXEC) or imports.imports(NET) or imports.imports(TLS)):
        return
    for call in facts.calls(CALLEES):
        found = classify_call(facts, call)
        if found is None:
            continue
        ctx = facts.ctx_at(call)
        if ctx is None or _nil_guarded(call, ctx):
            continue
        pkg, name = found
        yield _diagnostic(facts, call, pkg, name, ctx)


def _nil_guarded(call: Node, ctx: CtxRef) -> bool:
    """The call runs only when the context is nil: ``if ctx != nil { ...Context(ctx) } else
    { exec.Command(...) }`` or ``if ctx == nil { ... }`` (the Context variants panic on nil)."""
    names = {ctx.param, ctx.expr} | set(ctx.derived)
    node = call
    while node.parent is not None and node.type not in ("function_declaration", "method_declaration"):
        parent = node.parent
        if parent.type == "if_statement":
            cond = parent.child_by_field_name("condition")
            if cond is not None and cond.type == "binary_expression":
                op = text(cond.child_by_field_name("operator"))
                sides = {text(cond.child_by_field_name("left")), text(cond.child_by_field_name("right"))}
                if "nil" in sides and sides & names:
                    branch = "consequence" if op == "==" else "alternative" if op == "!=" else None
                    if branch is not None and parent.child_by_field_name(branch) == node:
                        return True
        node = parent
    return False


def _diagnostic(facts: FileFacts, call: Node, pkg: str, name: str, ctx: CtxRef) -> Diagnostic:
    short = pkg.rsplit("/", 1)[-1]
    fn = call.child_by_field_name("function")
    # How the package is written at the call ("net." / "n." / "" for a dot import).
    qual = ""
    if fn is not None and fn.type == "selector_expression" and name != "Conn.Handshake":
        qual = text(fn.child_by_field_name("operand")) + "."
    c = ctx.expr
    fix: Fix | None = None
    if name == "Command":
        advice = f"exec.CommandContext({c}, …)"
        fix = _rename_fix(facts, call, "CommandContext", c)
    elif name == "Conn.Handshake":
        advice = f"HandshakeContext({c})"
        fix = _rename_fix(facts, call, "HandshakeContext", c)
    elif name == "Dial" and pkg == NET:
        advice = f"(&net.Dialer{{}}).DialContext({c}, …)"
        fix = _callee_fix(facts, call, f"(&{qual}Dialer{{}}).DialContext", c, ("Dialer",))
    elif name == "DialTimeout":
        advice = f"(&net.Dialer{{Timeout: …}}).DialContext({c}, …)"
        fix = _dial_timeout_fix(facts, call, qual, c)
    elif name in LISTENS:
        advice = f"(&net.ListenConfig{{}}).{name}({c}, …)"
        fix = _callee_fix(facts, call, f"(&{qual}ListenConfig{{}}).{name}", c, ("ListenConfig",))
    elif name in RESOLVER_LOOKUPS:
        advice = f"net.DefaultResolver.{name}({c}, …)"
        fix = _callee_fix(facts, call, f"{qual}DefaultResolver.{name}", c, ("DefaultResolver",))
    elif name == "LookupIP":
        advice = f'net.DefaultResolver.LookupIP({c}, "ip", …)'
    else:  # tls.Dial
        advice = f"(&tls.Dialer{{Config: config}}).DialContext({c}, …), which returns the *tls.Conn as a net.Conn"
    shown = "tls.Conn.Handshake" if name == "Conn.Handshake" else f"{short}.{name}"
    return RULE.diagnostic(
        span(call),
        f"{shown} ignores the context available here and cannot be cancelled; use {advice}",
        fixes=(fix,) if fix is not None else (),
    )


def _dot(call: Node) -> bool:
    fn = call.child_by_field_name("function")
    return fn is not None and fn.type == "identifier"


def _shadowed(facts: FileFacts, call: Node, names: tuple[str, ...]) -> bool:
    """Under a dot import the names a fix introduces are unqualified: a local of the same
    name in the declaration could capture them."""
    if not _dot(call):
        return False
    return any(local.name in names for local in facts.resolver(call).locals.values())


def _rename_fix(facts: FileFacts, call: Node, new: str, ctx: str) -> Fix | None:
    if _shadowed(facts, call, (new,)):
        return None
    edits = (rename_callee(call, new), insert_first_argument(call, ctx))
    if None in edits:
        return None
    title = f"Use HandshakeContext({ctx})" if new == "HandshakeContext" else f"Use {new}({ctx}, …)"
    return Fix(title, edits)


def _callee_fix(facts: FileFacts, call: Node, callee: str, ctx: str, introduced: tuple[str, ...]) -> Fix | None:
    fn = call.child_by_field_name("function")
    if fn is None or _shadowed(facts, call, introduced):
        return None
    insert = insert_first_argument(call, ctx)
    if insert is None:
        return None
    return Fix(f"Use {callee}({ctx}, …)", (Edit(span(fn), callee), insert))


def _dial_timeout_fix(facts: FileFacts, call: Node, qual: str, ctx: str) -> Fix | None:
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or args.named_child_count != 3:
        return None
    network, address, timeout = args.named_children
    if any(c.type == "comment" for c in args.children) or any(a.type == "variadic_argument" for a in args.named_children):
        return None
    if _shadowed(facts, call, ("Dialer",)):
        return None
    callee = f"(&{qual}Dialer{{Timeout: {text(timeout)}}}).DialContext"
    insert = insert_first_argument(call, ctx)
    if insert is None:
        return None
    edits = (Edit(span(fn), callee), insert, Edit(Span(address.end_byte, timeout.end_byte), ""))
    # The timeout is now evaluated before the network and address: only exact when one of
    # the two sides has no call or receive whose order could be observed.
    exact = not _has_effects(timeout) or not (_has_effects(network) or _has_effects(address))
    return Fix(
        f"Use (&{qual}Dialer{{Timeout: …}}).DialContext({ctx}, …)" + ("" if exact else " (unsafe: evaluation order)"),
        edits,
        Applicability.SAFE if exact else Applicability.UNSAFE,
    )


def _has_effects(expr: Node) -> bool:
    """Whether evaluating the expression may call a function or receive from a channel."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.type in ("call_expression", "func_literal"):
            return True
        if node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "<-":
            return True
        stack.extend(node.named_children)
    return False


RULE = Rule(
    code="CTX204",
    id="call-no-context",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("noctx",),
    needs=(b"Command", b"Dial", b"Listen", b"Lookup", b"Handshake"),
)
