"""Summaries of Go files for the package index: what one file declares, as names, strings,
numbers and places (never tree nodes), so that they can be cached per file version.

``summarize`` is the cheap per-keystroke part (package name, struct fields) for the file being
analysed; ``summarize_file`` is what the index keeps of the other files (plus function
headers, named context types and top-level names). Function bodies and value facts are read
later, on demand (``package.body_of`` / ``package.value_facts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from ctx_ls.analysis.funcs import FuncInfo
from ctx_ls.analysis.imports import Imports, read_imports
from ctx_ls.analysis.model import Place
from ctx_ls.analysis.source import SourceFile, text

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


class Places(dict):
    """``(receiver, name, kind) -> Place`` for kind "fresh", "blocks" (filled when a body is
    read) and "decl" (computed on first use by the summary's loader)."""

    def __init__(self) -> None:
        super().__init__()
        self.loader = None  # (summary, key) -> Place | None

    def get(self, key, default=None):
        found = super().get(key)
        if found is None and key[2] == "decl" and self.loader is not None:
            found = self.loader(key[:2])
            if found is not None:
                self[key] = found
        return found if found is not None else default


@dataclass
class FileSummary:
    package: str
    structs: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> field -> type
    path: str = ""
    headers: dict[tuple[str, str], FuncInfo] = field(default_factory=dict)  # read on first use
    places: Places = field(default_factory=Places)
    context_types: frozenset[str] = frozenset()
    values: dict[str, tuple] = field(default_factory=dict)  # name -> value_facts(), on first use
    starts: dict[tuple[str, str], int] = field(default_factory=dict)  # (receiver, name) -> start byte
    names: frozenset[str] = frozenset()  # every top-level name
    bodies: dict = field(default_factory=dict)  # (receiver, name) -> funcs.Body, on first use
    stamp: tuple[int, int] | None = None  # filecache.stamp() of the file when summarised
    data: bytes | None = field(default=None, repr=False)  # an open buffer's text


def summarize(root: Node, top: list[tuple[Node, str]] | None = None) -> FileSummary:
    """Struct types declared at the top level of one file. Looks only at the root's
    children (no query over the whole tree: this runs on every keystroke); ``top``: those
    with their types (SourceFile.top)."""
    imports = read_imports(root)
    pkg = ""
    summary = FileSummary(pkg)
    for decl, t in top if top is not None else [(n, n.type) for n in root.named_children]:
        if t == "package_clause" and not summary.package:
            name = next((c for c in decl.named_children if c.type == "package_identifier"), None)
            summary.package = text(name)
        if t != "type_declaration":
            continue
        for spec in decl.named_children:
            if spec.type != "type_spec":
                continue
            name, struct = spec.child_by_field_name("name"), spec.child_by_field_name("type")
            if name is not None and struct is not None and struct.type == "struct_type":
                summary.structs[text(name)] = _fields(struct, imports)
    return summary


def summarize_file(path: str, data: bytes, tree=None, keep=None) -> FileSummary:
    """Everything the index keeps of another file (parsed once per version of it): one
    pass over the top level. Function headers and bodies are read later, only for the
    functions a rule asks about (``package.header_of`` / ``package.body_of``)."""
    from ctx_ls.analysis.decls import file_decls, receiver_type_name

    source, facts = parse(path, data, tree)
    if keep is not None:
        keep(path, data, source.tree)  # see package.take_tree
    root = source.root
    summary = summarize(root, source.top)
    summary.path = path
    summary.context_types = facts.context_type_names
    for decl, t in source.top:
        if t != "function_declaration" and t != "method_declaration":
            continue
        name = decl.child_by_field_name("name")
        receiver = receiver_type_name(decl) if t == "method_declaration" else ""
        if name is not None:
            summary.starts.setdefault((receiver, text(name)), decl.start_byte)
    decls = file_decls(root)
    summary.names = frozenset(decls.values) | frozenset(decls.funcs) | frozenset(decls.types)
    return summary


def parse(path: str, data: bytes, tree=None):
    from ctx_ls.analysis.facts import FileFacts
    from ctx_ls.analysis.gomod import find_module

    source = SourceFile(path, data, tree) if tree is not None else SourceFile.parse(path, data)
    return source, FileFacts(source, find_module(path), isolated=True)


_DURATION_WORDS = re.compile(rb"Duration|Nanosecond|Microsecond|Millisecond|Second|Minute|Hour")


def may_be_duration(value) -> bool:
    """Only constants whose type or expression names a duration or a time unit are folded
    (folding every constant of a long ``iota`` group costs quadratic time, and is useless).
    A constant defined only through another constant (``slow = fast * 2``) is not seen."""
    written = (value.type.text if value.type is not None else b"") + (value.value.text if value.value is not None else b"")
    return _DURATION_WORDS.search(written or b"") is not None


def place(source: SourceFile, start: int, end: int) -> Place:
    line, col = source.lines.position(start)
    raw = source.line_text(line)
    end_col = min(len(raw), col + (end - start)) if end > start else col
    return Place(source.path, line, col, end_col, raw[:end_col])


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


class Merged:
    """Everything a package's files declare, by name."""

    def __init__(self, summaries: list[FileSummary]) -> None:
        self.context_types: dict[str, set[str]] = {}
        self.funcs: dict[tuple[str, str], list[FileSummary]] = {}  # (receiver, name) -> files
        self.names: dict[str, list[FileSummary]] = {}
        for s in summaries:
            for t in s.context_types:
                self.context_types.setdefault(t, set()).add(s.path)
            for key in s.starts:
                self.funcs.setdefault(key, []).append(s)
            for name in s.names:
                self.names.setdefault(name, []).append(s)
        self.method_names = frozenset(name for receiver, name in self.funcs if receiver)
        self.function_names = frozenset(name for _, name in self.funcs)
