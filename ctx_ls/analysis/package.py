"""What the other files of a package declare, for facts that cross file boundaries.

This first version knows struct types and their fields (with canonical field types such as
``*database/sql.DB``), which is what rules need to know that ``s.db.Query`` is a call on a
``*sql.DB`` when the struct is declared in another file. Summaries are cached per file by
modification time and size; open editor buffers can be passed as overlays.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from tree_sitter import Node

from ctx_ls.analysis.imports import Imports, read_imports
from ctx_ls.analysis.source import new_parser, text


def canonical_type(typ: Node | None, imports: Imports) -> str | None:
    """``*sql.DB`` under ``import "database/sql"`` → ``*database/sql.DB``; local names stay
    as written (``*Store``); None for types we do not model (maps, funcs, …)."""
    if typ is None:
        return None
    prefix = ""
    while typ is not None and typ.type in ("pointer_type", "parenthesized_type"):
        if typ.type == "pointer_type":
            prefix += "*"
        typ = typ.named_children[0] if typ.named_children else None
    if typ is None:
        return None
    if typ.type == "qualified_type":
        pkg = text(typ.child_by_field_name("package"))
        path = imports.by_name.get(pkg)
        if path is None:
            return None
        return f"{prefix}{path}.{text(typ.child_by_field_name('name'))}"
    if typ.type == "type_identifier":
        return prefix + text(typ)
    if typ.type == "generic_type":
        return canonical_type(typ.child_by_field_name("type"), imports) and prefix + text(typ)
    return None


@dataclass
class FileSummary:
    package: str
    structs: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> field -> type


def summarize(root: Node) -> FileSummary:
    """Struct types declared at the top level of one file. Looks only at the root's
    children (no query over the whole tree: this runs on every keystroke)."""
    imports = read_imports(root)
    pkg = ""
    summary = FileSummary(pkg)
    for decl in root.children:
        if decl.type == "package_clause" and not summary.package:
            name = next((c for c in decl.named_children if c.type == "package_identifier"), None)
            summary.package = text(name)
        if decl.type != "type_declaration":
            continue
        for spec in decl.named_children:
            if spec.type != "type_spec":
                continue
            name, struct = spec.child_by_field_name("name"), spec.child_by_field_name("type")
            if name is not None and struct is not None and struct.type == "struct_type":
                summary.structs[text(name)] = _fields(struct, imports)
    return summary


def _fields(struct: Node, imports: Imports) -> dict[str, str]:
    fields: dict[str, str] = {}
    for decl_list in struct.named_children:
        for decl in decl_list.named_children:
            if decl.type != "field_declaration":
                continue
            canon = canonical_type(decl.child_by_field_name("type"), imports)
            names = [c for c in decl.children_by_field_name("name") if c.type == "field_identifier"]
            if not names and canon is not None:  # embedded: the field is named after the type
                fields[canon.lstrip("*").rsplit(".", 1)[-1]] = canon
            for n in names:
                if canon is not None:
                    fields[text(n)] = canon
    return fields


_CACHE: dict[str, tuple[tuple[float, int], FileSummary]] = {}


def _summary_from_disk(path: str) -> FileSummary | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    stamp = (st.st_mtime, st.st_size)
    hit = _CACHE.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    summary = summarize(new_parser().parse(data).root_node)
    _CACHE[path] = (stamp, summary)
    return summary


_OVERLAY_CACHE: dict[str, tuple[int, int, FileSummary]] = {}


def _summary_from_overlay(path: str, data: bytes) -> FileSummary:
    """An open buffer's summary, reparsed only when its text changed (a sibling buffer
    must not be parsed again on every keystroke in another file)."""
    key = (len(data), hash(data))
    hit = _OVERLAY_CACHE.get(path)
    if hit is not None and hit[:2] == key:
        return hit[2]
    summary = summarize(new_parser().parse(data).root_node)
    _OVERLAY_CACHE[path] = (*key, summary)
    return summary


class PackageIndex:
    """The struct types of the package that ``path`` belongs to."""

    def __init__(self, path: str, own: FileSummary, overlays: dict[str, bytes] | None = None) -> None:
        self.path = os.path.abspath(path) if path else ""
        self.own = own
        self.overlays = overlays or {}
        self._structs: dict[str, dict[str, str]] | None = None

    def _load(self) -> dict[str, dict[str, str]]:
        structs: dict[str, dict[str, str]] = {}
        directory = os.path.dirname(self.path)
        siblings: list[FileSummary] = []
        if self.path and os.path.isdir(directory):
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                names = []
            for name in names:
                full = os.path.join(directory, name)
                if not name.endswith(".go") or full == self.path:
                    continue
                if full in self.overlays:
                    s = _summary_from_overlay(full, self.overlays[full])
                else:
                    s = _summary_from_disk(full)
                if s is not None and s.package == self.own.package:
                    siblings.append(s)
        for s in siblings + [self.own]:
            structs.update(s.structs)
        return structs

    def signature(self) -> tuple:
        """Changes whenever what this index answers may change (part of cache keys). Cheap:
        the other files are stat'ed (or, when open in the editor, hashed), not parsed — they
        are parsed only when a rule asks about a struct declared in one of them."""
        own = tuple(sorted((t, tuple(sorted(f.items()))) for t, f in self.own.structs.items()))
        return (own, self._stamps())

    def _stamps(self) -> tuple:
        directory = os.path.dirname(self.path)
        if not self.path or not os.path.isdir(directory):
            return ()
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            return ()
        stamps = []
        for name in names:
            full = os.path.join(directory, name)
            if not name.endswith(".go") or full == self.path:
                continue
            if full in self.overlays:
                stamps.append((full, len(self.overlays[full]), hash(self.overlays[full])))
                continue
            try:
                st = os.stat(full)
            except OSError:
                continue
            stamps.append((full, st.st_mtime_ns, st.st_size))
        return tuple(stamps)

    def struct_fields(self, type_name: str) -> dict[str, str] | None:
        if type_name in self.own.structs:
            return self.own.structs[type_name]
        if self._structs is None:
            self._structs = self._load()
        return self._structs.get(type_name)
