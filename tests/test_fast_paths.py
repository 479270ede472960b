"""The shortcuts taken for speed answer exactly what the plain computations answer: needle
lookups across edits, the top-level declaration of a node, "does this declaration declare
the name", line indexes, tree-sitter points and the S-expressions kept across reparses."""

from __future__ import annotations

import os
import re

from fixtures import TESTDATA, fixture_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from tree_sitter import Point

from ctx_ls.analysis.engine import DeclarationCache, Engine
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.needles import NeedleIndex
from ctx_ls.analysis.scopes import top_level
from ctx_ls.analysis.toplevel import bare_mentions, declares_no
from ctx_ls.analysis.source import _LINE_BREAK, LineIndex, SourceFile, new_parser
from ctx_ls.lsp import documents
from ctx_ls.lsp.documents import Document
from ctx_ls.rules import ALL_RULES

EXAMPLES = int(os.environ.get("CTXLS_HYPOTHESIS_EXAMPLES", "100"))
FILES = [f for f in fixture_files() if not f.endswith("_test.go")]
SNIPPETS = [b"", b" ", b"\n", b"{", b"}", b"(", b"\"", b"`", b"/*", b"...", b"context", b"context := 1\n",
            b"go ", b"nil", b"\xc3\xa9", b"\r\n", b"func f(context int) {}\n", b"var context = 1\n"]
NEEDLES = [b"context", b"go ", b"go\t", b"Background", b"nil", b"With", b"ctxls:", b"nolint", b"zz", b"\n\n"]
NAMES = ["context", "time", "http", "sql", "ctx", "cancel", "err", "T", "x"]
edit = st.tuples(st.floats(0, 1), st.integers(0, 8), st.sampled_from(SNIPPETS))
settings_ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(rel: str) -> bytes:
    with open(os.path.join(TESTDATA, rel), "rb") as f:
        return f.read()


def _edited(text: bytes, where: float, delete: int, insert: bytes) -> bytes:
    at = int(where * len(text))
    return text[:at] + insert + text[at + delete :]


@settings_
@given(rel=st.sampled_from(FILES), edits=st.lists(edit, min_size=1, max_size=8))
def test_needle_index_answers_like_in(rel: str, edits) -> None:
    text, index = _read(rel), NeedleIndex()
    for where, delete, insert in [(0.0, 0, b"")] + edits:
        text = _edited(text, where, delete, insert)
        for needle in NEEDLES:
            assert index.contains(text, needle) == (needle in text)


@settings_
@given(rel=st.sampled_from(FILES), edits=st.lists(edit, max_size=3))
def test_top_level_and_declared_names_shortcuts(rel: str, edits) -> None:
    text = _read(rel)
    for where, delete, insert in edits:
        text = _edited(text, where, delete, insert)
    facts = FileFacts(SourceFile.parse("x.go", text))
    cursor = facts.source.root.walk()
    while True:  # every node of the tree, anonymous and zero-width ones included
        node = cursor.node
        assert facts.top_level(node) == top_level(node)
        if not cursor.goto_first_child():
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    break
            else:
                continue
            break
    for top in facts.source.root.children:
        for name in NAMES + list(facts.imports.by_name):
            assert facts._may_declare(top, name) == (name in facts._declared_names(top))
            # The file-wide search of mentions answers like a search of the declaration alone.
            alone = re.compile(rb"(?<![A-Za-z_])" + re.escape(name.encode()) + rb"(?![A-Za-z0-9_]|\.[A-Za-z_\x80-\xff])")
            plain = not top.has_error and alone.search(text, top.start_byte, top.end_byte) is None
            assert declares_no(top, bare_mentions(text, name)) == plain


def test_a_declaration_is_never_taken_for_a_mention() -> None:
    src = b"package p\nimport \"context\"\nfunc f(context.Context) {}\nfunc g(context ...int) { _ = context }\n"
    facts = FileFacts(SourceFile.parse("x.go", src))
    f, g = [n for n in facts.source.root.named_children if n.type == "function_declaration"]
    assert not facts._may_declare(f, "context") and facts._may_declare(g, "context")


@settings_
@given(text=st.text(alphabet="ab\n\r \u2028", max_size=40), at=st.floats(0, 1), insert=st.sampled_from(["x", "\n", "", "\r\n"]))
def test_line_index_and_tree_points(text: str, at: float, insert: str) -> None:
    data = text.encode()
    index = LineIndex(data)
    starts, ends = [0], []
    for m in _LINE_BREAK.finditer(data):
        ends.append(m.start())
        starts.append(m.end())
    assert (index.starts, index.ends) == (starts, ends + [len(data)])
    doc = Document("file:///x.go", "", 1, data)
    for offset in range(len(data) + 1):
        assert doc._point(offset) == documents._point(data, offset)
    line = int(at * (len(index.starts) - 1))
    pos = types.Position(line, 1)
    doc.apply(types.TextDocumentContentChangePartial(range=types.Range(pos, pos), text=insert), "utf-16")
    assert all(doc._point(o) == documents._point(doc.text, o) for o in range(len(doc.text) + 1))


def test_shapes_of_reused_declarations_are_remembered() -> None:
    """An unchanged declaration with a syntax error keeps its S-expression across an
    incremental reparse (tree-sitter reused it), and the results equal a fresh analysis."""
    broken = b"func broken() {\n\t) \n}\n\n"  # error recovery skips the ")": the node is reusable
    body = b"".join(b"func f%d(ctx context.Context) {\n\tctx, _ = context.WithCancel(ctx)\n}\n\n" % i for i in range(40))
    text = b"package p\n\nimport \"context\"\n\n" + broken + body
    parser, engine, cache = new_parser(), Engine(ALL_RULES), DeclarationCache()
    tree = parser.parse(text)
    engine.check_declarations(FileFacts(SourceFile("x.go", text, tree)), cache)
    at = text.index(b"f30(") + 1
    new = text[:at] + b"x" + text[at:]
    tree.edit(at, at, at + 1, _point_of(text, at), _point_of(text, at), _point_of(new, at + 1))
    tree = parser.parse(new, tree)
    ours = engine.check_declarations(FileFacts(SourceFile("x.go", new, tree)), cache)
    fresh = engine.check(FileFacts(SourceFile.parse("x.go", new)))
    assert [(d.rule_id, d.span, d.message) for d in ours] == [(d.rule_id, d.span, d.message) for d in fresh]
    assert cache._shapes.before and set(cache._shapes.now) <= set(cache._shapes.before)


def _point_of(text: bytes, offset: int) -> Point:
    return documents._point(text, offset)


RECEIVERS = [b"(s *Store)", b"(Store)", b"(s Store[K, V])", b"(*Store)", b"(s *pkg.Store)", b"(s, t Store)",
             b"(s /* c */ *Store)", "(\u00e9 *\u00c9t\u00e9)".encode(), b"(s [2]int)",
             b"(s (*Store))", b"(s\n\t*Store,\n)", b"(s *Store[T,])", b"()"]


@settings_
@given(rel=st.sampled_from(FILES), edits=st.lists(edit, max_size=3), receiver=st.sampled_from(RECEIVERS))
def test_receiver_type_name_reads_bytes_like_the_tree(rel: str, edits, receiver: bytes) -> None:
    """decls.receiver_type_name reads common receivers from their bytes; the answer is the
    one the receiver's tree gives, for every method of edited fixtures and of odd receivers."""
    from ctx_ls.analysis.decls import receiver_type_name, receiver_type_of

    text = _read(rel) + b"\nfunc " + receiver + b" M() {}\n"
    for where, delete, insert in edits:
        text = _edited(text, where, delete, insert)
    root = SourceFile.parse("x.go", text).root
    methods = [d for d in root.named_children if d.type == "method_declaration"]
    for method in methods:
        recv = method.child_by_field_name("receiver")
        expected = receiver_type_of(recv) if recv is not None else ""
        assert receiver_type_name(method) == expected, method.text


def test_lexical_search_finds_what_line_anchored_patterns_find() -> None:
    """filecache's declaration patterns start with a line break (for speed) instead of ``^``
    under re.M: over every fixture, and a file starting with a declaration, with CRLF line
    breaks and type groups, they find the same names as the anchored patterns."""
    import re

    from ctx_ls.analysis import filecache

    func = re.compile(rb"^func[ \t]*(\([^)\n]*\))?[ \t]*([^\s(\[]+)", re.M)
    over = re.compile(rb"^type[ \t]+([^\s=\[(]+)(?:\[[^\]\n]*\])?[ \t]*=?[ \t]*(?:\w+\.)?Context\b", re.M)
    group = re.compile(rb"^type[ \t]*\((.*?)^\)", re.M | re.S)
    extra = (b"func First() {}\ntype C context.Context\r\ntype (\r\n\tA = context.Context\r\n\tB int\r\n)\r\n"
             b"func (s *S) M() {}\r\n")
    for data in [_read(rel) for rel in fixture_files()] + [extra, b"package p\r\n" + extra.replace(b"\n", b"\r\n")]:
        funcs = {m.group(2).decode() for m in func.finditer(data)}
        methods = {m.group(2).decode() for m in func.finditer(data) if m.group(1)}
        types = set()
        if b"context" in data:
            types = {m.group(1).decode() for m in over.finditer(data)}
            for g in group.finditer(data):
                types |= {m.group(1).decode() for m in filecache.GROUP_OVER_CONTEXT.finditer(g.group(1))}
        filecache.LEXICAL.clear()
        assert filecache.lexical_of("/nonexistent/x.go", data) == (funcs, types, methods)
    assert filecache.lexical_of("/nonexistent/x.go", extra) == ({"First", "M"}, {"C", "A"}, {"M"})


NIL_SNIPPETS = [b"f(nil)", b"x.f( nil, 1)", b"f(/* c */ nil)", b"f(// c\n\tnil)", b"f(/* a */ /* b */ nil)",
                b"f((nil))", b"f(nilx)", b"f(\"(nil\")", b"// f(nil)\n", b"(f(nil))(nil)", b"g[T](nil)",
                b"f(nil, g(nil))", b"(nil)", b"f(\n\tnil,\n)"]


@settings_
@given(rel=st.sampled_from(FILES), edits=st.lists(edit, max_size=3),
       inserts=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(NIL_SNIPPETS)), max_size=4))
def test_nil_first_calls_are_those_the_query_finds(rel: str, edits, inserts) -> None:
    """index.nil_first_calls searches the text for candidates; it finds exactly the calls
    the tree-sitter patterns for "first argument nil (after at most one comment)" match,
    over the whole file and over single declarations, in fixtures with edits and inserted
    nil arguments (in code, strings and comments)."""
    from ctx_ls.analysis.index import nil_first_calls
    from ctx_ls.analysis.source import query
    from tree_sitter import QueryCursor

    patterns = query("(call_expression arguments: (argument_list . (nil))) @c "
                     "(call_expression arguments: (argument_list . (comment) . (nil))) @c")
    text = _read(rel)
    for where, delete, insert in edits + [(w, 0, s) for w, s in inserts]:
        text = _edited(text, where, delete, insert)
    root = SourceFile.parse("x.go", text).root
    for roots in [[root]] + [[d] for d in root.named_children]:
        expected = sorted({(n.start_byte, n.end_byte) for r in roots
                           for n in QueryCursor(patterns).captures(r).get("c", [])})
        assert sorted((n.start_byte, n.end_byte) for n in nil_first_calls(roots, text)) == expected


def test_the_nil_argument_search_reads_comment_runs_one_way() -> None:
    """A parenthesis followed by many comment lines that hold " //" (as in cmd/go's
    alldocs.go) made a backtracking search try exponentially many splits of them: the
    stdlib scan hung. The search reads such runs one way; this input is answered at once
    (the alarm only turns a hang into a failure)."""
    import signal

    from ctx_ls.analysis.index import nil_first_calls

    text = b"package p\n\nfunc g() {\n\tf(\n" + b"\t\t// a // b\n" * 60 + b"\t\tx)\n\tf(\n\t\t// c // d\n\t\tnil)\n}\n"
    root = SourceFile.parse("x.go", text).root

    def hang(*_args):
        raise AssertionError("the nil argument search backtracks over comment lines")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(30)
    try:
        found = nil_first_calls([root], text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [text[c.start_byte : c.end_byte].rsplit(b"\n", 1)[-1] for c in found] == [b"\t\tnil)"]


@settings_
@given(rel=st.sampled_from(FILES), edits=st.lists(edit, max_size=4))
def test_functions_are_those_a_walk_finds(rel: str, edits) -> None:
    """FileFacts.functions lists top-level declarations without a walk and looks inside
    declarations with syntax errors only: the same nodes, in the same order, as a query over
    the scanned roots, for the whole file and for single declarations."""
    from dataclasses import replace

    from ctx_ls.analysis.source import query
    from tree_sitter import QueryCursor

    functions = query("[(function_declaration) (method_declaration)] @fn")
    text = _read(rel)
    for where, delete, insert in edits:
        text = _edited(text, where, delete, insert)
    facts = FileFacts(SourceFile.parse("x.go", text))
    root = facts.source.root
    for roots in [None] + [(d,) for d in root.named_children]:
        scoped = replace(facts, roots=roots)
        walked = sorted({(n.start_byte, n.end_byte) for r in scoped.scan_roots()
                         for n in QueryCursor(functions).captures(r).get("fn", [])})
        assert [(n.start_byte, n.end_byte) for n in scoped.functions()] == walked
