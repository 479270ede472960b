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

Two things never count (both are facts of the body summary, ``funcs.Body``): one-time
initialisation guarded by a flag (``funcs.once_guarded``: what it builds is shared, so it
must not depend on one caller's context; the walk does not go through such functions), and
a fresh context that is only returned as a default (``return context.Background()`` in an
accessor such as ``Request.Context()``): it is handed to the caller, no work runs under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctx_ls.analysis.filefuncs import file_bodies, file_functions
from ctx_ls.analysis.funcs import Body, FuncInfo
from ctx_ls.analysis import package as package_module
from ctx_ls.analysis.model import Place
from ctx_ls.analysis.package import FileSummary, PackageIndex, body_of, module_package

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
        body = self.body(target) if depth <= 32 and not info.takes_context(target.package.context_types) else None
        if body is not None and not body.once:  # one-time initialisation: see funcs.once_guarded
            found = self._direct(target, body) or self._through_calls(target, body, depth)
        self._origins[key] = found
        return found

    def _direct(self, target: Target, body: Body) -> Origin | None:
        if body.fresh is None:
            return None
        rel_start, rel_end, what = body.fresh
        if target.summary is None:
            return Origin(what, (), target.start + rel_start, target.start + rel_end)
        info = target.info
        return Origin(what, (), place=target.summary.places.get((info.receiver, info.name, "fresh")))

    def _through_calls(self, target: Target, body: Body, depth: int) -> Origin | None:
        info = target.info
        for qual, name in sorted(body.calls):
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
