"""Calls that never return (RULES.md "no-return call"), as far as syntax shows."""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.source import text

_NO_RETURN_PKG = {
    "os": frozenset({"Exit"}),
    "log": frozenset({"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"}),
    "runtime": frozenset({"Goexit"}),
    "syscall": frozenset({"Exit"}),
}
_NO_RETURN_TESTING = frozenset({"FailNow", "Fatal", "Fatalf", "Skip", "Skipf", "SkipNow"})
_TESTING_TYPES = (("T", True), ("B", True), ("F", True), ("TB", False))


def may_return(facts: FileFacts, call: Node) -> bool:
    """False when the call is known never to return (panic, os.Exit, log.Fatal*, t.Fatal*,
    t.Skip*, runtime.Goexit, or a name configured in ``no-return-funcs``)."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return True
    if fn.type == "identifier":
        name = text(fn)
        if name == "panic" and not facts.resolver(fn).is_local(fn):
            return False
        if name in facts.options.no_return_funcs and not facts.resolver(fn).is_local(fn):
            return False
        for path, names in _NO_RETURN_PKG.items():
            if path in facts.imports.dot and name in names and not facts.resolver(fn).is_local(fn):
                return False
        return True
    if fn.type != "selector_expression":
        return True
    operand = fn.child_by_field_name("operand")
    name = text(fn.child_by_field_name("field"))
    if operand is None or operand.type != "identifier":
        return True
    for path, names in _NO_RETURN_PKG.items():
        if name in names and facts.is_package(operand, path):
            return False
    if name in _NO_RETURN_TESTING:
        local = facts.resolve(operand)
        if local is not None and local.type is not None and any(
            facts.is_qualified_type(local.type, "testing", t, ptr) for t, ptr in _TESTING_TYPES
        ):
            return False
    if facts.options.no_return_funcs:
        qualified = f"{text(operand)}.{name}"
        if qualified in facts.options.no_return_funcs and not facts.resolver(operand).is_local(operand):
            return False
    return True
