"""The built-in type of a ``context.WithValue`` key, when syntax shows it.

Used by ``context-key-type`` at the call and by the package index, which records for every
package-level constant and variable of a file what this finds, so that a key declared in
another file of the package is judged the same way.
"""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.decls import BUILTIN_TYPES, FileDecls, aligned_value, const_origin
from ctx_ls.analysis.scopes import Local
from ctx_ls.analysis.source import text

_LITERALS = {
    "interpreted_string_literal": "string",
    "raw_string_literal": "string",
    "int_literal": "int",
    "float_literal": "float64",
    "imaginary_literal": "complex128",
    "rune_literal": "rune",
    "true": "bool",
    "false": "bool",
    "iota": "int",
}
# Default types of untyped constants, from the weakest kind to the strongest.
_UNTYPED_RANK = ("int", "rune", "float64", "complex128")
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "&&", "||"})
EMPTY_STRUCT = "struct{}"
INTERFACE = "interface"  # marker: a variable of type any / interface{}
_MAX_DEPTH = 8



class KeyTypes:
    """The built-in type of an expression when syntax shows it: a name in BUILTIN_TYPES,
    ``struct{}``, the interface marker (a variable of type any), or None (unknown, or a
    named type: fine)."""

    def __init__(self, facts, decls: FileDecls, package=None) -> None:
        self.facts = facts
        self.decls = decls
        self.package = package  # a PackageIndex, for names declared in other files

    def of(self, expr: Node | None, depth: int) -> str | None:
        if expr is None or depth > _MAX_DEPTH:
            return None
        t = expr.type
        if t in _LITERALS:
            return _LITERALS[t]
        if t == "parenthesized_expression":
            return self.of(expr.named_children[0], depth + 1) if expr.named_children else None
        if t == "unary_expression":
            op = text(expr.child_by_field_name("operator"))
            if op not in ("-", "+", "^", "!"):
                return None  # &x, <-ch, *p
            return self._plain(self.of(expr.child_by_field_name("operand"), depth + 1))
        if t == "binary_expression":
            return self._binary(expr, depth)
        if t == "identifier":
            return self._identifier(expr, depth)
        if t == "call_expression":
            return self._conversion(expr, depth)
        if t == "type_conversion_expression":
            typ = expr.child_by_field_name("type")
            if typ is not None and typ.type == "interface_type" and not typ.named_children:
                return self._plain(self.of(expr.child_by_field_name("operand"), depth + 1))
            return None
        if t == "composite_literal":
            body = expr.child_by_field_name("body")
            empty = body is not None and not body.named_children
            return EMPTY_STRUCT if empty and self.type_of(expr.child_by_field_name("type"), depth + 1) == EMPTY_STRUCT else None
        return None

    @staticmethod
    def _plain(found: str | None) -> str | None:
        return None if found == INTERFACE else found

    def _binary(self, expr: Node, depth: int) -> str | None:
        op = text(expr.child_by_field_name("operator"))
        left = self._plain(self.of(expr.child_by_field_name("left"), depth + 1))
        right = self._plain(self.of(expr.child_by_field_name("right"), depth + 1))
        if left is None or right is None or EMPTY_STRUCT in (left, right):
            return None
        if op in _COMPARISONS:
            return "bool"
        if op in ("<<", ">>") or left == right:
            return left
        if left in _UNTYPED_RANK and right in _UNTYPED_RANK:
            return max(left, right, key=_UNTYPED_RANK.index)
        return None

    def _conversion(self, call: Node, depth: int) -> str | None:
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        values = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        if fn is None or len(values) != 1 or fn.type != "identifier":
            return None
        if self.facts.resolver(fn).is_local(fn):
            return None
        name = text(fn)
        if name in self.decls.types:
            return self._plain(self._named(name, fn, depth + 1))
        if self.decls.declares(name):
            return None  # a package-level function or variable of the file
        if name in BUILTIN_TYPES:
            return name
        if name == "any":
            return self._plain(self.of(values[0], depth + 1))
        return None

    def type_of(self, typ: Node | None, depth: int = 0) -> str | None:
        """A declared type: a built-in name, the interface marker, ``struct{}`` or None."""
        if typ is None or depth > _MAX_DEPTH:
            return None
        if typ.type == "type_identifier":
            return self._named(text(typ), typ, depth)
        if typ.type == "interface_type" and not typ.named_children:
            return INTERFACE
        if _is_empty_struct(typ):
            return EMPTY_STRUCT
        return None

    def _named(self, name: str, at: Node, depth: int) -> str | None:
        spec = self.decls.types.get(name)
        if spec is not None:
            # An alias of a built-in type is that type; a defined type is a named type: fine.
            return self.type_of(spec.child_by_field_name("type"), depth + 1) if spec.type == "type_alias" else None
        if any(l.kind == "type" and l.name == name for l in self.facts.resolver(at).locals.values()):
            return None  # a local type declaration (of any kind): stay silent
        if name in BUILTIN_TYPES:
            return name
        return INTERFACE if name == "any" else None

    def _identifier(self, ident: Node, depth: int) -> str | None:
        local = self.facts.resolve(ident)
        if local is not None:
            return self._local(local, depth)
        if self.facts.resolver(ident).is_local(ident):
            return None
        decl = self.decls.values.get(text(ident))
        if decl is None:
            if self.decls.declares(text(ident)) or self.package is None:
                return None
            # Declared in another file of the package (as the package index saw it there),
            # or in another package (dot import) or predeclared: None.
            return self.package.key_type(text(ident))
        return self._declared(decl.type, decl.value, decl.kind == "var", depth)

    def _local(self, local: Local, depth: int) -> str | None:
        if local.kind in ("param", "result"):
            found = self.type_of(local.type)
            return None if found == INTERFACE else found  # any holding what the caller passes
        if local.kind == "const" and local.statement is not None:
            typ, value = const_origin(local.statement, local.index)
            return self._declared(typ, value, False, depth)
        if local.kind == "var" and local.statement is not None:
            names = [c for c in local.statement.children_by_field_name("name") if c.type == "identifier"]
            value = aligned_value(local.statement, local.index, len(names))
            return self._declared(local.type, value, True, depth)
        if local.kind == "short" and local.statement is not None:
            left = local.statement.child_by_field_name("left")
            right = local.statement.child_by_field_name("right")
            if left is None or right is None or left.named_child_count != right.named_child_count:
                return None  # a, b := f(): the types of f's results are unknown
            return self._declared(None, local.value, True, depth)
        return None

    def _declared(self, typ: Node | None, value: Node | None, is_var: bool, depth: int) -> str | None:
        if typ is not None:
            found = self.type_of(typ)
            if found == INTERFACE:
                held = self._plain(self.of(value, depth + 1)) if is_var else None
                return held
            return found
        return self._plain(self.of(value, depth + 1))


def _is_empty_struct(typ: Node | None) -> bool:
    if typ is None or typ.type != "struct_type":
        return False
    fields = next((c for c in typ.named_children if c.type == "field_declaration_list"), None)
    return fields is None or not any(c.type == "field_declaration" for c in fields.named_children)
