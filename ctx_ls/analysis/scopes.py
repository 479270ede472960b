"""Local declarations and what each identifier refers to, from syntax alone.

A :class:`Resolver` walks one top-level declaration with Go's block scoping and records,
for every ``identifier`` node, the local declaration it refers to (keyed by the start byte
of the declaring identifier) or nothing (a package-level name or an imported package).
That answers "is ``http`` here the imported package or a shadowing local?", "every use of
this ``cancel`` variable", and "the declared syntactic type of this local".
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from ctx_ls.analysis.source import text

FUNCTIONS = frozenset({"function_declaration", "method_declaration", "func_literal"})

# Nodes whose value identifiers are names inside a type, never references to locals.
_TYPE_NODES = frozenset(
    {"function_type", "interface_type", "struct_type", "qualified_type", "type_identifier",
     "pointer_type", "slice_type", "map_type", "channel_type", "generic_type"}
)
_CASES = frozenset({"expression_case", "default_case", "type_case", "communication_case"})


@dataclass(slots=True)
class Local:
    """A locally declared name."""

    name: str
    ident: Node  # the declaring identifier
    kind: str  # "param", "result", "var", "const", "type", "short", "range", "case"
    type: Node | None = None  # declared type expression, when written
    value: Node | None = None  # the right-hand expression it was initialised from
    index: int = 0  # position on the left-hand side (for multi-value right-hand sides)
    statement: Node | None = None  # the declaring statement / spec
    function: Node | None = None  # the innermost function that declares it


class Resolver:
    """Name resolution for one top-level declaration."""

    def __init__(self, top: Node) -> None:
        self.top = top
        self.locals: dict[int, Local] = {}
        self.binding: dict[int, int] = {}  # identifier start byte -> declaring start byte
        self._uses: dict[int, list[int]] | None = None
        self._scopes: list[dict[str, int]] = []
        self._funcs: list[Node] = []
        self._visit_top(top)

    # ----- queries
    def resolve(self, ident: Node) -> Local | None:
        key = self.binding.get(ident.start_byte)
        return self.locals.get(key) if key is not None else None

    def is_local(self, ident: Node) -> bool:
        return ident.start_byte in self.binding

    def local_at(self, ident: Node) -> Local | None:
        """The declaration whose declaring identifier is ``ident``."""
        return self.locals.get(ident.start_byte)

    def use_offsets(self, local: Local) -> list[int]:
        """Start bytes of every identifier that refers to ``local`` (not its declaration)."""
        if self._uses is None:
            self._uses = {}
            for ident_start in sorted(self.binding):
                self._uses.setdefault(self.binding[ident_start], []).append(ident_start)
        return self._uses.get(local.ident.start_byte, [])

    # ----- the walk
    def _declare(self, ident: Node, kind: str, **facts) -> None:
        name = text(ident)
        if name == "_" or not self._scopes:
            return
        local = Local(name, ident, kind, function=self._funcs[-1] if self._funcs else None, **facts)
        self.locals[ident.start_byte] = local
        self._scopes[-1][name] = ident.start_byte

    def _lookup(self, ident: Node) -> None:
        name = text(ident)
        for scope in reversed(self._scopes):
            key = scope.get(name)
            if key is not None:
                self.binding[ident.start_byte] = key
                return

    def _visit_top(self, top: Node) -> None:
        if top.type in ("function_declaration", "method_declaration"):
            self._function(top)
        else:
            # package-level var/const: its names are not locals, but func literals inside are.
            for child in top.named_children:
                self._visit(child)

    def _function(self, fn: Node) -> None:
        self._scopes.append({})
        self._funcs.append(fn)
        for field in ("receiver", "type_parameters", "parameters", "result"):
            plist = fn.child_by_field_name(field)
            if plist is not None:
                self._params(plist, "result" if field == "result" else "param")
        body = fn.child_by_field_name("body")
        if body is not None:
            for child in body.named_children:  # the body shares the parameters' scope
                self._visit(child)
        self._funcs.pop()
        self._scopes.pop()

    def _params(self, plist: Node, kind: str) -> None:
        for decl in plist.named_children:
            if decl.type not in (
                "parameter_declaration", "variadic_parameter_declaration", "type_parameter_declaration"
            ):
                continue
            typ = decl.child_by_field_name("type")
            for child in decl.children_by_field_name("name"):
                if child.type == "identifier":
                    self._declare(child, kind, type=typ, statement=decl)

    def _visit(self, node: Node) -> None:
        t = node.type
        if t == "identifier":
            self._lookup(node)
            return
        if t in _TYPE_NODES or t in ("comment", "label_name", "field_identifier"):
            return
        handler = _HANDLERS.get(t)
        if handler is not None:
            handler(self, node)
            return
        for child in node.named_children:
            self._visit(child)

    def _scoped(self, node: Node) -> None:
        self._scopes.append({})
        for child in node.named_children:
            self._visit(child)
        self._scopes.pop()

    def _short_var(self, node: Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if right is not None:
            self._visit(right)
        values = right.named_children if right is not None else []
        single = values[0] if len(values) == 1 else None
        if left is None:
            return
        for i, ident in enumerate(left.named_children):
            if ident.type != "identifier":
                continue
            name = text(ident)
            if self._scopes and name in self._scopes[-1]:
                self._lookup(ident)  # redeclaration: plain assignment to the existing var
                continue
            value = values[i] if len(values) == len(left.named_children) else single
            self._declare(ident, "short", value=value, index=i, statement=node)

    def _var_spec(self, node: Node, kind: str) -> None:
        typ = node.child_by_field_name("type")
        value = node.child_by_field_name("value")
        if value is not None:
            self._visit(value)
        names = [c for c in node.children_by_field_name("name") if c.type == "identifier"]
        values = value.named_children if value is not None else []
        for i, ident in enumerate(names):
            v = values[i] if len(values) == len(names) else (values[0] if len(values) == 1 else None)
            self._declare(ident, kind, type=typ, value=v, index=i, statement=node)

    def _range(self, node: Node) -> None:
        right = node.child_by_field_name("right")
        left = node.child_by_field_name("left")
        if right is not None:
            self._visit(right)
        if left is None:
            return
        if any(c.type == ":=" for c in node.children):
            for i, ident in enumerate(left.named_children):
                if ident.type == "identifier":
                    self._declare(ident, "range", value=right, index=i, statement=node)
        else:
            self._visit(left)

    def _func_literal(self, node: Node) -> None:
        self._function(node)

    def _type_switch(self, node: Node) -> None:
        self._scopes.append({})
        alias = node.child_by_field_name("alias")
        for child in node.named_children:
            if child is alias or (alias is not None and child.start_byte == alias.start_byte):
                continue
            if child.type in ("type_case", "default_case"):
                self._scopes.append({})
                if alias is not None:
                    for ident in alias.named_children:
                        if ident.type == "identifier":
                            self._declare(ident, "case", statement=node)
                for c in child.named_children:
                    self._visit(c)
                self._scopes.pop()
            else:
                self._visit(child)
        self._scopes.pop()

    def _comm_case(self, node: Node) -> None:
        self._scopes.append({})
        for child in node.named_children:
            if child.type == "receive_statement" and any(c.type == ":=" for c in child.children):
                right = child.child_by_field_name("right")
                if right is not None:
                    self._visit(right)
                left = child.child_by_field_name("left")
                for ident in left.named_children if left is not None else []:
                    if ident.type == "identifier":
                        self._declare(ident, "short", value=right, statement=child)
            else:
                self._visit(child)
        self._scopes.pop()

    def _type_spec(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        if name is not None and self._scopes:
            # A local type shadows value names of the same spelling too (one namespace).
            self._scopes[-1][text(name)] = name.start_byte
            self.locals[name.start_byte] = Local(text(name), name, "type", statement=node)


_HANDLERS = {
    "block": Resolver._scoped,
    "if_statement": Resolver._scoped,
    "for_statement": Resolver._scoped,
    "expression_switch_statement": Resolver._scoped,
    "expression_case": Resolver._scoped,
    "default_case": Resolver._scoped,
    "type_case": Resolver._scoped,
    "communication_case": Resolver._comm_case,
    "type_switch_statement": Resolver._type_switch,
    "short_var_declaration": Resolver._short_var,
    "var_spec": lambda self, n: Resolver._var_spec(self, n, "var"),
    "const_spec": lambda self, n: Resolver._var_spec(self, n, "const"),
    "range_clause": Resolver._range,
    "func_literal": Resolver._func_literal,
    "function_declaration": Resolver._func_literal,  # reached only under ERROR nodes
    "method_declaration": Resolver._func_literal,
    "type_spec": Resolver._type_spec,
    "type_alias": Resolver._type_spec,
}


def top_level(node: Node) -> Node:
    """The top-level declaration (child of the root) that contains ``node``. The root is
    usually ``source_file``, but an ERROR node when the file is badly broken."""
    while node.parent is not None and node.parent.parent is not None:
        node = node.parent
    return node


def enclosing_function(node: Node) -> Node | None:
    node = node.parent
    while node is not None:
        if node.type in FUNCTIONS:
            return node
        node = node.parent
    return None


def statements(block: Node | None) -> list[Node]:
    """The statements of a block, comments left out (tree-sitter-go 0.25 wraps them in a
    ``statement_list``)."""
    out: list[Node] = []
    for child in block.named_children if block is not None else ():
        if child.type == "statement_list":
            out.extend(c for c in child.named_children if c.type != "comment")
        elif child.type != "comment":
            out.append(child)
    return out


def enclosing_functions(node: Node):
    """Innermost first."""
    fn = enclosing_function(node)
    while fn is not None:
        yield fn
        fn = enclosing_function(fn)


def parameters(fn: Node) -> list[tuple[Node | None, Node | None]]:
    """``(name identifier or None, type node)`` for each parameter, in order."""
    plist = fn.child_by_field_name("parameters")
    out: list[tuple[Node | None, Node | None]] = []
    if plist is None:
        return out
    for decl in plist.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        typ = decl.child_by_field_name("type")
        names = [c for c in decl.children_by_field_name("name") if c.type == "identifier"]
        if not names:
            out.append((None, typ))
        for name in names:
            out.append((name, typ))
    return out


def results(fn: Node) -> list[tuple[Node | None, Node]]:
    """``(name or None, type)`` for each result of a function."""
    res = fn.child_by_field_name("result")
    if res is None:
        return []
    if res.type != "parameter_list":
        return [(None, res)]
    out: list[tuple[Node | None, Node]] = []
    for decl in res.named_children:
        if decl.type != "parameter_declaration":
            continue
        typ = decl.child_by_field_name("type")
        names = [c for c in decl.children_by_field_name("name") if c.type == "identifier"]
        for name in names or [None]:
            out.append((name, typ))
    return out


def function_name(fn: Node) -> str:
    name = fn.child_by_field_name("name")
    return text(name) if name is not None else ""


def encloses(outer: Node | None, inner: Node) -> bool:
    """Whether ``inner`` lies within ``outer`` (byte ranges)."""
    return outer is not None and outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte


def inside(node: Node, types: frozenset[str] | set[str], limit: Node | None) -> bool:
    """Whether an ancestor of ``node`` below ``limit`` has one of ``types``."""
    cur = node.parent
    while cur is not None and cur != limit:
        if cur.type in types:
            return True
        cur = cur.parent
    return False


def binding(call: Node) -> tuple[Node, list[Node], str] | None:
    """For a call that is the single right-hand side of ``a, b := call``, ``a, b = call`` or
    ``var a, b = call``: the statement (or var spec), the left-hand expressions and the
    operator (``":="``, ``"="`` or ``"var"``)."""
    values = call.parent
    if values is None or values.type != "expression_list" or values.named_child_count != 1:
        return None
    stmt = values.parent
    if stmt is None:
        return None
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        if stmt.child_by_field_name("right") != values:
            return None
        left = stmt.child_by_field_name("left")
        names = list(left.named_children) if left is not None else []
        return stmt, names, ":=" if stmt.type == "short_var_declaration" else "="
    if stmt.type == "var_spec":
        return stmt, [c for c in stmt.children_by_field_name("name") if c.type == "identifier"], "var"
    return None
