"""Runs rules over a file: rule selection, suppression comments, per-declaration caching."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tree_sitter import Node, Tree

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.model import Diagnostic, Severity
from ctx_ls.analysis.needles import NeedleIndex
from ctx_ls.analysis.source import query

if TYPE_CHECKING:  # the engine runs rules; it does not import their modules
    from ctx_ls.rules.base import Rule


class SelectionError(ValueError):
    pass


def select_rules(
    rules: Sequence[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Rule]:
    """Rules named by ``select`` (all when empty) minus those named by ``ignore``.

    A name is a rule id (``lost-cancel``), a code (``CTX101``), a code prefix (``CTX1``)
    or ``ALL``. Unknown names raise SelectionError.
    """
    select, ignore = list(select), list(ignore)

    def matches(rule: Rule, name: str) -> bool:
        name = name.strip()
        return name == "ALL" or name == rule.id or (name.upper().startswith("CTX") and rule.code.startswith(name.upper()))

    for name in select + ignore:
        if not any(matches(r, name) for r in rules):
            raise SelectionError(f"unknown rule {name!r} (see 'ctx-ls rules')")
    chosen = [r for r in rules if not select or any(matches(r, n) for n in select)]
    return [r for r in chosen if not any(matches(r, n) for n in ignore)]


# ----- suppression comments
_IGNORE = re.compile(r"^//\s*ctxls:(ignore|file-ignore)\b\s*([\w\-,]*)")
_NOLINT = re.compile(r"^//\s*nolint(?::([\w\-,]+))?\b")
_COMMENTS = "(comment) @c"


@dataclass(frozen=True)
class _Suppression:
    first_line: int
    last_line: int
    names: frozenset[str] | None  # None: every rule


def suppressions(facts: FileFacts, needles: NeedleIndex | None = None) -> list[_Suppression]:
    text = facts.text
    has = needles.contains if needles is not None else bytes.__contains__
    if not has(text, b"ctxls:") and not has(text, b"nolint"):
        return []
    out: list[_Suppression] = []
    lines = facts.source.lines
    for _, caps in _query_comments(facts.source.root):
        for node in caps["c"]:
            comment = node.text.decode("utf-8", "replace")
            m = _IGNORE.match(comment)
            kind = None
            if m:
                kind = m.group(1)
                names = _names(m.group(2))
            else:
                n = _NOLINT.match(comment)
                if not n:
                    continue
                kind = "nolint"
                names = _names(n.group(1) or "")
            line, _ = lines.position(node.start_byte)
            if kind == "file-ignore":
                out.append(_Suppression(0, lines.line_count(), names))
                continue
            own_line = facts.source.line_text(line)[: node.start_point[1]].strip() == b""
            if not own_line:
                out.append(_Suppression(line, line, names))
                continue
            # A comment on a line of its own covers the next line; a //nolint there covers
            # the whole statement or declaration that starts on that line, like golangci-lint.
            last = line + 1
            if kind == "nolint":
                target = _node_starting_on(facts, line + 1)
                if target is not None:
                    last = max(last, lines.position(max(target.end_byte - 1, target.start_byte))[0])
            out.append(_Suppression(line, last, names))
    return out


def _query_comments(root: Node):
    from tree_sitter import QueryCursor

    return QueryCursor(query(_COMMENTS)).matches(root)


def _names(raw: str) -> frozenset[str] | None:
    names = frozenset(n.strip() for n in raw.split(",") if n.strip())
    return names or None


def _node_starting_on(facts: FileFacts, line: int) -> Node | None:
    lines = facts.source.lines
    if line >= lines.line_count():
        return None
    raw = facts.source.line_text(line)
    indent = len(raw) - len(raw.lstrip(b" \t"))
    if raw.strip() == b"":
        return None
    start = lines.starts[line] + indent
    node = facts.source.root.descendant_for_byte_range(start, start)
    while node is not None and node.parent is not None and node.parent.start_byte == start and node.parent.parent is not None:
        node = node.parent
    return node


def _suppressed(diag: Diagnostic, rule: Rule, line: int, sups: list[_Suppression]) -> bool:
    for s in sups:
        if s.first_line <= line <= s.last_line:
            if s.names is None or rule.id in s.names or rule.code in s.names or (s.names & set(rule.peers)):
                return True
    return False


# ----- the engine
class Engine:
    def __init__(self, rules: Sequence[Rule], severities: dict[str, Severity] | None = None) -> None:
        self.rules = list(rules)
        self.severities = dict(severities or {})
        self._by_id = {r.id: r for r in self.rules}

    def check(self, facts: FileFacts) -> list[Diagnostic]:
        """All findings of the enabled rules in the file, suppressions applied, sorted."""
        raw: list[Diagnostic] = []
        for rule in self.rules:
            if rule.applies(facts):
                raw.extend(rule.check(facts))
                if rule.check_across is not None:
                    raw.extend(rule.check_across(facts))
        return self.finish(facts, raw)

    def finish(self, facts: FileFacts, raw: list[Diagnostic], needles: NeedleIndex | None = None) -> list[Diagnostic]:
        sups = suppressions(facts, needles)
        out = []
        seen = set()
        for d in raw:
            rule = self._by_id[d.rule_id]
            if sups and _suppressed(d, rule, facts.source.lines.position(d.span.start)[0], sups):
                continue
            sev = self.severities.get(rule.id) or self.severities.get(rule.code)
            if sev is not None and sev is not d.severity:
                d = replace(d, severity=sev)
            key = (d.rule_id, d.span, d.message)
            if key not in seen:
                seen.add(key)
                out.append(d)
        out.sort(key=Diagnostic.sort_key)
        return out

    # ----- per-declaration analysis, for the language server
    def check_declarations(self, facts: FileFacts, cache: DeclarationCache) -> list[Diagnostic]:
        """Like check(), but re-analyses only the top-level declarations whose text (or the
        file-level facts they depend on) changed since the cache last saw them."""
        # Fixes may edit the header (an import to add): it is part of every key, so header
        # edits stay valid wherever the declaration moves. The header runs to the end of the
        # last package clause or import declaration (an ERROR node may come first).
        decls, header_end = _declarations(facts.source.top)
        # One hash of the (large) file-level key per call, then a small int in every
        # declaration's key.
        file_key = cache.intern((facts.text[:header_end], facts.file_signature()))
        shapes = cache.shapes(facts.source.tree)
        raw: list[Diagnostic] = []
        todo: list[Node] = []
        keys: dict[int, tuple] = {}
        # What rules derive from one declaration alone (filefuncs: its name, header, body,
        # calls), kept with its cache entry: valid as long as the entry's key matches.
        sides: dict[int, dict] = {}
        facts.memo["decl_side"] = sides
        text, get = facts.text, cache.get  # locals: this loop runs for every declaration
        for decl in decls:
            # Same bytes do not always parse the same way: error recovery elsewhere in the
            # file can change how tree-sitter reads a declaration. The node type and node
            # count and whether it has errors (all O(1)) are part of the key to catch that.
            # A declaration with syntax errors also keys on its whole shape (the S-expression,
            # built in C): error recovery can read the same bytes into another tree with the
            # same node count. There are few such declarations at a time.
            start, has_error = decl.start_byte, decl.has_error
            shape = shapes.of(decl) if has_error else decl.descendant_count
            key = (file_key, decl.type, has_error, shape, text[start : decl.end_byte])
            keys[start] = key
            hit = get(key)
            if hit is None:
                todo.append(decl)
                continue
            sides[start] = hit[2]
            if hit[1]:
                raw.extend(_moved(d, hit[0], start) for d in hit[1])
        if todo:
            # A few declarations: scan just those. Many (a file just opened): one scan of
            # the whole file is cheaper than a query per declaration.
            whole = len(todo) > 16 and len(todo) * 4 > len(decls)
            sub = _narrowed(facts, None if whole else tuple(todo))
            fresh: dict[int, list[Diagnostic]] = {d.start_byte: [] for d in todo}
            starts = [d.start_byte for d in decls]
            for rule in self.rules:
                if rule.applies(facts, cache.needles.contains):
                    for d in rule.check(sub):
                        owner = _owner(starts, d.span.start)
                        if owner in fresh:
                            fresh[owner].append(d)
            for decl in todo:
                start = decl.start_byte
                found = fresh[start]
                side = sides[start] = {}
                cache.put(keys[start], (start, found, side))
                raw.extend(found)
            facts.scanned = sub  # its call index serves check_across (filefuncs.raw_calls)
        # Drop the entries of declarations gone. Not more entries than declarations (a file
        # just opened): at most a few stale ones, harmless (keys are exact), dropped later.
        if len(cache) > len(keys):
            cache.retain(set(keys.values()))
        # Findings that depend on other declarations are never cached (see Rule.check_across).
        for rule in self.rules:
            if rule.check_across is not None and rule.applies(facts, cache.needles.contains):
                raw.extend(rule.check_across(facts))
        return self.finish(facts, raw, cache.needles)


def _declarations(top: list[tuple[Node, str]]) -> tuple[list[Node], int]:
    """The top-level declarations to analyse and where the header ends, in one pass over
    the root's named children (SourceFile.top)."""
    decls, header_end = [], 0
    for n, t in top:
        if t == "package_clause" or t == "import_declaration":
            header_end = max(header_end, n.end_byte)
        elif t != "comment":
            decls.append(n)
    return decls, header_end


# File-level facts of FileFacts that do not depend on the scanned roots.
_FILE_LEVEL = ("imports", "package_name", "context_type_names", "package", "_top_level", "_package_refs")


def _narrowed(facts: FileFacts, roots: tuple[Node, ...] | None) -> FileFacts:
    """``facts`` scanning only ``roots`` (None: the whole file). It shares the file-level
    facts already computed (file_signature() computes most of them): they are the same for
    every root, and computing them again costs a walk over the top level each."""
    sub = replace(facts, roots=roots, _resolvers=facts._resolvers)
    for name in _FILE_LEVEL:
        if name in facts.__dict__:
            sub.__dict__[name] = facts.__dict__[name]
    return sub


def _moved(d: Diagnostic, old: int, new: int) -> Diagnostic:
    """The diagnostic of a declaration that moved from ``old`` to ``new``: everything at or
    after the declaration's start moves with it; header edits (imports) stay."""
    delta = new - old
    if delta == 0:
        return d
    if all(e.span.start >= old for f in d.fixes for e in f.edits):
        return d.shifted(delta)
    fixes = tuple(
        replace(f, edits=tuple(e.shifted(delta) if e.span.start >= old else e for e in f.edits)) for f in d.fixes
    )
    return replace(d, span=d.span.shifted(delta), related=tuple(r.shifted(delta) for r in d.related), fixes=fixes)


def _owner(starts: list[int], offset: int) -> int | None:
    import bisect

    i = bisect.bisect_right(starts, offset) - 1
    return starts[i] if i >= 0 else None


class _Shapes:
    """``str(decl)`` of the declarations with syntax errors, remembered from one call to the
    next by node id. A node's id is the address of its slot in its parent's array of
    children: the same id in the next tree means tree-sitter reused that parent, and the
    declaration in it, unchanged. The trees stay alive, so that no other array can take such
    an address meanwhile. A declaration that error recovery reparsed gets a new id (and its
    S-expression is built again)."""

    def __init__(self, tree: Tree | None, previous: _Shapes | None) -> None:
        self.tree = tree
        self.previous_tree = previous.tree if previous is not None else None
        self.before = previous.now if previous is not None else {}
        self.now: dict[int, str] = {}

    def of(self, decl: Node) -> str:
        i = decl.id
        shape = self.before.get(i)
        if shape is None:
            shape = str(decl)
        self.now[i] = shape
        return shape


class DeclarationCache:
    """Per top-level declaration: ``(start byte when analysed, diagnostics, side data)``;
    the side data is a dict for what rules derive from the declaration alone."""

    def __init__(self) -> None:
        self._items: dict[tuple, tuple[int, list[Diagnostic], dict]] = {}
        self.needles = NeedleIndex()  # which rules' needles the buffer holds
        self._shapes: _Shapes | None = None
        self._file_keys: dict[tuple, int] = {}
        self._ids = itertools.count()

    def intern(self, file_key: tuple) -> int:
        """A small int standing for a file-level key: exact (no hash collisions), and never
        reused, so forgetting old file keys cannot make stale entries match."""
        found = self._file_keys.get(file_key)
        if found is None:
            if len(self._file_keys) > 64:
                self._file_keys.clear()
            found = self._file_keys[file_key] = next(self._ids)
        return found

    def shapes(self, tree: Tree) -> _Shapes:
        """The shapes of a call analysing ``tree``, knowing those of the last call."""
        self._shapes = _Shapes(tree, self._shapes)
        return self._shapes

    def get(self, key: tuple) -> tuple[int, list[Diagnostic], dict] | None:
        return self._items.get(key)

    def put(self, key: tuple, diags: tuple[int, list[Diagnostic], dict]) -> None:
        self._items[key] = diags

    def retain(self, keys: set) -> None:
        for k in [k for k in self._items if k not in keys]:
            del self._items[k]

    def __len__(self) -> int:
        return len(self._items)
