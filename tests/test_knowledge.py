"""The hover knowledge base: one file per API, version markup, size and wording rules."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from ctx_ls import knowledge
from ctx_ls.analysis.gomod import NEWEST_GO
from ctx_ls.knowledge import NEWEST, MarkupError, api_doc, known_apis, render

REQUIRED = [
    "context.Background",
    "context.TODO",
    "context.WithCancel",
    "context.WithCancelCause",
    "context.WithTimeout",
    "context.WithTimeoutCause",
    "context.WithDeadline",
    "context.WithDeadlineCause",
    "context.WithValue",
    "context.WithoutCancel",
    "context.AfterFunc",
    "context.Cause",
    "context.Context.Done",
    "context.Context.Err",
    "context.Context.Deadline",
    "context.Context.Value",
    "time.After",
    "time.NewTimer",
    "time.Tick",
    "time.NewTicker",
    "time.Sleep",
    "time.Timer.Stop",
    "time.Timer.Reset",
    "time.Ticker.Stop",
    "time.Ticker.Reset",
]
VERSIONS = [(1, 20), (1, 22), (1, 23), (1, 27)]
# API -> the Go release that added it (the file must start with <!-- since X -->).
SINCE = {
    "context.WithCancelCause": (1, 20),
    "context.Cause": (1, 20),
    "context.WithDeadlineCause": (1, 21),
    "context.WithTimeoutCause": (1, 21),
    "context.AfterFunc": (1, 21),
    "context.WithoutCancel": (1, 21),
    "time.Ticker.Reset": (1, 15),
}


def _source(name: str) -> str:
    return resources.files(knowledge).joinpath(name + ".md").read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_required_api_has_a_file() -> None:
    assert not set(REQUIRED) - set(known_apis())
    assert known_apis() == sorted(known_apis())
    for name in known_apis():
        assert resources.files(knowledge).joinpath(name + ".md").is_file()


def test_unknown_names() -> None:
    for name in ["context.Nope", "", "time", "../__init__", "__init__", "context.WithTimeout.md"]:
        assert api_doc(name, NEWEST) is None


def test_newest_matches_gomod_default() -> None:
    assert NEWEST == NEWEST_GO


@pytest.mark.parametrize("name", known_apis())
@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"go{v[0]}.{v[1]}")
def test_renders_cleanly(name: str, version: tuple[int, int]) -> None:
    text = api_doc(name, version)
    assert text
    assert "<!--" not in text and "-->" not in text and "{{" not in text and "}}" not in text
    assert len(text) <= 1200, len(text)
    assert 3 <= len(text.splitlines()) <= 10
    # First line is the signature, in a code span, naming the API.
    first = text.splitlines()[0]
    assert first.startswith("`"), first
    assert name.rsplit(".", 1)[-1] in first
    assert "\n\n\n" not in text and text == text.strip()


@pytest.mark.parametrize("name", known_apis())
def test_since_markers(name: str) -> None:
    src = _source(name)
    since = SINCE.get(name)
    if since is None:
        assert "since" not in src.splitlines()[0]
        return
    assert src.splitlines()[0] == f"<!-- since {since[0]}.{since[1]} -->"
    older = (since[0], since[1] - 1)
    note = f"Not available before Go {since[0]}.{since[1]} — this module's go.mod says go {older[0]}.{older[1]}"
    assert note in api_doc(name, older)
    assert "Not available" not in api_doc(name, since)


@pytest.mark.parametrize("name", known_apis())
def test_timerproc_only_said_to_be_gone(name: str) -> None:
    src = _source(name)
    for sentence in re.split(r"(?<=[.:;])\s+", _flat(src)):
        if "timerproc" in sentence.lower():
            assert re.search(r"\bno `?timerproc`? goroutine since Go 1\.14\b", sentence), sentence


def test_time_after_by_version() -> None:
    old = _flat(api_doc("time.After", (1, 22)))
    new = _flat(api_doc("time.After", (1, 23)))
    assert "not collected until it fires" in old
    assert "collectable" not in old.split("Go 1.27+ builds")[0]
    assert "collectable" in new and "not collected" not in new
    assert "go 1.22" in old and "go 1.23" in new
    # The asynctimerchan escape hatch is mentioned only where a toolchain could still have it.
    assert "asynctimerchan=1" in new
    assert "asynctimerchan=1" not in _flat(api_doc("time.After", (1, 27)))


def test_timer_stop_and_reset_by_version() -> None:
    assert "drain" in api_doc("time.Timer.Stop", (1, 22))
    assert "No draining is needed" in api_doc("time.Timer.Stop", (1, 23))
    assert "capacity 1" in api_doc("time.Timer.Reset", (1, 22))
    assert "without draining" in api_doc("time.Timer.Reset", (1, 27))
    assert "never collected" in api_doc("time.Tick", (1, 22))
    assert "collectable" in api_doc("time.Tick", (1, 23))
    assert "never collected" in api_doc("time.NewTicker", (1, 20))
    assert "collectable" in api_doc("time.NewTicker", (1, 27))


def test_context_texts_by_version() -> None:
    assert "Not available before Go 1.21 — this module's go.mod says go 1.20" in api_doc(
        "context.WithoutCancel", (1, 20)
    )
    # Cause exists in 1.20, the *Cause deadline functions only from 1.21.
    assert "WithDeadlineCause" not in api_doc("context.Cause", (1, 20))
    assert "WithDeadlineCause" in api_doc("context.Cause", (1, 21))
    assert "WithoutCancel" not in api_doc("context.Context.Done", (1, 20))
    assert "WithoutCancel" in api_doc("context.Context.Done", (1, 21))
    assert "t.Context()" not in api_doc("context.Background", (1, 23))
    assert "t.Context()" in api_doc("context.Background", (1, 24))


def test_deadline_facts_are_stated() -> None:
    for name in ["context.WithTimeout", "context.WithTimeoutCause"]:
        text = _flat(api_doc(name, NEWEST))
        assert "time.Now().Add(timeout)" in text and "clock starts at" in text
    for name in ["context.WithTimeout", "context.WithDeadline", "context.WithDeadlineCause"]:
        assert "earlier of" in _flat(api_doc(name, NEWEST))
    for name in ["context.WithCancel", "context.WithTimeout", "context.WithDeadline"]:
        text = _flat(api_doc(name, NEWEST))
        assert "defer cancel()" in text and "Without `cancel`" in text


def test_results_are_cached_and_stable() -> None:
    assert api_doc("time.After", (1, 22)) is api_doc("time.After", (1, 22))
    assert api_doc("time.After", [1, 23]) == api_doc("time.After", (1, 23))  # type: ignore[arg-type]


# --- the markup itself -------------------------------------------------------------------


def test_markup_blocks_and_nesting() -> None:
    src = "sig\n<!-- go>=1.23 -->\nnew\n<!-- go<1.27 -->\nescape\n<!-- end -->\n<!-- end -->\n<!-- go<1.23 -->\nold {{go}}\n<!-- end -->\ntail"
    assert render(src, (1, 22)) == "sig\nold 1.22\ntail"
    assert render(src, (1, 23)) == "sig\nnew\nescape\ntail"
    assert render(src, (1, 27)) == "sig\nnew\ntail"


def test_markup_conjunction_and_operators() -> None:
    src = "a\n<!-- go>=1.21 go<1.23 -->\nmid\n<!-- end -->\n<!-- go==1.24 -->\neq\n<!-- end -->\nz"
    assert render(src, (1, 20)) == "a\nz"
    assert render(src, (1, 22)) == "a\nmid\nz"
    assert render(src, (1, 24)) == "a\neq\nz"


def test_markup_since_note_and_blank_lines() -> None:
    src = "<!-- since 1.21 -->\n`sig`\n\nbody\n\n<!-- go<1.22 -->\n\n<!-- end -->\n\nend"
    assert render(src, (1, 21)) == "`sig`\n\nbody\n\nend"
    old = render(src, (1, 19))
    assert old.startswith("`sig`\n\n*Not available before Go 1.21 — this module's go.mod says go 1.19.*\n\nbody")


@pytest.mark.parametrize(
    "src",
    [
        "a\n<!-- go>=1.23 -->\nb",  # unclosed
        "a\n<!-- end -->",  # stray end
        "a\n<!-- go~1.23 -->\nb\n<!-- end -->",  # unknown operator
        "a <!-- go>=1.23 --> b",  # inline markup
        "a\n<!-- since 1.21 -->",  # since not on the first line
    ],
)
def test_markup_errors(src: str) -> None:
    with pytest.raises(MarkupError):
        render(src, NEWEST)
