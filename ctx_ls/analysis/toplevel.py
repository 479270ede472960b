"""Questions about the top-level declaration around a node, answered without walking the
tree: in tree-sitter every ``.parent`` walks down from the root again, and a query over a
declaration costs a C walk plus Python objects per match, while rules ask these for every
candidate they look at."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from tree_sitter import Node

from ctx_ls.analysis.scopes import top_level


class TopLevel:
    """The children of a tree's root, for finding the one that contains a node."""

    def __init__(self, root: Node) -> None:
        self.children = root.children
        self.starts = [c.start_byte for c in self.children]

    def of(self, node: Node) -> Node:
        """What ``scopes.top_level`` returns, by a binary search over the root's children."""
        start, end = node.start_byte, node.end_byte
        i = bisect_right(self.starts, start) - 1
        if start < end and i >= 0:
            top = self.children[i]
            # Children do not overlap, so the one child that spans a node of some width is
            # its ancestor, unless the node spans exactly as much (it may be the root).
            if end <= top.end_byte and (top.start_byte != start or top.end_byte != end):
                return top
        return top_level(node)


def declares_no(top: Node, mentions: list[int]) -> bool:
    """True when the text of ``top`` shows that it declares no ``name``: it mentions the
    name only as ``name.X``, as it mentions an imported package, and a declaration that
    parsed without errors never writes a name it declares so. False: it may (ask the tree).
    ``mentions``: bare_mentions(text, name)."""
    if top.has_error:
        return False
    i = bisect_left(mentions, top.start_byte)
    return i == len(mentions) or mentions[i] >= top.end_byte


def bare_mentions(text: bytes, name: str) -> list[int]:
    """Where the file mentions the identifier ``name`` other than as ``name.X``: neither
    part of a longer identifier nor followed by a selector (bytes that may belong to a
    non-ASCII letter count as neither, so more occurrences match, never fewer). One search
    of the whole text, for a literal (the regex engine skips ahead to it); the character
    before it is checked here."""
    found = []
    for m in _mention(name).finditer(text):
        s = m.start()
        if s == 0 or text[s - 1 : s] not in _IDENT_BEFORE:
            found.append(s)
    return found


_IDENT_BEFORE = frozenset(bytes([c]) for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


@lru_cache(maxsize=256)
def _mention(name: str) -> re.Pattern[bytes]:
    return re.compile(re.escape(name.encode()) + rb"(?![A-Za-z0-9_]|\.[A-Za-z_\x80-\xff])")
