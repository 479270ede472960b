"""Where the package index gets its file summaries: files on disk (cached by modification
time and size), open editor buffers (by content, summarised from the tree the server keeps),
and, in one-shot scans (``ctx-ls check`` without --fix), trees shared between the summary
of a file and its own analysis. Also a search of files' bytes for function names and
possible context types, a filter that spares parsing files nothing is asked about.
"""

from __future__ import annotations

import os
import re

from ctx_ls.analysis.summaries import FileSummary, summarize_file

CACHE: dict[str, tuple[tuple[int, int], FileSummary]] = {}
UNCHANGED = False  # see assume_files_unchanged
LISTINGS: dict[str, list[str]] = {}
ALL_SIBLINGS: dict[tuple[str, str], list[FileSummary]] = {}


def stamp(path: str) -> tuple[int, int] | None:
    """A file's version as the caches know it: (modification time in ns, size)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def files_unchanged() -> bool:
    return UNCHANGED


def assume_files_unchanged() -> None:
    """For a one-shot scan (``ctx-ls check`` without --fix): files on disk do not change
    while it runs, so directory listings and summaries are not checked again (otherwise
    every file of a package stats every other one: quadratic in big packages)."""
    global UNCHANGED
    UNCHANGED = True


# In a one-shot scan, the trees parsed for summaries of one directory are handed to the
# analysis of the same files (and files analysed first are summarised from their own tree):
# each file is parsed once, not twice.
TREES: dict[str, tuple[bytes, object]] = {}


def keep_tree(path: str, data: bytes, tree) -> None:
    if TREES and os.path.dirname(next(iter(TREES))) != os.path.dirname(path):
        TREES.clear()
    TREES[path] = (data, tree)


def take_tree(path: str, data: bytes):
    """A tree already parsed from exactly ``data`` for ``path`` (one-shot scans), or None."""
    hit = TREES.get(path)  # kept: the bodies of this directory's files may be read later
    return hit[1] if hit is not None and hit[0] == data else None


def remember(path: str, data: bytes, tree) -> None:
    """One-shot scans: summarise a file being analysed from its own tree, so that the other
    files of its package need not parse it again."""
    version = stamp(path) if UNCHANGED and path not in CACHE else None
    if version is None:
        return
    summary = loaded(summarize_file(path, data, tree, keep=keep_tree))
    summary.stamp = version
    CACHE[path] = (summary.stamp, summary)


# Declarations at the start of a line. The patterns start with the line break rather than
# ``^`` under re.M: a literal prefix lets the regex engine skip ahead (several times faster),
# and the text searched gets a leading line break.
FUNC_NAME = re.compile(rb"\nfunc[ \t]*(\([^)\n]*\))?[ \t]*([^\s(\[]+)")
TYPE_OVER_CONTEXT = re.compile(rb"\ntype[ \t]+([^\s=\[(]+)(?:\[[^\]\n]*\])?[ \t]*=?[ \t]*(?:\w+\.)?Context\b")
TYPE_GROUP = re.compile(rb"\ntype[ \t]*\((.*?)\n\)", re.S)
GROUP_OVER_CONTEXT = re.compile(rb"^[ \t]*([^\s=\[]+)(?:\[[^\]\n]*\])?[ \t]*=?[ \t]*(?:\w+\.)?Context\b", re.M)
LEXICAL: dict[str, tuple[tuple, tuple]] = {}
LEXICAL_DIRS: dict[str, tuple] = {}


def _from_disk(cache: dict, path: str, make):
    """``make(data, version)`` of the file on disk, cached in ``cache`` by its stamp (by
    path alone in a one-shot scan, where files do not change); None when it is unreadable."""
    if UNCHANGED and path in cache:
        return cache[path][1]
    version = stamp(path)
    if version is None:
        return None
    hit = cache.get(path)
    if hit is not None and hit[0] == version:
        return hit[1]
    data = read(path)
    if data is None:
        return None
    value = make(data, version)
    cache[path] = (version, value)
    return value


def lexical_of(path: str, data: bytes | None) -> tuple | None:
    """``(function names, possible context type names, method names)`` of one file, from
    its bytes (cached by content or by modification time)."""
    if data is None:
        return _from_disk(LEXICAL, path, lambda disk, _version: _lexical(disk))
    version = (len(data), hash(data))
    hit = LEXICAL.get(path)
    if hit is not None and hit[0] == version:
        return hit[1]
    found = _lexical(data)
    LEXICAL[path] = (version, found)
    return found


def _lexical(data: bytes) -> tuple:
    funcs, methods = set(), set()
    lines = b"\n" + data
    for m in FUNC_NAME.finditer(lines):
        name = m.group(2).decode("utf-8", "replace")
        funcs.add(name)
        if m.group(1):
            methods.add(name)
    types: set[str] = set()
    if b"context" in data:
        types = {m.group(1).decode("utf-8", "replace") for m in TYPE_OVER_CONTEXT.finditer(lines)}
        for group in TYPE_GROUP.finditer(lines):
            types |= {m.group(1).decode("utf-8", "replace") for m in GROUP_OVER_CONTEXT.finditer(group.group(1))}
    return frozenset(funcs), frozenset(types), frozenset(methods)


def loaded(summary: FileSummary) -> FileSummary:
    from ctx_ls.analysis.package import decl_place

    summary.places.loader = lambda key: decl_place(summary, key)
    return summary


def summary_from_disk(path: str) -> FileSummary | None:
    def make(data: bytes, version: tuple[int, int]) -> FileSummary:
        summary = loaded(summarize_file(path, data, keep=keep_tree if UNCHANGED else None))
        summary.stamp = version
        return summary

    return _from_disk(CACHE, path, make)


OVERLAY_CACHE: dict[str, tuple[int, int, FileSummary]] = {}


# The trees the language server keeps for its open buffers, by path: a buffer that becomes
# another file's sibling is summarised from its tree instead of being parsed again.
BUFFER_TREES: dict[str, tuple[bytes, object]] = {}


def register_buffer(path: str, data: bytes, tree) -> None:
    BUFFER_TREES[path] = (data, tree)


def forget_buffer(path: str) -> None:
    BUFFER_TREES.pop(path, None)


def summary_from_overlay(path: str, data: bytes) -> FileSummary:
    """An open buffer's summary, reparsed only when its text changed (a sibling buffer
    must not be parsed again on every keystroke in another file)."""
    key = (len(data), hash(data))
    hit = OVERLAY_CACHE.get(path)
    if hit is not None and hit[:2] == key:
        return hit[2]
    kept = BUFFER_TREES.get(path)
    summary = loaded(summarize_file(path, data, kept[1] if kept is not None and kept[0] == data else None))
    summary.data = data
    OVERLAY_CACHE[path] = (*key, summary)
    return summary
