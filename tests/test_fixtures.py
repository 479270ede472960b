"""Every rule over every fixture: each `// want` is matched, nothing else is reported; and
each fixture's `.go.golden` is exactly the file after all safe fixes."""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from fixtures import TESTDATA, fixture_files, wants

from ctx_ls.analysis import fixes as fixlib
from ctx_ls.project import Analyzer, Settings

FILES = fixture_files()


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(Settings())


def _check(analyzer: Analyzer, rel: str):
    path = os.path.join(TESTDATA, rel)
    outcome = analyzer.analyse(path)
    assert outcome.error is None, outcome.error
    return outcome


@pytest.mark.parametrize("rel", FILES)
def test_fixture(analyzer: Analyzer, rel: str) -> None:
    outcome = _check(analyzer, rel)
    from ctx_ls.analysis.source import LineIndex

    lines = LineIndex(outcome.text)
    got = [(lines.position(d.span.start)[0] + 1, d.rule_id, d.message) for d in outcome.diagnostics]
    expected = wants(outcome.text)
    problems = []
    remaining = list(got)
    for w in expected:
        match = next(
            (g for g in remaining if g[0] == w.line and g[1] == w.rule and (w.pattern is None or re.search(w.pattern, g[2]))),
            None,
        )
        if match is None:
            problems.append(f"{rel}:{w.line}: expected {w.rule}" + (f" matching {w.pattern!r}" if w.pattern else "") + ", got nothing")
        else:
            remaining.remove(match)
    for line, rule, message in remaining:
        problems.append(f"{rel}:{line}: unexpected {rule}: {message}")
    assert not problems, "\n".join(problems)


GOLDENS = [f for f in FILES if os.path.exists(os.path.join(TESTDATA, f + ".golden"))]


@pytest.mark.parametrize("rel", GOLDENS)
def test_golden(analyzer: Analyzer, rel: str) -> None:
    outcome = _check(analyzer, rel)
    fixed = fixlib.apply(outcome.text, fixlib.safe_fixes(outcome.diagnostics))
    with open(os.path.join(TESTDATA, rel + ".golden"), "rb") as f:
        golden = f.read()
    assert fixed.decode() == golden.decode()


def test_every_fixture_folder_is_exercised() -> None:
    """No fixture file is silently empty of expectations across a whole folder."""
    per_folder = Counter(f.split(os.sep)[0] for f in FILES for _ in wants(open(os.path.join(TESTDATA, f), "rb").read()))
    folders = {f.split(os.sep)[0] for f in FILES}
    assert folders <= set(per_folder), folders - set(per_folder)
