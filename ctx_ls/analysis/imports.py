"""The import table of a file: which local name stands for which package."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from ctx_ls.analysis.source import text


def default_name(path: str) -> str:
    """The package name the go tool would assume for an import path (last element,
    without a ``/vN`` major-version suffix or a ``go-``/``.go`` decoration)."""
    parts = path.split("/")
    last = parts[-1]
    if len(parts) > 1 and last.startswith("v") and last[1:].isdigit():
        last = parts[-2]
    if last.startswith("go-"):
        last = last[3:]
    if last.endswith(".go"):
        last = last[:-3]
    last = re.sub(r"\.v\d+$", "", last)  # gopkg.in/yaml.v3 -> yaml
    return last.replace("-", "_").replace(".", "_")


@dataclass
class Imports:
    by_name: dict[str, str] = field(default_factory=dict)  # local name -> import path
    dot: set[str] = field(default_factory=set)  # paths imported with "."
    paths: set[str] = field(default_factory=set)  # every imported path

    def names_for(self, path: str) -> tuple[str, ...]:
        return tuple(n for n, p in self.by_name.items() if p == path)

    def imports(self, path: str) -> bool:
        return path in self.paths

    def path_of(self, name: str) -> str | None:
        return self.by_name.get(name)

    def signature(self) -> tuple:
        """A hashable summary, part of the per-declaration cache key."""
        return (tuple(sorted(self.by_name.items())), tuple(sorted(self.dot)))


def read_imports(root: Node) -> Imports:
    table = Imports()
    for decl in root.children:
        if decl.type != "import_declaration":
            # Imports precede every other declaration; stop at the first one after them.
            if decl.type in ("package_clause", "comment", "ERROR"):
                continue
            break
        for spec in _specs(decl):
            path_node = spec.child_by_field_name("path")
            if path_node is None:
                continue
            path = text(path_node).strip('"`')
            table.paths.add(path)
            name_node = spec.child_by_field_name("name")
            if name_node is None:
                table.by_name[default_name(path)] = path
            elif name_node.type == "dot":
                table.dot.add(path)
            elif name_node.type == "blank_identifier":
                continue
            else:
                table.by_name[text(name_node)] = path
    return table


def _specs(decl: Node):
    for child in decl.named_children:
        if child.type == "import_spec":
            yield child
        elif child.type == "import_spec_list":
            yield from (c for c in child.named_children if c.type == "import_spec")
