"""Analysis of open documents off the event loop, and its results in LSP terms.

One worker thread parses and analyses; the event loop only splices text. A result for a
version that is no longer current is dropped (its tree is kept: later edits build on it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from lsprotocol import types
from tree_sitter import Tree

from ctx_ls.analysis import package
from ctx_ls.analysis.engine import DeclarationCache, Engine
from ctx_ls.analysis.facts import FileFacts, Options
from ctx_ls.analysis.filefuncs import complete_calls
from ctx_ls.analysis.gomod import Module
from ctx_ls.analysis.model import Diagnostic, Severity, Span
from ctx_ls.analysis.source import LineIndex, SourceFile, new_parser, newline_of
from ctx_ls.lsp import convert
from ctx_ls.lsp.documents import TextEdit
from ctx_ls.rules import BY_ID

SOURCE = "ctx-ls"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}
# Above this size a full parse yields the GIL now and then, so that the event loop stays
# responsive while a huge or pathological buffer is parsed.
_YIELDING_PARSE_BYTES = 512 * 1024


@dataclass
class Snapshot:
    uri: str
    path: str
    version: int
    text: bytes
    lines: LineIndex
    tree: Tree | None
    edits: tuple[TextEdit, ...]
    engine: Engine
    options: Options
    module: Module
    overlays: dict[str, bytes]
    encoding: str
    cache: DeclarationCache


@dataclass
class Result:
    uri: str
    version: int
    tree: Tree
    consumed_edits: int
    text: bytes
    lines: LineIndex
    diagnostics: list[Diagnostic]
    encoding: str = convert.UTF16
    incremental: bool = False  # parsed against an older tree
    lsp: list[types.Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    # Work for later analyses of the document, to run once this result is published.
    followup: Callable[[], None] | None = field(default=None, repr=False)


_local = threading.local()  # a parser per worker thread


def _parse(text: bytes, old: Tree | None) -> Tree:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = new_parser()
    if len(text) < _YIELDING_PARSE_BYTES:
        return parser.parse(text, old) if old is not None else parser.parse(text)
    calls = 0

    def progress(*_args) -> bool:
        nonlocal calls
        calls += 1
        if calls % 16 == 0:
            time.sleep(0)  # let the event loop thread run
        return False

    def read(offset: int, _point) -> bytes:
        return text[offset : offset + 65536]

    if old is not None:
        tree = parser.parse(read, old, progress_callback=progress)
    else:
        tree = parser.parse(read, progress_callback=progress)
    # A tree parsed through a read callback has no source attached, so node.text and query
    # predicates would call back for every node. Reparsing the same bytes against it reuses
    # the whole tree (well under a millisecond) and attaches them.
    return parser.parse(text, tree)


def analyse(snap: Snapshot) -> Result:
    """Runs in the worker thread."""
    start = time.perf_counter()
    old = None
    if snap.tree is not None:
        old = snap.tree.copy()
        for e in snap.edits:
            old.edit(e.start_byte, e.old_end_byte, e.new_end_byte, e.start_point, e.old_end_point, e.new_end_point)
    tree = package.parsed_tree(snap.path, snap.text) if old is None and snap.path else None
    if tree is None:
        tree = _parse(snap.text, old)
    source = SourceFile(snap.path or snap.uri, snap.text, tree, snap.lines)
    if snap.path:
        package.register_buffer(snap.path, snap.text, tree)  # for other files' package index
    facts = FileFacts(source, snap.module, snap.options, overlays=snap.overlays)
    diags = snap.engine.check_declarations(facts, snap.cache)
    result = Result(snap.uri, snap.version, tree, len(snap.edits), snap.text, snap.lines, diags, snap.encoding,
                    incremental=old is not None)
    result.lsp = [to_lsp(d, snap, snap.encoding) for d in diags]
    result.seconds = time.perf_counter() - start
    if facts.scanned is not None and facts.scanned.roots is None:
        result.followup = partial(complete_calls, facts)
    return result


def needs_reconcile(result: Result) -> bool:
    """An incremental reparse of a tree with syntax errors can differ from a fresh parse of
    the same text (tree-sitter's error recovery depends on the old tree). Such results are
    redone from a fresh parse once the user pauses."""
    return result.incremental and result.tree is not None and result.tree.root_node.has_error


def _range(snap_text: bytes, lines: LineIndex, span: Span, encoding: str) -> types.Range:
    return convert.to_range(snap_text, lines, span, encoding)


def to_lsp(d: Diagnostic, snap: Snapshot, encoding: str) -> types.Diagnostic:
    rule = BY_ID[d.rule_id]
    rng = _range(snap.text, snap.lines, d.span, encoding)
    related = [
        types.DiagnosticRelatedInformation(
            convert.place_location(r.place, encoding) if r.place is not None
            else types.Location(snap.uri, _range(snap.text, snap.lines, r.span, encoding)),
            r.message,
        )
        for r in d.related
    ]
    fixes = [
        {
            "title": f.title,
            "safe": f.is_safe,
            "edits": [
                {"range": _json_range(_range(snap.text, snap.lines, e.span, encoding)), "newText": e.new_text}
                for e in f.edits
            ],
        }
        for f in d.fixes
    ]
    return types.Diagnostic(
        range=rng,
        message=d.message,
        severity=_SEVERITY[d.severity],
        code=rule.id,
        code_description=types.CodeDescription(href=rule.url),
        source=SOURCE,
        related_information=related or None,
        data={"rule": rule.id, "code": rule.code, "version": snap.version, "fixes": fixes,
              "ignore": _ignore_edit(snap, d, encoding)},
    )


def _json_range(r: types.Range) -> dict:
    return {"start": {"line": r.start.line, "character": r.start.character},
            "end": {"line": r.end.line, "character": r.end.character}}


def _ignore_edit(snap: Snapshot, d: Diagnostic, encoding: str) -> dict:
    """Insert ``//ctxls:ignore <rule>`` on a line of its own above the finding's line."""
    line, _ = snap.lines.position(d.span.start)
    start = snap.lines.starts[line]
    raw = snap.text[start : snap.lines.ends[line]]
    indent = raw[: len(raw) - len(raw.lstrip(b" \t"))].decode("utf-8", "replace")
    nl = newline_of(snap.text)
    pos = convert.position(snap.text, snap.lines, start, encoding)
    return {"range": _json_range(types.Range(pos, pos)), "newText": f"{indent}//ctxls:ignore {d.rule_id}{nl}"}
