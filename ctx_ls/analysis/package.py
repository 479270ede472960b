"""What the other files of a package, and the other packages of the module, declare.

Rules see one file; what RULES.md calls "declared in the package" often lives in another
file. The index summarises each other file once (``summaries.py``; where summaries come from
and how they are cached — modification time, open buffers' content — is ``filecache.py``):
package name, struct types and their fields (with canonical types such as
``*database/sql.DB``), named types over ``context.Context``, top-level names, and where each
function and method is declared. What rules ask about one declaration is read on first use,
from a few trees kept alive: headers (parameter and result types, ``funcs.py``), bodies
(fresh contexts, calls, blocking constructs), constant durations folded in their own file,
and the built-in type of a package-level value (for ``context.WithValue`` keys). A search of
the files' bytes answers the cheap questions (which function names, whether any type may be
over ``context.Context``) without parsing.

Other packages of the same module (import paths under the module path of go.mod) are
indexed lazily, when a rule follows a call into them.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from ctx_ls.analysis import filecache as fcache
from ctx_ls.analysis.filecache import (  # noqa: F401 (the index's API for the CLI and the server)
    assume_files_unchanged,
    files_unchanged,
    forget_buffer,
    register_buffer,
    remember,
    take_tree,
)
from ctx_ls.analysis.funcs import FuncInfo
from ctx_ls.analysis.model import Place
from ctx_ls.analysis.summaries import (  # noqa: F401 (canonical_type, summarize: the index's API)
    FileSummary,
    Merged,
    canonical_type,
    may_be_duration,
    parse,
    place,
    summarize,
    summarize_file,
)

@dataclass
class _Opened:
    """Another file, parsed again from the text its summary was made from."""

    summary: FileSummary
    facts: object  # FileFacts of that text (isolated: no package of its own)

    @cached_property
    def decls(self):
        from ctx_ls.analysis.decls import file_decls

        return file_decls(self.facts.source.root)


# Files whose bodies or values were read lately. A few trees stay alive so that following
# several calls into one file parses it once.
_OPEN: OrderedDict[str, _Opened] = OrderedDict()
_OPEN_MAX = 24


def _opened(summary: FileSummary) -> _Opened | None:
    """The file the summary was made from (an open buffer's text, or the file on disk when
    it has not changed since), parsed; None when it changed."""
    hit = _OPEN.get(summary.path)
    if hit is not None and hit.summary is summary:
        _OPEN.move_to_end(summary.path)
        return hit
    data = summary.data
    if data is None:
        if fcache.stamp(summary.path) != summary.stamp:
            return None  # changed since it was summarised
        data = fcache.read(summary.path)
        if data is None:
            return None
    kept = fcache.TREES.get(summary.path) or fcache.BUFFER_TREES.get(summary.path)
    _, facts = parse(summary.path, data, kept[1] if kept is not None and kept[0] == data else None)
    entry = _OPEN[summary.path] = _Opened(summary, facts)
    while len(_OPEN) > _OPEN_MAX:
        _OPEN.popitem(last=False)
    return entry


def parsed_tree(path: str, data: bytes):
    """A tree the index parsed lately from exactly ``data`` for ``path`` (another file's
    bodies were read), or None: a buffer opened with that text needs no parse of its own.
    Only a tree without syntax errors: one with errors may come from an incremental parse
    (an open buffer's), and error recovery can differ from a fresh parse's."""
    hit = _OPEN.get(path)
    if hit is not None and hit.facts.source.text == data and not hit.facts.source.root.has_error:
        return hit.facts.source.tree
    return None


def declaration(summary: FileSummary, key: tuple[str, str]):
    """``(source, facts, declaration node)`` of a function of another file, or None."""
    start = summary.starts.get(key)
    entry = _opened(summary) if start is not None else None
    if entry is None:
        return None
    facts = entry.facts
    source = facts.source
    decl = source.root.descendant_for_byte_range(start, start)
    while decl is not None and decl.parent is not None and decl.parent != source.root:
        decl = decl.parent
    return (source, facts, decl) if decl is not None and decl.start_byte == start else None


def header_of(summary: FileSummary, key: tuple[str, str]) -> FuncInfo | None:
    """The header (parameter types) of a function of another file, read on first use."""
    if key in summary.headers:
        return summary.headers[key]
    from ctx_ls.analysis.funcs import header

    found = declaration(summary, key)
    info = summary.headers[key] = header(found[1], found[2]) if found is not None else None
    return info


def decl_place(summary: FileSummary, key: tuple[str, str]) -> Place | None:
    found = declaration(summary, key)
    return place(found[0], found[2].start_byte, found[2].start_byte) if found is not None else None


def body_of(summary: FileSummary, info: FuncInfo):
    """The body (funcs.Body) of a function of another file, read on first use; None when
    the file changed since it was summarised."""
    from ctx_ls.analysis.funcs import summarize_bodies

    key = (info.receiver, info.name)
    if key in summary.bodies:
        return summary.bodies[key]
    found = declaration(summary, key)
    if found is None:
        return None
    source, facts, decl = found
    start = decl.start_byte
    body = summarize_bodies(facts, [decl]).get(start)
    summary.bodies[key] = body
    if body is not None:
        for kind, where in (("fresh", body.fresh), ("blocks", body.blocks)):
            if where is not None:
                summary.places[(*key, kind)] = place(source, start + where[0], start + where[1])
    return body


def value_facts(summary: FileSummary, name: str) -> tuple:
    """``(folded duration or None, built-in key type or None)`` of a package-level constant
    or variable of another file, computed on first use."""
    from ctx_ls.analysis.consts import Folder
    from ctx_ls.analysis.keytypes import KeyTypes

    if name in summary.values:
        return summary.values[name]
    entry = _opened(summary)
    found: tuple = (None, None)
    if entry is not None:
        value = entry.decls.values.get(name)
        if value is not None:
            facts = entry.facts
            duration = Folder(facts).value(value.ident) if value.kind == "const" and may_be_duration(value) else None
            found = (duration, KeyTypes(facts, entry.decls)._declared(value.type, value.value, value.kind == "var", 0))
    summary.values[name] = found
    return found


class PackageIndex:
    """The other files of the package that ``path`` belongs to (or, with ``directory``
    and no path, every non-test file of the package in that directory)."""

    def __init__(
        self, path: str, own: FileSummary | None, overlays: dict[str, bytes] | None = None, directory: str = ""
    ) -> None:
        self.path = os.path.abspath(path) if path else ""
        self.directory = directory or os.path.dirname(self.path)
        self.own = own or FileSummary("")
        self.overlays = overlays or {}
        self._siblings: list[FileSummary] | None = None
        self._structs: dict[str, dict[str, str]] | None = None

    def _go_files(self) -> list[str]:
        names = fcache.LISTINGS.get(self.directory) if fcache.UNCHANGED else None
        if names is None:
            if not self.directory or not os.path.isdir(self.directory):
                return []
            try:
                names = sorted(os.listdir(self.directory))
            except OSError:
                return []
            if fcache.UNCHANGED:
                fcache.LISTINGS[self.directory] = names
        importing = not self.path  # an imported package: its tests are not part of it
        return [
            os.path.join(self.directory, n) for n in names
            if n.endswith(".go") and os.path.join(self.directory, n) != self.path
            and not (importing and n.endswith("_test.go"))
        ]

    def siblings(self) -> list[FileSummary]:
        """Summaries of the package's other files (parsed on first use)."""
        if self._siblings is None and fcache.UNCHANGED and self.path and self.own.package:
            key = (self.directory, self.own.package)
            if key not in fcache.ALL_SIBLINGS:
                if any(d != self.directory for d, _ in fcache.ALL_SIBLINGS):
                    fcache.ALL_SIBLINGS.clear()  # one directory at a time
                fcache.ALL_SIBLINGS[key] = PackageIndex("", self.own, directory=self.directory)._load_all()
            self._siblings = [s for s in fcache.ALL_SIBLINGS[key] if s.path != self.path]
        if self._siblings is None:
            found = []
            for full in self._go_files():
                s = fcache.summary_from_overlay(full, self.overlays[full]) if full in self.overlays else fcache.summary_from_disk(full)
                if s is not None and s.package:
                    found.append(s)
            package = self.own.package or next((s.package for s in found if not s.package.endswith("_test")), "")
            self._siblings = [s for s in found if s.package == package]
        return self._siblings

    def _load_all(self) -> list[FileSummary]:
        """Every file of the package in the directory, tests included (one-shot scans)."""
        found = []
        try:
            names = fcache.LISTINGS.get(self.directory) or sorted(os.listdir(self.directory))
        except OSError:
            return []
        for n in names:
            full = os.path.join(self.directory, n)
            if n.endswith(".go"):
                s = fcache.summary_from_disk(full)
                if s is not None and s.package == self.own.package:
                    found.append(s)
        return found

    def signature(self) -> tuple:
        """Changes whenever what this index answers may change (part of cache keys). Cheap:
        the other files are stat'ed (or, when open in the editor, hashed), not parsed — they
        are parsed only when a rule asks about something declared in one of them."""
        own = tuple(sorted((t, tuple(sorted(f.items()))) for t, f in self.own.structs.items()))
        return (own, self._stamps())

    def _stamps(self) -> tuple:
        stamps = []
        for full in self._go_files():
            if full in self.overlays:
                stamps.append((full, len(self.overlays[full]), hash(self.overlays[full])))
                continue
            version = fcache.stamp(full)
            if version is not None:
                stamps.append((full, *version))
        return tuple(stamps)

    # ----- questions rules ask
    def struct_fields(self, type_name: str) -> dict[str, str] | None:
        if type_name in self.own.structs:
            return self.own.structs[type_name]
        if self._structs is None:
            self._structs = {}
            for s in self.siblings():
                self._structs.update(s.structs)
        return self._structs.get(type_name)

    @cached_property
    def _merged(self) -> Merged:
        """The package's answers merged once per process and package (not once per file:
        that is quadratic in big packages), over the other files and this file's version
        on disk; answers from this file's path are filtered out when asked."""
        summaries = list(self.siblings())
        if self.path and fcache.UNCHANGED:
            # A one-shot scan shares one merge between the files of a package: it includes
            # this file's own summary (made from the tree being analysed, see remember()).
            mine = fcache.summary_from_disk(self.path)
            if mine is not None and mine.package == self.own.package:
                summaries.append(mine)
        summaries.sort(key=lambda s: s.path)  # the same list whichever file asks
        key = (self.directory, self.own.package, "" if fcache.UNCHANGED else self.path)
        ids = tuple(id(s) for s in summaries)
        hit = _MERGED.get(key)
        if hit is not None and hit[0] == ids:
            return hit[1]
        merged = Merged(summaries)
        if len(_MERGED) > 256:
            _MERGED.clear()
        _MERGED[key] = (ids, merged)
        return merged

    def _others(self, found) -> list:
        return [s for s in found if s.path != self.path]

    @cached_property
    def _context_types(self) -> frozenset[str]:
        return frozenset(t for t, paths in self._merged.context_types.items() if paths - {self.path})

    def context_types(self) -> frozenset[str]:
        """Named types over context.Context declared in the other files. When no other file
        even looks like it declares one (a search of their bytes), no file is parsed."""
        if not self._lexical[1]:
            return frozenset()
        return self._context_types

    @cached_property
    def _lexical(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """What a search of the other files' bytes finds: function and method names, type
        names that may be over context.Context, method names. An over-approximation, for
        filters: the summaries answer exactly."""
        if fcache.UNCHANGED and self.directory in fcache.LEXICAL_DIRS:
            return fcache.LEXICAL_DIRS[self.directory]  # a one-shot scan: every file of the directory
        funcs: set[str] = set()
        types: set[str] = set()
        methods: set[str] = set()
        files = self._go_files()
        if fcache.UNCHANGED and self.path:
            files = files + [self.path]  # the filters may hold more than the other files'
        for full in files:
            found = fcache.lexical_of(full, self.overlays.get(full))
            if found is not None:
                funcs |= found[0]
                types |= found[1]
                methods |= found[2]
        found = frozenset(funcs), frozenset(types), frozenset(methods)
        if fcache.UNCHANGED and self.path:
            fcache.LEXICAL_DIRS[self.directory] = found
        return found

    def functions(self, receiver: str, name: str) -> list[tuple[FileSummary, FuncInfo]]:
        """Every declaration of the function (``receiver`` "") or method in the other files:
        more than one when build constraints select between files."""
        found = []
        for s in self._merged.funcs.get((receiver, name), ()):
            info = header_of(s, (receiver, name)) if s.path != self.path else None
            if info is not None:
                found.append((s, info))
        return found

    def function_names(self) -> frozenset[str]:
        """Names of the other files' functions and methods (a filter: may hold more)."""
        return self._lexical[0]

    def method_names(self) -> frozenset[str]:
        """Method names of the other files (a filter: may hold more)."""
        return self._lexical[2]

    def declares(self, name: str) -> bool:
        return bool(self._others(self._merged.names.get(name, ())))

    def duration(self, name: str):
        """The folded value (consts.Value) of a constant declared in another file, when
        exactly one file declares the name and its value folds there."""
        found = self._others(self._merged.names.get(name, ()))
        return value_facts(found[0], name)[0] if len(found) == 1 else None

    def key_type(self, name: str) -> str | None:
        found = self._others(self._merged.names.get(name, ()))
        return value_facts(found[0], name)[1] if len(found) == 1 else None


_MERGED: dict[tuple, tuple[tuple[int, ...], Merged]] = {}



def module_package(module, import_path: str, overlays: dict[str, bytes] | None = None) -> PackageIndex | None:
    """The index of another package of the same module, or None for packages outside it."""
    if module is None or not module.root or not module.path:
        return None
    if import_path == module.path:
        rel = ""
    elif import_path.startswith(module.path + "/"):
        rel = import_path[len(module.path) + 1 :]
    else:
        return None
    directory = os.path.join(module.root, *rel.split("/")) if rel else module.root
    return PackageIndex("", None, overlays, directory=directory)
