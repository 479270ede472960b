"""The document store under random edit sequences: the text, the line index, the
incrementally reparsed tree and the diagnostics always equal a fresh computation."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from ctx_ls.analysis.engine import DeclarationCache
from ctx_ls.analysis.gomod import find_module
from ctx_ls.analysis.source import LineIndex, new_parser
from ctx_ls.lsp import convert
from ctx_ls.lsp.diagnostics import Snapshot, analyse, needs_reconcile
from ctx_ls.lsp.documents import Document
from ctx_ls.project import Analyzer, Settings
from tests.fixtures import TESTDATA, fixture_files
from tests.lsp.harness import expected

ANALYZER = Analyzer(Settings())
FILES = fixture_files()
TEXTS = ["", "\n", "\r\n", "\r", "x", "日本", "🚀", "\u2028", "\x0c", "`", "}", "{\n", "\tctx, _ := context.WithCancel(ctx)\n",
         "time.Sleep(1)\n", "// 注释 🚀\n", "func g(ctx context.Context) {\n", "\"", "/*"]


def _shape(node, out):
    out.append((node.type, node.start_byte, node.end_byte, node.is_missing))
    for c in node.children:
        _shape(c, out)
    return out


def _position(text: str, frac: float, encoding: str) -> types.Position:
    """A position inside ``text`` (possibly past a line's end, to test clamping)."""
    data = text.encode()
    lines = LineIndex(data)
    line = int(frac * (len(lines.starts) + 1))
    return types.Position(line, int(frac * 1000) % 120)


@settings(max_examples=int(os.environ.get("CTXLS_HYPOTHESIS_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(
    rel=st.sampled_from(FILES),
    encoding=st.sampled_from([convert.UTF8, convert.UTF16, convert.UTF32]),
    edits=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.sampled_from(TEXTS), st.booleans()),
                   min_size=1, max_size=8),
)
def test_random_edits(rel: str, encoding: str, edits) -> None:
    path = os.path.join(TESTDATA, rel)
    with open(path, "rb") as f:
        original = f.read()
    doc = Document("file://" + path, path, 1, original)
    cache = DeclarationCache()
    parser = new_parser()
    text = original
    for i, (a, b, new, analyse_now) in enumerate(edits):
        start = _position(text.decode("utf-8", "replace"), min(a, b), encoding)
        end = _position(text.decode("utf-8", "replace"), max(a, b), encoding)
        if (end.line, end.character) < (start.line, start.character):
            start, end = end, start
        # The reference: convert positions with a fresh line index and splice.
        lines = LineIndex(text)
        s = convert.offset(text, lines, start, encoding)
        e = convert.offset(text, lines, end, encoding)
        s, e = min(s, e), max(s, e)
        text = text[:s] + new.encode() + text[e:]
        doc.apply(types.TextDocumentContentChangePartial(range=types.Range(start, end), text=new), encoding)
        doc.version += 1
        assert doc.text == text
        fresh_lines = LineIndex(text)
        assert (doc.lines.starts, doc.lines.ends) == (fresh_lines.starts, fresh_lines.ends)
        if analyse_now or i == len(edits) - 1:
            cfg = ANALYZER.config_for(path)  # the same .ctx-ls.toml the CLI would use
            snap = Snapshot(doc.uri, path, doc.version, doc.text, doc.lines, doc.tree, tuple(doc.edits),
                            ANALYZER.engine_for(cfg), cfg.options, find_module(path), {}, encoding, cache)
            result = analyse(snap)
            doc.tree = result.tree
            del doc.edits[: result.consumed_edits]
            if result.followup is not None and i % 2:  # as the server does once it published
                result.followup()
            fresh_shape = _shape(parser.parse(text).root_node, [])
            if _shape(result.tree.root_node, []) != fresh_shape:
                # tree-sitter's incremental error recovery may differ from a fresh parse; the
                # server redoes such results from a fresh parse when the user pauses.
                assert needs_reconcile(result), "an error-free incremental parse differs from a fresh one"
                snap = Snapshot(doc.uri, path, doc.version, doc.text, doc.lines, None, (),
                                ANALYZER.engine_for(cfg), cfg.options, find_module(path), {}, encoding, cache)
                result = analyse(snap)
                doc.tree = result.tree
                assert _shape(result.tree.root_node, []) == fresh_shape
            ours = sorted((d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
                           d.code, d.message) for d in result.lsp)
            assert ours == expected(path, text, encoding)


def test_a_utf8_column_inside_a_character_does_not_split_it() -> None:
    """A client that sends a UTF-8 column in the middle of a multi-byte character (found by
    the property test above) must not corrupt the buffer: the position moves back to the
    character's start, so the text stays valid UTF-8 and CLI and server agree on it."""
    text = "// größe 日本\nfunc f() {}\n".encode()
    lines = LineIndex(text)
    inside = text.index("ö".encode()) + 1  # the second byte of ö
    assert convert.offset(text, lines, types.Position(0, inside), convert.UTF8) == inside - 1
    kanji = text.index("本".encode())
    for k in (1, 2):
        assert convert.offset(text, lines, types.Position(0, kanji + k), convert.UTF8) == kanji
    doc = Document("file:///x.go", "/x.go", 1, text)
    doc.apply(types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(0, inside), types.Position(0, inside)), text="x"), convert.UTF8)
    assert doc.text.decode("utf-8") == "// grxöße 日本\nfunc f() {}\n"


def test_garbage_collection_waits_for_analyses(monkeypatch) -> None:
    """Automatic collection is paused while any analysis runs and resumes after the last;
    a long busy spell still collects young objects (the backstop)."""
    import gc

    from ctx_ls.lsp import scheduler

    assert gc.isenabled()
    pause = scheduler.GcPause()
    try:
        pause.hold()
        assert not gc.isenabled()
        pause.hold()  # a second document
        pause.release()
        assert not gc.isenabled()
        monkeypatch.setattr(scheduler, "GC_BACKSTOP", 1000)
        junk = [[i] for i in range(5000)]  # tracked containers: counted as allocations
        assert gc.get_count()[0] > 1000
        pause.hold()  # a third, during a long spell: collects the young generation first
        assert gc.get_count()[0] < 1000
        pause.release()
        pause.release()
        assert gc.isenabled()
        del junk
    finally:
        gc.enable()
    # A pause that did not disable collection (it was off already) does not turn it on.
    gc.disable()
    try:
        off = scheduler.GcPause()
        off.hold()
        off.release()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_follow_up_of_an_open_completes_every_function_s_calls() -> None:
    """An open analyses the whole file and keeps only the calls its rules asked for; its
    follow-up (run by the server after publishing) stores every function's calls with its
    cache entry, so the next edit reads them instead of indexing the whole file again; the
    findings after that edit are still those of a fresh analysis."""
    path = os.path.join(TESTDATA, "context-not-passed", "service.go")
    with open(path, "rb") as f:
        data = f.read()
    # Enough declarations for the engine to scan the whole file at once.
    data += b"".join(b"\nfunc pad%d(ctx context.Context) { _ = ctx }\n" % i for i in range(20))
    doc, cache = Document("file://" + path, path, 1, data), DeclarationCache()
    cfg = ANALYZER.config_for(path)

    def run():
        snap = Snapshot(doc.uri, path, doc.version, doc.text, doc.lines, doc.tree, tuple(doc.edits),
                        ANALYZER.engine_for(cfg), cfg.options, find_module(path), {}, convert.UTF16, cache)
        result = analyse(snap)
        doc.tree = result.tree
        del doc.edits[: result.consumed_edits]
        return result

    first = run()
    assert first.followup is not None
    sides = [entry[2] for entry in cache._items.values()]
    functions = sum(d.type in ("function_declaration", "method_declaration")
                    for d in new_parser().parse(data).root_node.named_children)
    assert sum("calls" in side for side in sides) < functions  # only what the rules asked for
    first.followup()
    assert sum("calls" in side for side in sides) == functions
    at = data.index(b"{\n", data.index(b"\nfunc ")) + 2
    line, col = doc.lines.position(at)
    doc.apply(types.TextDocumentContentChangePartial(range=types.Range(types.Position(line, col), types.Position(line, col)),
                                                      text="\t_ = 1\n"), convert.UTF16)
    doc.version += 1
    second = run()
    assert second.followup is None  # only the edited declaration was analysed
    ours = sorted((d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
                   d.code, d.message) for d in second.lsp)
    assert ours == expected(path, doc.text, convert.UTF16)


def test_opening_a_file_the_package_index_just_parsed_reuses_its_tree() -> None:
    """Analysing service.go follows calls into store.go, which the package index parses; a
    buffer then opened with store.go's text is analysed on that tree (no parse of its own)
    and gets the findings of a fresh analysis."""
    from ctx_ls.analysis import filecache, package

    folder = os.path.join(TESTDATA, "context-not-passed")
    cfg = ANALYZER.config_for(folder)

    def analysed(path: str):
        with open(path, "rb") as f:
            doc = Document("file://" + path, path, 1, f.read())
        snap = Snapshot(doc.uri, path, 1, doc.text, doc.lines, None, (), ANALYZER.engine_for(cfg), cfg.options,
                        find_module(path), {}, convert.UTF16, DeclarationCache())
        return doc, analyse(snap)

    store = os.path.join(folder, "store.go")
    package._OPEN.pop(store, None)
    filecache.CACHE.pop(store, None)  # its summary keeps bodies read before: read them again
    analysed(os.path.join(folder, "service.go"))
    kept = package._OPEN[store].facts.source.tree  # read for service.go's findings
    doc, result = analysed(store)
    assert result.tree is kept
    ours = sorted((d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
                   d.code, d.message) for d in result.lsp)
    assert ours == expected(store, doc.text, convert.UTF16)
