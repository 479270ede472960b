"""Building blocks for fixes: import insertion, indentation, call rewrites."""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.model import Edit, Span
from ctx_ls.analysis.source import text


def package_ref(facts: FileFacts, path: str, name: str) -> tuple[str, tuple[Edit, ...]]:
    """How to write ``path.name`` in this file, plus the import edit it needs (if any)."""
    names = facts.imports.names_for(path)
    if names:
        return f"{names[0]}.{name}", ()
    if path in facts.imports.dot:
        return name, ()
    return f"{path.rsplit('/', 1)[-1]}.{name}", (add_import(facts, path),)


def add_import(facts: FileFacts, path: str) -> Edit:
    """An edit adding ``import "path"`` where gofmt keeps it: sorted into the first group of
    a parenthesised import block, else as its own declaration after the package clause."""
    nl = facts.source.newline()
    root = facts.source.root
    quoted = f'"{path}"'
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        spec_list = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if spec_list is None:
            return Edit(Span(decl.start_byte, decl.start_byte), f"import {quoted}{nl}")
        specs = [c for c in spec_list.named_children if c.type == "import_spec"]
        if not specs:
            open_paren = spec_list.children[0]
            return Edit(Span(open_paren.end_byte, open_paren.end_byte), f"{nl}\t{quoted}")
        # The first group: specs on consecutive lines.
        group = [specs[0]]
        for prev, spec in zip(specs, specs[1:]):
            if spec.start_point[0] - prev.end_point[0] > 1:
                break
            group.append(spec)
        indent = facts.source.indentation_at(specs[0].start_byte)
        for spec in group:
            if text(spec.child_by_field_name("path")).strip('"`') > path:
                return Edit(Span(spec.start_byte, spec.start_byte), f"{quoted}{nl}{indent}")
        last = group[-1]
        return Edit(Span(last.end_byte, last.end_byte), f"{nl}{indent}{quoted}")
    for decl in root.named_children:
        if decl.type == "package_clause":
            return Edit(Span(decl.end_byte, decl.end_byte), f"{nl}{nl}import {quoted}")
    return Edit(Span(0, 0), f"import {quoted}{nl}")


def insert_first_argument(call: Node, arg: str) -> Edit | None:
    """An edit that makes ``arg`` the call's first argument."""
    args = call.child_by_field_name("arguments")
    if args is None or not args.children or args.children[0].type != "(":
        return None
    open_paren = args.children[0]
    sep = ", " if args.named_child_count else ""
    return Edit(Span(open_paren.end_byte, open_paren.end_byte), arg + sep)


def rename_callee(call: Node, new_name: str) -> Edit | None:
    """Rename the method or function name of ``x.Name(...)`` / ``Name(...)``."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    if fn is None:
        return None
    return Edit(Span(fn.start_byte, fn.end_byte), new_name)
