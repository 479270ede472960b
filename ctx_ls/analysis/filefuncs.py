"""The function declarations of the file being analysed, for rules that look across
declarations (``check_across``): headers, bodies and calls, each kept with the declaration's
entry in the language server's per-declaration cache, so that in an editor only the
declarations an edit touched are read again.
"""

from __future__ import annotations

import bisect

from tree_sitter import Node

from ctx_ls.analysis.funcs import Body, FuncInfo, header, summarize_bodies
from ctx_ls.analysis.source import text


def _sides(facts) -> dict[int, dict]:
    """Per-declaration side data by start byte (see Engine.check_declarations): in an editor
    what an earlier analysis derived from a declaration that has not changed since. Empty
    in a one-shot check, where each declaration is read once anyway."""
    return facts.memo.get("decl_side") or {}


class Headers:
    """The function and method declarations of the file being analysed: names and start
    bytes at once (a look at each declaration's name), headers on first use (kept with the
    declaration's cache entry: in an editor only edited declarations are read again)."""

    def __init__(self, facts) -> None:
        from ctx_ls.analysis.decls import receiver_type_name

        self.facts = facts
        self.decls: dict[int, Node] = {}
        self.by_key: dict[tuple[str, str], list[int]] = {}
        self.params: dict[int, bytes] = {}  # the parameter list's bytes, by start
        sides = self.sides = _sides(facts)
        decls, params, by_key = self.decls, self.params, self.by_key
        for decl, t in facts.source.top:
            if t != "function_declaration" and t != "method_declaration":
                continue
            start = decl.start_byte
            side = sides.get(start)
            found = side.get("name") if side is not None else None
            if found is None:
                name = decl.child_by_field_name("name")
                plist = decl.child_by_field_name("parameters")
                receiver = receiver_type_name(decl) if t == "method_declaration" else ""
                # ((receiver, name), parameter bytes); the name "" when the tree has none
                found = ((receiver, text(name) if name is not None else ""), plist.text if plist is not None else b"")
                if side is not None:
                    side["name"] = found
            key = found[0]
            if not key[1]:
                continue
            decls[start] = decl
            params[start] = found[1]
            same = by_key.get(key)
            if same is None:
                by_key[key] = [start]
            else:
                same.append(start)
        self.names = frozenset(name for _, name in by_key)
        self._memo: dict[int, FuncInfo] = {}

    def __getitem__(self, start: int) -> FuncInfo:
        info = self._memo.get(start)
        if info is None:
            side = self.sides.get(start)
            info = side.get("header") if side is not None else None
            if info is None:
                info = header(self.facts, self.decls[start])
                if side is not None:
                    side["header"] = info
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
        sides = _sides(facts)
        by_start = {d.start_byte: d for d, _ in facts.source.top}
        missing = []
        for start in todo:
            decl = by_start.get(start)
            if decl is None:
                continue
            hit = sides[start].get("body") if start in sides else None
            if hit is None:
                missing.append(decl)
            else:
                memo[start] = hit
        if missing:
            for start, body in summarize_bodies(facts, missing).items():
                memo[start] = body
                if start in sides:
                    sides[start]["body"] = body
    return {s: memo[s] for s in starts if s in memo}


# ----- the calls written in declarations of the file being analysed
def raw_calls(facts, decls: list[Node], wanted: set[bytes] | None = None) -> dict[int, tuple[tuple[str, int, int], ...]]:
    """For each declaration, its calls ``(name, start, end)`` (relative to the declaration),
    taken from the call index the rules already built: the engine leaves the facts it
    scanned (the whole file on open, the edited declarations after an edit) in
    ``facts.scanned``. When that is the whole file, only the calls of
    ``wanted`` names (all when None) are taken; otherwise other declarations' calls come
    from their side data (complete, so that any later filter can use them), and
    declarations without are indexed on their own."""
    scanned = facts.scanned
    if scanned is not None and scanned.roots is None:
        return _bucket(scanned._call_index, decls, wanted)
    # The engine scanned a few declarations, or none (every declaration's findings came from
    # its cache: an edit undone, a comment edited): the others' calls are side data.
    covered = {r.start_byte for r in scanned.roots} if scanned is not None else set()
    sides = _sides(facts)
    out: dict[int, tuple] = {}
    todo: list[Node] = []
    for decl in decls:
        start = decl.start_byte
        side = sides.get(start)
        hit = side.get("calls") if side is not None else None
        if hit is not None:
            out[start] = hit
            continue
        todo.append(decl)
        if start not in covered:
            scanned = None  # not in the scanned roots: index the declarations on their own
    if not todo:
        return out
    if scanned is None and len(todo) > 16 and len(todo) * 4 > len(decls):
        scanned = facts  # many (after a whole-file analysis): one walk of the file is cheaper
    elif scanned is None:
        from dataclasses import replace

        scanned = replace(facts, roots=tuple(todo), _resolvers=facts._resolvers)
    found = _bucket(scanned._call_index, todo, None)
    for decl in todo:
        start = decl.start_byte
        out[start] = found.get(start, ())
        if start in sides:
            sides[start]["calls"] = out[start]
    return out


def complete_calls(facts) -> None:
    """After a whole-file analysis, which kept only the calls its rules asked for: the calls
    of every function declaration, as side data, from the whole-file call index. For the
    language server to run once the diagnostics are out, so that the next keystroke does
    not index the whole file again for them."""
    scanned = facts.scanned
    sides = _sides(facts)
    if scanned is None or scanned.roots is not None or not sides:
        return
    decls = [d for d, t in facts.source.top
             if t in ("function_declaration", "method_declaration")
             and d.start_byte in sides and "calls" not in sides[d.start_byte]]
    if not decls:
        return
    found = _bucket(scanned._call_index, decls, None)
    for decl in decls:
        sides[decl.start_byte]["calls"] = found.get(decl.start_byte, ())


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
