"""The one tree walk that every rule shares: calls by the name they call, calls whose first
argument is the literal nil, and nodes of a few types (FileFacts.calls and .nodes).

A query walks every node of the tree (about 10 ms for a 10,000-line file) and each match
costs Python objects, so there is one walk for all rules and its loop is kept tight.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from tree_sitter import Node, Query, QueryCursor

from ctx_ls.analysis.source import query

_CALL_PATTERNS = (
    "(call_expression function: (selector_expression field: (field_identifier) @name)) @call",
    "(call_expression function: (identifier) @name) @call",
)
_NIL_PATTERNS = (  # calls whose first argument is the literal nil
    "(call_expression arguments: (argument_list . (nil))) @nil",
    "(call_expression arguments: (argument_list . (comment) . (nil))) @nil",
)
_FIRST_NIL = len(_CALL_PATTERNS)
_FIRST_NODE = _FIRST_NIL + len(_NIL_PATTERNS)

NIL_FIRST_CALL = "nil_first_call"  # the key of those calls among the nodes by type


@lru_cache(maxsize=8)
def _query(node_types: tuple[str, ...]) -> Query:
    """Separate patterns rather than one alternation: they match a little faster, and the
    pattern index of a match tells what it found (asking a node its type costs a string).
    Compiled once per set of node types."""
    nodes = " ".join(f"({t}) @n" for t in node_types)
    return query(" ".join(_CALL_PATTERNS + _NIL_PATTERNS) + " " + nodes)


def index(roots: Iterable[Node], node_types: tuple[str, ...]) -> tuple[dict[bytes, list[Node]], dict[str, list[Node]]]:
    """Calls by the name they call (``x.Name(...)`` / ``Name(...)``, as bytes: nothing to
    decode per call) and nodes by type (``node_types`` and NIL_FIRST_CALL), each in the order
    the walk meets the call's name or the node."""
    compiled = _query(node_types)
    calls: dict[bytes, list[Node]] = {}
    nodes: dict[str, list[Node]] = {t: [] for t in node_types}
    nil_first = nodes[NIL_FIRST_CALL] = []
    by_pattern = [nodes[t] for t in node_types]  # the lists of node patterns, in order
    for root in roots:
        for pattern, caps in QueryCursor(compiled).matches(root):
            if pattern < _FIRST_NIL:
                found = calls.get(key := caps["name"][0].text)
                if found is None:
                    calls[key] = [caps["call"][0]]
                else:
                    found.append(caps["call"][0])
            elif pattern < _FIRST_NODE:
                nil_first.append(caps["nil"][0])
            else:
                by_pattern[pattern - _FIRST_NODE].append(caps["n"][0])
    return calls, nodes
