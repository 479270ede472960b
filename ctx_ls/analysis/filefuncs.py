"""The function declarations of the file being analysed, for rules that look across
declarations (``check_across``): headers, bodies and calls, each cached by the declaration's
bytes, so that in an editor only the declarations an edit touched are read again.
"""

from __future__ import annotations

import bisect

from tree_sitter import Node

from ctx_ls.analysis.funcs import Body, FuncInfo, header, summarize_bodies
from ctx_ls.analysis.source import text


_HEADERS: dict[tuple, FuncInfo] = {}
_NAMES: dict[tuple, tuple[str, str, bytes]] = {}  # (receiver, name, parameter bytes)
_BODIES: dict[tuple, Body] = {}
_MAX_CACHED = 20_000


def _key(facts, decl: Node) -> tuple:
    """A declaration's cache key: its bytes, the imports (they give types their meaning)
    and its node type, error flag and node count (error recovery elsewhere can read the same
    bytes differently; the engine's exact S-expression key is not repeated here: a rare
    mismatch only affects findings in a declaration that has syntax errors)."""
    shape = (decl.type, decl.has_error, decl.descendant_count)  # O(1); str(decl) costs a walk
    imports = facts.memo.get("imports_signature")
    if imports is None:
        imports = facts.memo["imports_signature"] = facts.imports.signature()
    return (facts.text[decl.start_byte : decl.end_byte], shape, imports)


class Headers:
    """The function and method declarations of the file being analysed: names and start
    bytes at once (a look at each declaration's name), headers on first use (cached by the
    declaration's bytes: in an editor only edited declarations are read again)."""

    def __init__(self, facts) -> None:
        from ctx_ls.analysis.decls import receiver_type_name

        self.facts = facts
        self.decls: dict[int, Node] = {}
        self.by_key: dict[tuple[str, str], list[int]] = {}
        self.params: dict[int, bytes] = {}  # the parameter list's bytes, by start
        self.keys: dict[int, tuple] = {}
        for decl in facts.source.root.named_children:
            if decl.type != "function_declaration" and decl.type != "method_declaration":
                continue
            key = self.keys[decl.start_byte] = _key(facts, decl)
            found = _NAMES.get(key)
            if found is None:
                name = decl.child_by_field_name("name")
                plist = decl.child_by_field_name("parameters")
                receiver = receiver_type_name(decl) if decl.type == "method_declaration" else ""
                found = (receiver, text(name) if name is not None else "", plist.text if plist is not None else b"")
                if len(_NAMES) > _MAX_CACHED:
                    _NAMES.clear()
                _NAMES[key] = found
            if not found[1]:
                continue
            self.decls[decl.start_byte] = decl
            self.params[decl.start_byte] = found[2]
            self.by_key.setdefault(found[:2], []).append(decl.start_byte)
        self.names = frozenset(name for _, name in self.by_key)
        self._memo: dict[int, FuncInfo] = {}

    def __getitem__(self, start: int) -> FuncInfo:
        info = self._memo.get(start)
        if info is None:
            decl = self.decls[start]
            key = self.keys[start]
            info = _HEADERS.get(key)
            if info is None:
                if len(_HEADERS) > _MAX_CACHED:
                    _HEADERS.clear()
                info = _HEADERS[key] = header(self.facts, decl)
            self._memo[start] = info
        return info


def file_functions(facts) -> Headers:
    """The file's function and method declarations (see Headers)."""
    found = facts.memo.get("file_functions")
    if found is None:
        found = facts.memo["file_functions"] = Headers(facts)
    return found


def file_bodies(facts, starts: list[int]) -> dict[int, Body]:
    """Bodies of the file's declarations that start at ``starts``. In an
    editor only the declarations an edit touched are read again."""
    memo: dict[int, Body] = facts.memo.setdefault("file_bodies", {})
    todo = [s for s in starts if s not in memo]
    if todo:
        by_start = {d.start_byte: d for d in facts.source.root.named_children}
        missing, keys = [], {}
        for start in todo:
            decl = by_start.get(start)
            if decl is None:
                continue
            key = keys[start] = _key(facts, decl)
            hit = _BODIES.get(key)
            if hit is None:
                missing.append(decl)
            else:
                memo[start] = hit
        if missing:
            if len(_BODIES) > _MAX_CACHED:
                _BODIES.clear()
            for start, body in summarize_bodies(facts, missing).items():
                memo[start] = _BODIES[keys[start]] = body
    return {s: memo[s] for s in starts if s in memo}


# ----- the calls written in declarations of the file being analysed
_RAW: dict[tuple, tuple[tuple[str, int, int], ...]] = {}


def raw_calls(facts, decls: list[Node], wanted: set[bytes] | None = None) -> dict[int, tuple[tuple[str, int, int], ...]]:
    """For each declaration, its calls ``(name, start, end)`` (relative to the declaration),
    taken from the call index the rules already built: the engine leaves the facts it
    scanned (the whole file on open, the edited declarations after an edit) in
    ``facts.scanned``. When that is the whole file, only the calls of
    ``wanted`` names (all when None) are taken; otherwise other declarations' calls come
    from a cache keyed by their bytes (complete, so that any later filter can use them)."""
    scanned = facts.scanned or facts
    if scanned.roots is None:
        return _bucket(scanned._call_index, decls, wanted)
    covered = {r.start_byte for r in scanned.roots}
    out: dict[int, tuple] = {}
    keys: dict[int, tuple] = {}
    todo: list[Node] = []
    known = facts.memo.get("file_functions")
    known_keys = known.keys if known is not None else {}
    for decl in decls:
        key = known_keys.get(decl.start_byte)
        if key is None:
            key = _key(facts, decl)
        keys[decl.start_byte] = key
        hit = _RAW.get(key)
        if hit is not None:
            out[decl.start_byte] = hit
            continue
        todo.append(decl)
        if decl.start_byte not in covered:
            scanned = None  # not in the scanned roots: index the declarations on their own
    if not todo:
        return out
    if scanned is None:
        from dataclasses import replace

        scanned = replace(facts, roots=tuple(todo), _resolvers=facts._resolvers)
    if len(_RAW) > _MAX_CACHED:
        _RAW.clear()
    found = _bucket(scanned._call_index, todo, None)
    for decl in todo:
        out[decl.start_byte] = _RAW[keys[decl.start_byte]] = found.get(decl.start_byte, ())
    return out


def _bucket(index: dict[bytes, list[Node]], decls: list[Node], wanted: set[bytes] | None) -> dict[int, tuple]:
    """The calls of an index, by the declaration (of ``decls``) that holds them, in order."""
    starts = sorted(d.start_byte for d in decls)
    ends = {d.start_byte: d.end_byte for d in decls}
    found: dict[int, list[tuple[str, int, int]]] = {}
    for raw, calls in index.items():
        if wanted is not None and raw not in wanted:
            continue
        name = raw.decode("utf-8", "replace")
        for call in calls:
            i = bisect.bisect_right(starts, call.start_byte) - 1
            if i >= 0 and call.end_byte <= ends[starts[i]]:
                found.setdefault(starts[i], []).append((name, call.start_byte - starts[i], call.end_byte - starts[i]))
    return {start: tuple(sorted(calls, key=lambda c: c[1])) for start, calls in found.items()}
