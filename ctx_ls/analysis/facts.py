"""FileFacts: everything the rules may ask about one file, computed lazily and cached.

Rules receive a FileFacts and never parse, read files or look at settings themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from tree_sitter import Node, QueryCursor

from ctx_ls.analysis.gomod import NO_MODULE, Module
from ctx_ls.analysis.imports import Imports, read_imports
from ctx_ls.analysis.index import index
from ctx_ls.analysis.scopes import (
    FUNCTIONS,
    Local,
    Resolver,
    enclosing_function,
    parameters,
)
from ctx_ls.analysis.source import SourceFile, query, text
from ctx_ls.analysis.toplevel import TopLevel, bare_mentions, declares_no

_DECLARED = query(
    """
    [
      (short_var_declaration left: (expression_list (identifier) @d))
      (parameter_declaration name: (identifier) @d)
      (variadic_parameter_declaration name: (identifier) @d)
      (var_spec name: (identifier) @d)
      (const_spec name: (identifier) @d)
      (range_clause left: (expression_list (identifier) @d))
      (type_switch_statement alias: (expression_list (identifier) @d))
      (receive_statement left: (expression_list (identifier) @d))
      (type_spec name: (type_identifier) @d)
      (type_alias name: (type_identifier) @d)
      (type_parameter_declaration name: (identifier) @d)
    ]
    """
)

INDEXED_NODES = ("go_statement", "assignment_statement", "field_declaration", "for_statement")
FUNCTION_TYPES = ("function_declaration", "method_declaration")
_NESTED_FUNCTIONS = query("[(function_declaration) (method_declaration)] @fn")

CONTEXT = "context"
HTTP = "net/http"

# Functions of package context, by what they do (shared by rules and fixes).
CONTEXT_ROOTS = frozenset({"Background", "TODO"})  # a fresh root context
CONTEXT_CANCELLING = frozenset({  # a child context and its cancel func
    "WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause",
})
CONTEXT_DERIVING = CONTEXT_CANCELLING | {"WithValue", "WithoutCancel"}  # a child of a parent context


@dataclass(frozen=True)
class Options:
    """The parts of configuration that change what analysis finds."""

    no_return_funcs: frozenset[str] = frozenset()  # "klog.Fatalf", "pkg.Func" or "Func"
    allow_types_before: tuple[str, ...] = ("*testing.T", "*testing.B", "testing.TB")
    go_version: tuple[int, int] | None = None  # overrides go.mod

    def signature(self) -> tuple:
        return (tuple(sorted(self.no_return_funcs)), self.allow_types_before, self.go_version)


@dataclass(frozen=True, slots=True)
class CtxRef:
    """The context available at a place in a function."""

    param: str  # the parameter's name (a context, or the *http.Request)
    is_request: bool  # True when the ctx comes from ``param.Context()``
    expr: str  # what to write in a fix: a derived ctx variable, the param, or ``r.Context()``
    function: Node  # the function that declares the parameter
    derived: frozenset[str] = frozenset()  # names of locals derived from the ctx in scope


@dataclass
class FileFacts:
    source: SourceFile
    module: Module = NO_MODULE
    options: Options = field(default_factory=Options)
    # The top-level declarations to analyse (None: the whole file). The language server
    # narrows this to the declarations an edit touched.
    roots: tuple[Node, ...] | None = None
    # Open editor buffers that override files on disk (for the package index).
    overlays: dict[str, bytes] = field(default_factory=dict, repr=False)
    # True while the package index summarises this file for another one: the file's own
    # view of the package is then empty (no summary depends on a third file's).
    isolated: bool = False
    # What the engine scanned in this analysis (the whole file, or the declarations an edit
    # touched): its call index serves rules that look across declarations.
    scanned: FileFacts | None = field(default=None, repr=False)
    # Per-analysis caches of other modules (function headers, canonical types, ...): shared
    # with the narrowed copies the engine makes of these facts, since they are file-level.
    memo: dict = field(default_factory=dict, repr=False)
    _resolvers: dict[int, Resolver] = field(default_factory=dict, repr=False)
    _declared: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict, repr=False)

    # ----- file-level facts
    @cached_property
    def imports(self) -> Imports:
        return read_imports(self.source.root)

    @property
    def text(self) -> bytes:
        return self.source.text

    @property
    def go_version(self) -> tuple[int, int]:
        return self.options.go_version or self.module.go_version

    @cached_property
    def package_name(self) -> str:
        for child, t in self.source.top:
            if t == "package_clause":
                for c in child.named_children:
                    return text(c)
        return ""

    @cached_property
    def context_type_names(self) -> frozenset[str]:
        """Named types declared in this file whose underlying type is context.Context."""
        names = set()
        for decl, t in self.source.top:
            if t != "type_declaration":
                continue
            for spec in decl.named_children:
                if spec.type in ("type_spec", "type_alias"):
                    name, typ = spec.child_by_field_name("name"), spec.child_by_field_name("type")
                    if name is not None and typ is not None and self._is_std_context_type(typ):
                        names.add(text(name))
        return frozenset(names)

    @cached_property
    def package(self):
        """The package index (other files of this package), built on first use."""
        return _package_index(self)

    def file_signature(self) -> tuple:
        """Everything outside a declaration that the analysis of that declaration may read:
        part of the language server's per-declaration cache key. A rule that learns
        something new from other declarations must add it here."""
        from ctx_ls.analysis import consts, decls

        root = self.source.root
        return (self.imports.signature(), self.package_name, self.context_type_names, self.go_version,
                self.options.signature(), self.source.newline(), self.package.signature(),
                decls.cache_signature(root, self.source.top), consts.signature(root, self.source.top))

    def scan_roots(self) -> tuple[Node, ...]:
        return self.roots if self.roots is not None else (self.source.root,)

    @cached_property
    def _indexes(self) -> tuple[dict[bytes, list[Node]], dict[str, list[Node]]]:
        """One walk of the scanned roots shared by every rule: calls by the name they call
        (``x.Name(...)`` / ``Name(...)``, as bytes) and the INDEXED_NODES by type."""
        return index(self.scan_roots(), INDEXED_NODES, self.text)

    @property
    def _call_index(self) -> dict[bytes, list[Node]]:
        return self._indexes[0]

    def nodes(self, node_type: str) -> list[Node]:
        """Every node of one of the INDEXED_NODES types in the scanned roots, in source
        order: one tree walk shared by all rules (a query per rule costs a walk each)."""
        return self._indexes[1][node_type]

    def functions(self) -> list[Node]:
        """The function and method declarations in the scanned roots, in source order: the
        top-level ones without a walk, and, inside declarations with syntax errors, those
        error recovery left nested (as a walk of the roots would find them)."""
        tops = [n for n, _ in self.source.top] if self.roots is None else list(self.roots)
        found = []
        nested = False
        for top in tops:
            if top.type in FUNCTION_TYPES:
                found.append(top)
            if top.has_error:
                for fn in QueryCursor(_NESTED_FUNCTIONS).captures(top).get("fn", ()):
                    if fn != top:
                        found.append(fn)
                        nested = True
        if nested:
            found.sort(key=lambda n: n.start_byte)
        return found

    def calls(self, names: frozenset[str] | set[str]) -> list[Node]:
        """The calls of any of ``names`` in the scanned roots, in source order."""
        found: list[Node] = []
        for name in names:
            found.extend(self._call_index.get(name.encode(), ()))
        if len(names) > 1:
            found.sort(key=lambda n: n.start_byte)
        return found

    # ----- names
    def resolver(self, node: Node) -> Resolver:
        top = self.top_level(node)
        r = self._resolvers.get(top.start_byte)
        if r is None or r.top.end_byte != top.end_byte:
            r = self._resolvers[top.start_byte] = Resolver(top)
        return r

    def top_level(self, node: Node) -> Node:
        """``scopes.top_level(node)``, without the walk up (see analysis/toplevel.py)."""
        return self._top_level.of(node)

    @cached_property
    def _top_level(self) -> TopLevel:
        return TopLevel(self.source.root)

    def resolve(self, ident: Node) -> Local | None:
        return self.resolver(ident).resolve(ident)

    def is_package(self, ident: Node | None, path: str) -> bool:
        """Whether the identifier names the imported package ``path`` (not shadowed)."""
        if ident is None or ident.type not in ("identifier", "package_identifier"):
            return False
        name = text(ident)
        if self.imports.by_name.get(name) != path:
            return False
        if ident.type == "package_identifier":
            return True
        # Several rules ask about the same candidates: remembered by the identifier's span.
        key = (ident.start_byte, ident.end_byte)
        found = self._package_refs.get(key)
        if found is None:  # a name nothing in the declaration declares needs no resolver
            found = not self._may_declare(self.top_level(ident), name) or not self.resolver(ident).is_local(ident)
            self._package_refs[key] = found
        return found

    @cached_property
    def _package_refs(self) -> dict[tuple[int, int], bool]:
        return {}

    def _may_declare(self, top: Node, name: str) -> bool:
        """Whether ``top`` declares ``name``; the query only when its text does not settle it."""
        mentions = self.memo.get(("bare", name))
        if mentions is None:  # once per file and name (shared with the narrowed copies)
            mentions = self.memo[("bare", name)] = bare_mentions(self.text, name)
        return not declares_no(top, mentions) and name in self._declared_names(top)

    def _declared_names(self, top: Node) -> frozenset[str]:
        """Every name declared anywhere inside a top-level declaration (one C-speed query)."""
        key = (top.start_byte, top.end_byte)
        names = self._declared.get(key)
        if names is None:
            names = frozenset(text(n) for n in QueryCursor(_DECLARED).captures(top).get("d", ()))
            self._declared[key] = names
        return names

    def called(self, call: Node, path: str, names: frozenset[str] | set[str]) -> str | None:
        """If ``call`` calls ``path.Name`` with Name in ``names`` (through the package's
        local name or a dot import), return Name. Several rules ask about the same calls
        (every ``context.With*`` call, …): the answer is remembered per call and package."""
        memo = self.memo.get("called")
        if memo is None:  # in the memo: shared with the narrowed copies the engine makes
            memo = self.memo["called"] = {}
        key = (call.start_byte, call.end_byte, path)
        name = memo.get(key)
        if name is None:
            fn = call.child_by_field_name("function")
            name = memo[key] = (self._refers(fn, path) or "") if fn is not None else ""
        return name if name and name in names else None

    def _refers(self, expr: Node, path: str) -> str | None:
        """``Name`` when ``expr`` is ``path.Name`` (or ``Name`` from a dot import of path)."""
        if expr.type == "selector_expression":
            if self.is_package(expr.child_by_field_name("operand"), path):
                return text(expr.child_by_field_name("field"))
        elif expr.type == "identifier" and path in self.imports.dot:
            if not self.resolver(expr).is_local(expr):
                return text(expr)
        return None

    def refers_to(self, expr: Node, path: str, names: frozenset[str] | set[str]) -> str | None:
        if expr.type == "selector_expression":
            field_node = expr.child_by_field_name("field")
            name = text(field_node)
            if name in names and self.is_package(expr.child_by_field_name("operand"), path):
                return name
        elif expr.type == "identifier" and path in self.imports.dot:
            name = text(expr)
            if name in names and not self.resolver(expr).is_local(expr):
                return name
        return None

    # ----- types
    def _is_std_context_type(self, typ: Node) -> bool:
        if typ.type == "qualified_type":
            pkg = typ.child_by_field_name("package")
            return text(typ.child_by_field_name("name")) == "Context" and self.is_package(pkg, CONTEXT)
        if typ.type == "type_identifier" and CONTEXT in self.imports.dot:
            return text(typ) == "Context"
        return False

    def is_context_type(self, typ: Node | None) -> bool:
        if typ is None:
            return False
        if self._is_std_context_type(typ):
            return True
        if typ.type != "type_identifier":
            return False
        name = text(typ)
        return name in self.context_type_names or (
            name not in self._own_type_names and name in self.package.context_types()
        )

    @cached_property
    def _own_type_names(self) -> frozenset[str]:
        """Types declared at the top level of this file (a name declared here is not one
        of another file's context types)."""
        return frozenset(
            text(spec.child_by_field_name("name"))
            for decl in self.source.root.named_children if decl.type == "type_declaration"
            for spec in decl.named_children
            if spec.type in ("type_spec", "type_alias") and spec.child_by_field_name("name") is not None
        )

    def is_qualified_type(self, typ: Node | None, path: str, name: str, pointer: bool | None) -> bool:
        """``path.name`` (pointer=False), ``*path.name`` (True) or either (None)."""
        if typ is None:
            return False
        is_ptr = typ.type == "pointer_type"
        if is_ptr:
            typ = typ.named_children[0] if typ.named_children else None
            if typ is None:
                return False
        if pointer is not None and pointer != is_ptr:
            return False
        if typ.type == "qualified_type":
            return text(typ.child_by_field_name("name")) == name and self.is_package(
                typ.child_by_field_name("package"), path
            )
        if typ.type == "type_identifier" and path in self.imports.dot:
            return text(typ) == name
        return False

    # ----- "ctx available"
    def ctx_at(self, node: Node) -> CtxRef | None:
        """The context available at ``node`` (RULES.md "ctx available"), or None.

        Walks out through func literals to the nearest function with a context parameter
        (or an ``*http.Request``); stops at the first function declaration.
        """
        fn = enclosing_function(node)
        while fn is not None:
            ref = self._ctx_param(fn)
            if ref is not None:
                if ref == "_":
                    return None
                from ctx_ls.analysis.derived import with_derived

                return with_derived(self, node, ref)
            if fn.type != "func_literal":
                return None
            fn = enclosing_function(fn)
        return None

    def ctx_param_blank(self, fn: Node) -> bool:
        return self._ctx_param(fn) == "_"

    def _ctx_param(self, fn: Node):
        request = None
        for name, typ in parameters(fn):
            if self.is_context_type(typ):
                if name is None or text(name) == "_":
                    return "_"
                return CtxRef(text(name), False, text(name), fn)
            if request is None and name is not None and text(name) != "_" and self.is_qualified_type(
                typ, HTTP, "Request", True
            ):
                request = CtxRef(text(name), True, text(name) + ".Context()", fn)
        return request



__all__ = ["FileFacts", "Options", "CtxRef", "FUNCTIONS", "CONTEXT", "HTTP"]


def _package_index(facts: FileFacts):
    from ctx_ls.analysis.package import PackageIndex, summarize

    if facts.isolated:
        return PackageIndex("", summarize(facts.source.root, facts.source.top))
    return PackageIndex(facts.source.path, summarize(facts.source.root, facts.source.top), facts.overlays)
