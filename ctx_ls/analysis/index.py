"""The one tree walk that every rule shares: calls by the name they call, calls whose first
argument is the literal nil, and nodes of a few types (FileFacts.calls and .nodes).

A query walks every node of the tree (about 10 ms for a 10,000-line file) and each match
costs Python objects, so there is one walk for all rules and its loop is kept tight. Calls
with a nil first argument are rare: a search of the text finds the candidates (patterns for
them in the query cost the walk about a millisecond more).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from tree_sitter import Node, Query, QueryCursor

from ctx_ls.analysis.source import query

_CALL_PATTERNS = (
    "(call_expression function: (selector_expression field: (field_identifier) @name)) @call",
    "(call_expression function: (identifier) @name) @call",
)
_FIRST_NODE = len(_CALL_PATTERNS)
# A nil argument right after an opening parenthesis, with white space and comments between.
# Possessive: a run of white space and comments is read one way only (with backtracking, a
# comment line holding many "//" could be split in exponentially many ways).
_NIL_AFTER_PAREN = re.compile(rb"\((?:\s++|/\*.*?\*/|//[^\n]*+)*+nil\b", re.S)

NIL_FIRST_CALL = "nil_first_call"  # the key of those calls among the nodes by type


@lru_cache(maxsize=8)
def _query(node_types: tuple[str, ...]) -> Query:
    """Separate patterns rather than one alternation: they match a little faster, and the
    pattern index of a match tells what it found (asking a node its type costs a string).
    Compiled once per set of node types."""
    nodes = " ".join(f"({t}) @n" for t in node_types)
    return query(" ".join(_CALL_PATTERNS) + " " + nodes)


def index(roots: Iterable[Node], node_types: tuple[str, ...], text: bytes) -> tuple[dict[bytes, list[Node]], dict[str, list[Node]]]:
    """Calls by the name they call (``x.Name(...)`` / ``Name(...)``, as bytes: nothing to
    decode per call) and nodes by type (``node_types`` and NIL_FIRST_CALL), each in the order
    the walk meets the call's name or the node. ``text``: the source of the tree."""
    compiled = _query(node_types)
    calls: dict[bytes, list[Node]] = {}
    nodes: dict[str, list[Node]] = {t: [] for t in node_types}
    by_pattern = [nodes[t] for t in node_types]  # the lists of node patterns, in order
    roots = list(roots)
    for root in roots:
        for pattern, caps in QueryCursor(compiled).matches(root):
            if pattern < _FIRST_NODE:
                found = calls.get(key := caps["name"][0].text)
                if found is None:
                    calls[key] = [caps["call"][0]]
                else:
                    found.append(caps["call"][0])
            else:
                by_pattern[pattern - _FIRST_NODE].append(caps["n"][0])
    nodes[NIL_FIRST_CALL] = nil_first_calls(roots, text)
    return calls, nodes


def nil_first_calls(roots: list[Node], text: bytes) -> list[Node]:
    """The calls in ``roots`` whose first argument is the literal nil, possibly after one
    comment (as the query ``(call_expression arguments: (argument_list . (nil)))`` finds, and
    the same with ``. (comment) . (nil)``), in source order."""
    found: list[Node] = []
    for root in roots:
        for m in _NIL_AFTER_PAREN.finditer(text, root.start_byte, root.end_byte):
            nil = root.descendant_for_byte_range(m.end() - 3, m.end())
            if nil is None or nil.type != "nil":
                continue  # in a string or a comment, or part of something else
            args = nil.parent
            if args is None or args.type != "argument_list":
                continue
            first = args.named_children[:2]
            if first[0] != nil and not (len(first) == 2 and first[0].type == "comment" and first[1] == nil):
                continue
            call = args.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("arguments") == args:
                found.append(call)
    found.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return found
