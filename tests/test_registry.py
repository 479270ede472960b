"""The catalogue: every rule is documented the same way and has fixtures both ways."""

from __future__ import annotations

import importlib
import os
import re

import pytest
from fixtures import TESTDATA, wants
from tree_sitter import QueryCursor

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.source import SourceFile
from ctx_ls.project import Analyzer, Settings
from ctx_ls.rules import ALL_RULES, BY_CODE, BY_ID, lookup

RULES = {r.id: r for r in ALL_RULES}
ORDER = ["What it does", "Why is this bad?", "Example", "Use instead"]


def test_codes_and_ids_are_unique_and_well_formed() -> None:
    assert len(BY_ID) == len(ALL_RULES) == len(BY_CODE)
    for r in ALL_RULES:
        assert re.fullmatch(r"CTX[1-4]\d\d", r.code), r.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.id), r.id
        assert lookup(r.id) is r and lookup(r.code) is r and lookup(r.code.lower()) is r


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_doc_sections(rule_id: str) -> None:
    rule = RULES[rule_id]
    title = rule.title
    assert len(title) <= 60 and not title.endswith("."), title
    assert title[0].isupper() or "." in title.split(" ", 1)[0], title  # or starts with `time.Sleep`
    names = list(rule.sections)
    expected = ORDER + (["Fix safety"] if "Fix safety" in names else [])
    assert names == expected, names
    for name in names:
        assert rule.sections[name].strip(), f"empty section {name}"
    assert "```go" in rule.sections["Example"] and "```go" in rule.sections["Use instead"]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_module_is_named_after_its_id(rule_id: str) -> None:
    module = importlib.import_module("ctx_ls.rules." + rule_id.replace("-", "_"))
    assert module.RULE is RULES[rule_id]
    assert module.__doc__ == RULES[rule_id].doc


def _rule_files(rule_id: str) -> list[str]:
    folder = os.path.join(TESTDATA, rule_id)
    out = []
    for dirpath, _, names in os.walk(folder):
        out += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith(".go")]
    return out


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_positive_and_negative_fixtures(rule_id: str) -> None:
    """At least one expected finding, and at least one call of a name the rule looks at
    (a candidate) that the rule correctly leaves alone."""
    files = _rule_files(rule_id)
    assert files, f"no fixtures in tests/testdata/{rule_id}/"
    positives = sum(1 for f in files for w in wants(open(f, "rb").read()) if w.rule == rule_id)
    assert positives > 0
    module = importlib.import_module("ctx_ls.rules." + rule_id.replace("-", "_"))
    candidates = 0
    for f in files:
        facts = FileFacts(SourceFile.parse(f, open(f, "rb").read()))
        if module.CALLEES:
            candidates += len(facts.calls(module.CALLEES))
        else:  # a rule about declarations: its module names the nodes it inspects
            candidates += sum(1 for _ in QueryCursor(module.CANDIDATES).matches(facts.source.root))
    assert candidates > positives, f"{rule_id}: {candidates} candidates, {positives} positives: no negative case"


def test_messages_are_lowercase_without_period() -> None:
    analyzer = Analyzer(Settings())
    seen = 0
    for rule_id in RULES:
        for f in _rule_files(rule_id):
            for d in analyzer.analyse(f).diagnostics:
                seen += 1
                assert not d.message.endswith("."), d.message
                first = d.message.split(" ", 1)[0]
                # Starts lowercase, or with a Go identifier (`context.TODO()`, `sql.DB.Query`).
                assert first[0].islower() or "." in first, d.message
                assert not re.search(r"\bline \d+", d.message), d.message
                for fix in d.fixes:
                    assert fix.title[0].isupper(), fix.title
    assert seen > 50


def test_docs_rules_md_is_generated_from_the_rules() -> None:
    from ctx_ls.report.markdown import rules_markdown

    path = os.path.join(os.path.dirname(TESTDATA), "..", "docs", "rules.md")
    with open(path, encoding="utf-8") as f:
        assert f.read() == rules_markdown(ALL_RULES), "regenerate: ctx-ls rules --format markdown > docs/rules.md"


def test_unsafe_fix_titles_say_so() -> None:
    """Issue 5 / RULES.md: unsafe fixes are offered with "(unsafe" in their title."""
    analyzer = Analyzer(Settings())
    unsafe = 0
    for rule_id in RULES:
        for f in _rule_files(rule_id):
            for d in analyzer.analyse(f).diagnostics:
                for fix in d.fixes:
                    if not fix.is_safe:
                        unsafe += 1
                        assert "(unsafe" in fix.title, (d.rule_id, fix.title)
    assert unsafe > 10
