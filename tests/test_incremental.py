"""The engine's per-declaration path (what the language server uses while the user types)
must report exactly what a fresh full analysis reports, after any sequence of edits."""

from __future__ import annotations

import os

from fixtures import TESTDATA, fixture_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctx_ls.analysis.engine import DeclarationCache, Engine
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.gomod import find_module
from ctx_ls.analysis.source import SourceFile
from ctx_ls.rules import ALL_RULES

ENGINE = Engine(ALL_RULES)
FILES = [f for f in fixture_files() if not f.endswith("_test.go")]
SNIPPETS = [
    "\n", "x", "}", "{", "// c\n", "\ttime.Sleep(1)\n", "\tctx, _ := context.WithCancel(ctx)\n",
    "\treturn\n", "func g(ctx context.Context) {\n", "\"", "`", "日本", "\r\n", "/*", "*/",
    "\tif err != nil {\n\t\treturn err\n\t}\n", "\tdefer cancel()\n", "context.Background()",
]


def facts_for(path: str, text: bytes) -> FileFacts:
    return FileFacts(SourceFile.parse(path, text), find_module(path))


def key(diags):
    return [(d.rule_id, d.span, d.message, d.related, d.fixes) for d in diags]


edit = st.tuples(
    st.floats(min_value=0, max_value=1),  # where
    st.integers(min_value=0, max_value=12),  # how much to delete
    st.sampled_from(SNIPPETS),  # what to insert
)


@settings(max_examples=int(os.environ.get("CTXLS_HYPOTHESIS_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rel=st.sampled_from(FILES), edits=st.lists(edit, min_size=1, max_size=6))
def test_per_declaration_results_equal_a_fresh_analysis(rel: str, edits) -> None:
    path = os.path.join(TESTDATA, rel)
    with open(path, "rb") as f:
        text = f.read()
    cache = DeclarationCache()
    assert key(ENGINE.check_declarations(facts_for(path, text), cache)) == key(ENGINE.check(facts_for(path, text)))
    for where, delete, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert.encode() + text[at + delete :]
        incremental = ENGINE.check_declarations(facts_for(path, text), cache)
        fresh = ENGINE.check(facts_for(path, text))
        assert key(incremental) == key(fresh)


def test_an_edit_reanalyses_only_the_declaration_it_touches() -> None:
    path = os.path.join(TESTDATA, "lost-cancel", "paths.go")
    with open(path, "rb") as f:
        text = f.read()
    cache = DeclarationCache()
    calls = []

    class Counting(Engine):
        pass

    counting_rules = []
    for rule in ALL_RULES:
        def check(facts, _inner=rule.check):
            calls.append(len(facts.scan_roots()))
            return _inner(facts)
        from dataclasses import replace
        counting_rules.append(replace(rule, check=check))
    engine = Counting(counting_rules)
    engine.check_declarations(facts_for(path, text), cache)
    first = sum(calls)
    calls.clear()
    at = text.index(b"func ", len(text) // 2)
    edited = text[:at] + b"// a comment\n" + text[at:]
    # The comment is a new top-level node of its own; every function is a cache hit.
    engine.check_declarations(facts_for(path, edited), cache)
    assert first >= 1 and sum(calls) == 0
    calls.clear()
    body = edited.index(b"{", edited.index(b"func ", at + 20)) + 1
    edited2 = edited[:body] + b"\n\t_ = 1" + edited[body:]
    engine.check_declarations(facts_for(path, edited2), cache)
    assert calls and set(calls) == {1}  # one declaration re-analysed, by each rule that applies
