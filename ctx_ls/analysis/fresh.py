"""Where contexts are born: functions of the module that start from ``context.Background()``
or ``context.TODO()`` instead of taking a context, directly or through the functions they
call (transitively, within the module).

A caller that has a context and calls such a function loses its cancellation and deadline
at that call (``context-not-passed``). The walk follows, from a function's summary
(``funcs.py``): calls of package-level functions of the same package, methods called on the
receiver, and ``pkg.F`` for packages of the same module. It stops at functions that take a
context (or an ``*http.Request``) — whatever they do with it, the caller could pass one —
and at anything it cannot resolve.

When build constraints select between files that declare the same function, every
declaration must create a fresh context for the function to count as doing so.

Two kinds of functions never count, and the walk does not go through them: one-time
initialisation guarded by a flag (``once_guarded``: what it builds is shared, so it must
not depend on one caller's context), and functions that only return the fresh context as a
default (``return context.Background()`` in an accessor such as ``Request.Context()``):
they hand it to the caller and do no work under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from ctx_ls.analysis.filefuncs import file_bodies, file_functions
from ctx_ls.analysis.funcs import Body, FuncInfo
from ctx_ls.analysis import package as package_module
from ctx_ls.analysis.model import Place
from ctx_ls.analysis.package import FileSummary, PackageIndex, body_of, module_package
from ctx_ls.analysis.source import text

SIBLING_SUFFIXES = ("Context", "Ctx", "WithContext")
_BATCH_ORIGINS: dict[tuple, Origin | None] = {}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a fresh context is created: ``start``/``end`` in the analysed file, or
    ``place`` in another file; ``what`` is ``context.Background()`` or ``context.TODO()``;
    ``via`` names the functions in between (empty when the callee creates it itself)."""

    what: str
    via: tuple[str, ...]
    start: int = -1
    end: int = -1
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A function or method declaration a call may reach."""

    package: PackageView
    info: FuncInfo
    summary: FileSummary | None  # None: declared in the analysed file
    start: int = -1  # the declaration's start byte, in the analysed file


class PackageView:
    """The functions of one package: the analysed file's own (when it belongs to the
    package) and the other files' (through the package index)."""

    def __init__(self, index: PackageIndex, own, own_types: frozenset[str]) -> None:
        self.index = index
        self.directory = index.directory
        self.own = own  # funcs.Headers of the analysed file, or None
        self.context_types = own_types | index.context_types()
        self._own_by_key: dict[tuple[str, str], list[int]] = own.by_key if own is not None else {}
        self._own_methods = frozenset(name for receiver, name in self._own_by_key if receiver)

    def has_method(self, name: str) -> bool:
        """Some type of the package has a method of that name (a cheap test before the
        receiver's type is looked up)."""
        if name in self._own_methods:
            return True
        return name in self.index.method_names()

    def lookup(self, receiver: str, name: str) -> list[Target]:
        found = [Target(self, self.own[start], None, start) for start in self._own_by_key.get((receiver, name), ())]
        found += [Target(self, info, summary) for summary, info in self.index.functions(receiver, name)]
        return found


class ModuleView:
    """Resolves calls and answers "does this function create a fresh context?" for one
    analysis of one file (results are memoised for that analysis only)."""

    def __init__(self, facts) -> None:
        self.facts = facts
        self.own = PackageView(facts.package, file_functions(facts), facts.context_type_names)
        self._packages: dict[str, PackageView | None] = {}
        self._decls: dict[tuple, tuple[object, Node] | None] = {}
        # A one-shot scan (files do not change) shares what it learnt across files.
        self._origins: dict[tuple, Origin | None] = _BATCH_ORIGINS if package_module.files_unchanged() else {}

    def package(self, import_path: str) -> PackageView | None:
        if import_path not in self._packages:
            index = module_package(self.facts.module, import_path, self.facts.overlays)
            self._packages[import_path] = PackageView(index, None, frozenset()) if index is not None else None
        return self._packages[import_path]

    def resolve(self, package: PackageView, caller: FuncInfo, qual: str, name: str) -> list[Target]:
        if qual == "":
            return package.lookup("", name)
        if qual == "recv":
            return package.lookup(caller.receiver, name) if caller.receiver else []
        if qual.startswith("pkg:"):
            other = self.package(qual[4:])
            return other.lookup("", name) if other is not None else []
        return []

    def body(self, target: Target) -> Body | None:
        if target.summary is None:
            return file_bodies(self.facts, [target.start]).get(target.start)
        return body_of(target.summary, target.info)

    def origin(self, target: Target, depth: int = 0) -> Origin | None:
        """Where ``target`` (or a function it calls) creates a fresh context, or None."""
        info = target.info
        own = self.facts.source.path if target.summary is None else ""
        key = (target.package.directory, info.receiver, info.name, target.start, target.summary.path if target.summary else "", own)
        if key in self._origins:
            return self._origins[key]
        self._origins[key] = None  # a cycle finds nothing new
        found = None
        if depth <= 32 and not info.takes_context(target.package.context_types):
            found = self._direct(target) or self._through_calls(target, depth)
            if found is not None:
                decl = self._declaration(target)
                if decl is None or once_guarded(decl[1]):
                    found = None  # one-time initialisation: see once_guarded
        self._origins[key] = found
        return found

    def _direct(self, target: Target) -> Origin | None:
        info = target.info
        body = self.body(target)
        if body is None or body.fresh is None:
            return None
        rel_start, rel_end, what = body.fresh
        decl = self._declaration(target)
        if decl is None:
            return None
        facts, node = decl
        kept = [c for c in fresh_calls(facts, node) if not _returned(c)]
        if not kept:
            return None  # only returned to the caller: a default, not work under it
        first = kept[0]
        if first.start_byte - node.start_byte != rel_start:
            # The first creation is returned; point at the first one that is not.
            rel_start, rel_end = first.start_byte - node.start_byte, first.end_byte - node.start_byte
            what = f"context.{facts.called(first, 'context', _FRESH)}()"
            if target.summary is not None:
                return Origin(what, (), place=_place(facts.source, first.start_byte, first.end_byte))
        if target.summary is None:
            return Origin(what, (), target.start + rel_start, target.start + rel_end)
        return Origin(what, (), place=target.summary.places.get((info.receiver, info.name, "fresh")))

    def _declaration(self, target: Target) -> tuple[object, Node] | None:
        """The declaration's node (and the facts of its file): in the analysed file, or in
        the tree the package index keeps of another file (None when that file changed)."""
        key = (target.summary.path if target.summary else "", target.info.receiver, target.info.name, target.start)
        if key not in self._decls:
            self._decls[key] = self._find_declaration(target)
        return self._decls[key]

    def _find_declaration(self, target: Target) -> tuple[object, Node] | None:
        if target.summary is None:
            facts, start = self.facts, target.start
        else:
            found = package_module.declaration(target.summary, (target.info.receiver, target.info.name))
            if found is None:
                return None
            return found[1], found[2]
        root = facts.source.root
        node = root.descendant_for_byte_range(start, start)
        while node is not None and node.parent is not None and node.parent != root:
            node = node.parent
        if node is None or node.start_byte != start or node.type not in ("function_declaration", "method_declaration"):
            return None
        return facts, node

    def _through_calls(self, target: Target, depth: int) -> Origin | None:
        info = target.info
        body = self.body(target)
        for qual, name in sorted(body.calls if body is not None else ()):
            callees = self.resolve(target.package, info, qual, name)
            origins = [self.origin(c, depth + 1) for c in callees]
            if origins and all(o is not None for o in origins):
                first = origins[0]
                return Origin(first.what, (_shown(callees[0].info), *first.via), first.start, first.end, first.place)
        return None

    def sibling(self, target: Target) -> Target | None:
        """A context-taking variant declared beside the function: ``FooContext``,
        ``FooCtx`` or ``FooWithContext`` (same receiver), whose first parameter is a
        context."""
        info = target.info
        for suffix in SIBLING_SUFFIXES:
            found = target.package.lookup(info.receiver, info.name + suffix)
            if found and all(f.info.first_is_context(target.package.context_types) for f in found):
                return found[0]
        return None


def _shown(info: FuncInfo) -> str:
    return f"{info.receiver}.{info.name}" if info.receiver else info.name


# ----- what does not count as starting from a fresh context
_FRESH = frozenset({"Background", "TODO"})


def fresh_calls(facts, decl: Node) -> list[Node]:
    """The ``context.Background()`` / ``context.TODO()`` calls of a declaration, outside
    its func literals, in source order."""
    body = decl.child_by_field_name("body")
    found: list[Node] = []
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        if node.type == "func_literal":
            continue
        if node.type == "call_expression" and facts.called(node, "context", _FRESH):
            found.append(node)
        stack.extend(reversed(node.named_children))
    return found


def _returned(call: Node) -> bool:
    """``return context.Background()``: the context is handed to the caller (a default,
    like ``Request.Context()``'s when none was set), nothing runs under it here."""
    parent = call.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
    return parent is not None and parent.type == "return_statement"


def _statements(block: Node | None) -> list[Node]:
    if block is None:
        return []
    out: list[Node] = []
    for child in block.named_children:
        if child.type == "statement_list":
            out.extend(c for c in child.named_children if c.type != "comment")
        elif child.type != "comment":
            out.append(child)
    return out


def once_guarded(decl: Node) -> bool:
    """The declaration runs its body at most once: it starts (after locking a mutex, if
    it does) with ``if flag { return ... }`` and sets ``flag = true`` later at the top
    level of its body — the hand-written form of ``sync.Once`` used for lazy, shared
    initialisation (``if ld.initialized { return }; ld.initialized = true``). A nil check
    (``if x != nil { return x }``) does not count: it is also the sticky-error guard of
    code that runs many times (``if r.err != nil { return 0, r.err }``)."""
    statements = _statements(decl.child_by_field_name("body"))
    for i, stmt in enumerate(statements):
        if stmt.type == "if_statement":
            flag = _guard(stmt)
            return flag is not None and any(_sets_true(s, flag) for s in statements[i + 1 :])
        if not _locks(stmt):
            return False
    return False


def _guard(stmt: Node) -> str | None:
    """``if flag { return ... }`` (flag a name or a field) → "flag"."""
    if stmt.child_by_field_name("initializer") is not None or stmt.child_by_field_name("alternative") is not None:
        return None
    inside = _statements(stmt.child_by_field_name("consequence"))
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


def _place(source, start: int, end: int) -> Place:
    line, col = source.lines.position(start)
    raw = source.line_text(line)
    end_col = min(len(raw), col + (end - start)) if end > start else col
    return Place(source.path, line, col, end_col, raw[:end_col])
