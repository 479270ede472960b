"""Constant folding of duration expressions (ctx_ls.analysis.consts). The expected values
were printed by Go 1.27 for the same expressions (fmt.Println of each time.Duration)."""

from __future__ import annotations

import pytest

from ctx_ls.analysis.consts import Folder, format_duration, signature
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.source import SourceFile

SRC = """package p

import (
	"fmt"
	"time"
	tm "time"
)

const (
	a = iota * time.Second
	b
	c
)

const (
	n       = 1.5
	m       = n * 2 * time.Second
	k       = 2.5e3 * 2
	typed   time.Duration = 7
	retries = 3
	backoff = time.Duration(retries) * 250 * time.Millisecond
	x, y    = 10, 0x10
	octal   = 0755
	under   = 1_000
	hexf    = 0x1p4
	neg     = -(3 * time.Minute) / 2
	rem     = 7 % 3 * time.Hour
	intconv = time.Duration(int64(90)) * time.Minute
	shifted = 1 << 3 * time.Millisecond
)

var notConst = time.Second

func f(d time.Duration) {
	const local = 3 / 2 * time.Second
	fmt.Println(a, b, c, m, k*time.Millisecond, typed, backoff, x*time.Second, y*time.Second,
		octal*time.Microsecond, under*time.Millisecond, hexf*time.Second, neg, rem, intconv, shifted,
		local, tm.Second*90, time.Second*3/2, 1e9*time.Nanosecond, time.Hour*25+time.Second*61+5,
		-2*time.Second)
	fmt.Println(d, notConst, elsewhere*time.Second, 1.5*time.Second, int64(2)*time.Second,
		time.Second/0, time.Duration(2.5), f2(), 1<<63*time.Nanosecond)
}

func g() {
	time := struct{ Second int }{1}
	fmt.Println(time.Second * 2)
}
"""

GO_PRINTED = (
    "0s 1s 2s 3s 5s 7ns 750ms 10s 16s 493µs 1s 16s -1m30s 1h0m0s 1h30m0s 8ms 1s 1m30s 1.5s 1s "
    "25h1m1.000000005s -2s"
).split()


def _args(facts: FileFacts, nth: int):
    call = facts.calls({"Println"})[nth]
    return call.child_by_field_name("arguments").named_children


@pytest.fixture(scope="module")
def facts() -> FileFacts:
    return FileFacts(SourceFile.parse("p.go", SRC.encode()))


def test_folds_like_go(facts: FileFacts) -> None:
    folder = Folder(facts)
    got = [format_duration(folder.duration(arg)) for arg in _args(facts, 0)]
    assert got == GO_PRINTED


def test_not_constants_or_not_compiling(facts: FileFacts) -> None:
    # A parameter, a variable, a constant of another file, an untyped float that does not
    # fit time.Duration, mismatched types, a division by zero, a non-integral conversion,
    # a call, an int64 overflow.
    folder = Folder(facts)
    assert [folder.duration(arg) for arg in _args(facts, 1)] == [None] * 9


def test_shadowed_time_package_is_not_folded(facts: FileFacts) -> None:
    assert Folder(facts).duration(_args(facts, 2)[0]) is None


@pytest.mark.parametrize(
    "ns, expected",
    [
        (0, "0s"), (1, "1ns"), (999, "999ns"), (1_000, "1µs"), (1_500, "1.5µs"), (500_000_000, "500ms"),
        (1_500_000_000, "1.5s"), (120_000_000_000, "2m0s"), (3_600_000_000_000, "1h0m0s"),
        (5_400_000_000_000, "1h30m0s"), (-2_000_000_000, "-2s"), (61_000_000_001, "1m1.000000001s"),
    ],
)
def test_format_duration_like_go(ns: int, expected: str) -> None:
    assert format_duration(ns) == expected


def test_signature_changes_with_top_level_constants_only() -> None:
    def sig(src: str):
        return signature(SourceFile.parse("p.go", src.encode()).root)

    base = "package p\n\nconst d = 2\n\nfunc f() { const e = 1 }\n"
    assert sig(base) == sig(base.replace("const e = 1", "const e = 9"))
    assert sig(base) != sig(base.replace("const d = 2", "const d = 3"))
