"""Package-level declarations of one file: constants, variables, functions, methods, types.

Rules that need "declared in the package" facts beyond struct fields (the key of
``context.WithValue`` is a package constant of type string; ``f(nil, ...)`` calls a function
whose first parameter is a context) read them here. Only the file itself is summarised: the
package index does not know other files' values and functions yet, so a rule that uses this
stays silent about names declared elsewhere.

Looks only at the root's children (no walk of function bodies), so it is cheap enough to build
on every check that needs it.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from tree_sitter import Node

from ctx_ls.analysis.source import text

# Go's predeclared types that a key or value can have (``error`` and ``any`` are interfaces).
BUILTIN_TYPES = frozenset(
    ["string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "byte", "rune"]
)


@dataclass(frozen=True, slots=True)
class ValueDecl:
    """A package-level ``const`` or ``var`` name."""

    name: str
    kind: str  # "const" or "var"
    ident: Node
    type: Node | None  # declared type (for a constant, repeated from the group when omitted)
    value: Node | None  # initialiser expression aligned with the name, when one is written
    spec: Node


@dataclass
class FileDecls:
    values: dict[str, ValueDecl] = field(default_factory=dict)
    funcs: dict[str, Node] = field(default_factory=dict)  # name -> function_declaration
    # (receiver base type, method name) -> method_declaration, or method_elem of an interface
    methods: dict[tuple[str, str], Node] = field(default_factory=dict)
    types: dict[str, Node] = field(default_factory=dict)  # name -> type_spec / type_alias

    def declares(self, name: str) -> bool:
        return name in self.values or name in self.funcs or name in self.types


def file_decls(root: Node) -> FileDecls:
    decls = FileDecls()
    for decl in root.named_children:
        t = decl.type
        if t == "function_declaration":
            name = decl.child_by_field_name("name")
            if name is not None:
                decls.funcs.setdefault(text(name), decl)
        elif t == "method_declaration":
            name = decl.child_by_field_name("name")
            recv = receiver_type_name(decl)
            if name is not None and recv:
                decls.methods.setdefault((recv, text(name)), decl)
        elif t == "var_declaration":
            for spec in _specs(decl):
                names = _names(spec)
                for i, ident in enumerate(names):
                    _add_value(decls, ident, "var", spec.child_by_field_name("type"), aligned_value(spec, i, len(names)), spec)
        elif t == "const_declaration":
            origin: Node | None = None  # the last spec with expressions: repeated by the ones without
            for spec in _specs(decl):
                if spec.child_by_field_name("value") is not None:
                    origin = spec
                elif spec.child_by_field_name("type") is not None:
                    origin = None  # a typed spec without a value does not compile
                names = _names(spec)
                for i, ident in enumerate(names):
                    if origin is None:
                        _add_value(decls, ident, "const", None, None, spec)
                    else:
                        value = aligned_value(origin, i, len(_names(origin)))
                        _add_value(decls, ident, "const", origin.child_by_field_name("type"), value, spec)
        elif t == "type_declaration":
            for spec in decl.named_children:
                if spec.type not in ("type_spec", "type_alias"):
                    continue
                name = spec.child_by_field_name("name")
                if name is None:
                    continue
                decls.types.setdefault(text(name), spec)
                typ = spec.child_by_field_name("type")
                if typ is not None and typ.type == "interface_type":
                    for elem in typ.named_children:
                        mname = elem.child_by_field_name("name") if elem.type == "method_elem" else None
                        if mname is not None:
                            decls.methods.setdefault((text(name), text(mname)), elem)
    return decls


def _specs(decl: Node):
    for child in decl.named_children:
        if child.type in ("const_spec", "var_spec"):
            yield child
        elif child.type == "var_spec_list":
            yield from (c for c in child.named_children if c.type == "var_spec")


def _names(spec: Node) -> list[Node]:
    return [c for c in spec.children_by_field_name("name") if c.type == "identifier"]


def _add_value(decls: FileDecls, ident: Node, kind: str, typ: Node | None, value: Node | None, spec: Node) -> None:
    name = text(ident)
    if name != "_" and name not in decls.values:
        decls.values[name] = ValueDecl(name, kind, ident, typ, value, spec)


def aligned_value(spec: Node, index: int, count: int) -> Node | None:
    """The initialiser of the ``index``-th of ``count`` names, when each name has its own
    (not ``a, b = f()``)."""
    value = spec.child_by_field_name("value")
    if value is None:
        return None
    values = [v for v in value.named_children if v.type != "comment"] if value.type == "expression_list" else [value]
    return values[index] if len(values) == count and index < len(values) else None


def const_origin(spec: Node, index: int) -> tuple[Node | None, Node | None]:
    """The type and expression of the ``index``-th name of a ``const_spec``. A spec without
    an expression repeats the type and expressions of the previous spec in its group
    (``const ( a key = iota; b )``: ``b`` is a ``key`` too)."""
    cur: Node | None = spec
    while cur is not None:
        if cur.type == "const_spec" and cur.child_by_field_name("value") is not None:
            count = len([c for c in cur.children_by_field_name("name") if c.type == "identifier"])
            return cur.child_by_field_name("type"), aligned_value(cur, index, count)
        if cur.type == "const_spec" and cur.child_by_field_name("type") is not None:
            return None, None  # a typed spec without a value does not compile
        cur = cur.prev_named_sibling
        while cur is not None and cur.type == "comment":
            cur = cur.prev_named_sibling
    return None, None


# The common receivers, ``(s *Store)``, ``(Store)``, ``(s Store[K, V])``, read from their bytes.
_SIMPLE_RECEIVER = re.compile(rb"\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*([A-Za-z_]\w*)\s*(?:\[[\w\s,*.]*\])?\s*\)")


def receiver_type_name(method: Node) -> str:
    """``func (s *Store[T]) M()`` -> ``Store``."""
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return ""
    if not recv.has_error:
        simple = _SIMPLE_RECEIVER.fullmatch(recv.text or b"")
        if simple is not None:
            return simple.group(1).decode()
    return receiver_type_of(recv)


def receiver_type_of(recv: Node) -> str:
    """The receiver's type name, from the receiver parameter list's tree."""
    for decl in recv.named_children:
        if decl.type != "parameter_declaration":
            continue
        typ = decl.child_by_field_name("type")
        while typ is not None and typ.type in ("pointer_type", "parenthesized_type", "generic_type"):
            typ = typ.child_by_field_name("type") if typ.type == "generic_type" else (
                typ.named_children[0] if typ.named_children else None
            )
        return text(typ) if typ is not None and typ.type == "type_identifier" else ""
    return ""


def signature(root: Node, is_context_type) -> tuple:
    """What rules may learn from this module about a file, as a hashable value: a
    per-declaration cache must be invalidated when it changes (a diagnostic in one
    declaration can depend on another: the first parameter of a called function, the type
    of a package-level constant). ``is_context_type`` is ``FileFacts.is_context_type``."""
    decls = file_decls(root)

    def first_is_context(fn: Node) -> bool:
        plist = fn.child_by_field_name("parameters")
        first = next((c for c in plist.named_children if c.type != "comment"), None) if plist is not None else None
        return first is not None and first.type == "parameter_declaration" and is_context_type(
            first.child_by_field_name("type")
        )

    values = tuple(
        (v.name, v.kind, text(v.type), text(v.value)) for v in decls.values.values()
    )
    types = tuple(
        (name, spec.type, text(spec.child_by_field_name("type")) if spec.type == "type_alias" else "")
        for name, spec in decls.types.items()
    )
    funcs = tuple((name, first_is_context(fn)) for name, fn in decls.funcs.items())
    methods = tuple((key, first_is_context(fn)) for key, fn in decls.methods.items())
    return values, types, funcs, methods


def cache_signature(root: Node, top: list[tuple[Node, str]] | None = None) -> tuple:
    """A cheap stand-in for :func:`signature` in cache keys: it changes whenever anything
    this module can report changes (a function's name, receiver or parameters: its text up
    to the body; any top-level var, const or type declaration), without computing the facts
    themselves. What the parameter types mean depends on the imports, which cache keys hold
    separately. ``top``: the root's named children with their types (SourceFile.top)."""
    out = []
    source = root.text or b""
    for decl, t in top if top is not None else [(n, n.type) for n in root.named_children]:
        if t == "function_declaration" or t == "method_declaration":
            body = decl.child_by_field_name("body")
            out.append(source[decl.start_byte : body.start_byte if body is not None else decl.end_byte])
        elif t in ("var_declaration", "const_declaration", "type_declaration"):
            out.append(source[decl.start_byte : decl.end_byte])
    return tuple(out)
