"""Unit tests of the analysis layer's building blocks."""

from __future__ import annotations

import os

import pytest

from ctx_ls.analysis import cfg as cfglib
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.gomod import NEWEST_GO, find_module, parse_gomod, parse_version
from ctx_ls.analysis.imports import default_name
from ctx_ls.analysis.noreturn import may_return
from ctx_ls.analysis.source import LineIndex, SourceFile


def facts_of(src: str, path: str = "x.go") -> FileFacts:
    return FileFacts(SourceFile.parse(path, src.encode()))


def node_at(facts: FileFacts, needle: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = facts.text.index(needle.encode(), start + 1)
    return facts.source.root.descendant_for_byte_range(start, start)


# ----- lines
def test_line_index_breaks_only_where_lsp_does() -> None:
    text = "a\u2028b\x0cc\u0085d\r\ne\rf\ng".encode()
    idx = LineIndex(text)
    assert idx.line_count() == 4
    assert idx.position(text.index(b"e")) == (1, 0)
    assert idx.position(text.index(b"f")) == (2, 0)
    assert idx.position(text.index(b"d")) == (0, len("a\u2028b\x0cc\u0085".encode()))
    assert idx.offset(3, 0) == text.index(b"g")
    assert idx.offset(99, 0) == len(text) and idx.offset(0, 999) == text.index(b"\r\n")


# ----- go.mod
def test_gomod_parsing(tmp_path) -> None:
    m = parse_gomod(b"// comment go 1.5\nmodule \"example.com/x\" // trailing\n\ngo 1.22.3\ntoolchain go1.23.1\n")
    assert (m.path, m.go_version) == ("example.com/x", (1, 22))
    assert parse_gomod(b"module m\n").go_version == (1, 16)
    (tmp_path / "go.mod").write_text("module example.com/a\ngo 1.21\n")
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "sub" / "go.mod").write_text("module example.com/a/sub\ngo 1.24\n")
    assert find_module(str(tmp_path / "x.go")).go_version == (1, 21)
    found = find_module(str(tmp_path / "sub" / "deep" / "y.go"))
    assert (found.root, found.go_version) == (str(tmp_path / "sub"), (1, 24))
    assert parse_version("go1.23.4") == (1, 23) and parse_version("1.20") == (1, 20)
    with pytest.raises(ValueError):
        parse_version("latest")


def test_no_go_mod_means_newest_go(tmp_path) -> None:
    # tmp dirs live outside any module (unless the machine has /tmp/go.mod).
    if not any(os.path.exists(os.path.join(p, "go.mod")) for p in [str(tmp_path), "/tmp", "/"]):
        assert find_module(str(tmp_path / "z.go")).go_version == NEWEST_GO


# ----- imports
@pytest.mark.parametrize(
    "path,name",
    [("context", "context"), ("net/http", "http"), ("github.com/x/go-redis", "redis"),
     ("gopkg.in/yaml.v3", "yaml"), ("github.com/jackc/pgx/v5", "pgx"), ("k8s.io/klog/v2", "klog")],
)
def test_default_import_names(path: str, name: str) -> None:
    assert default_name(path) == name


def test_import_table_and_shadowing() -> None:
    f = facts_of(
        'package p\nimport (\n\tstdctx "context"\n\t. "time"\n\t_ "embed"\n\t"net/http"\n)\n'
        "func a(http string) { http.Get() }\n"
        "func b() { stdctx.TODO(); http.Get(\"u\") }\n"
        "func c() { if http := 1; http > 0 { }; http.Get(\"v\") }\n"
        "func d() { Sleep(1); Sleep := func(int) {}; Sleep(2) }\n"
    )
    assert f.imports.by_name == {"stdctx": "context", "http": "net/http"}
    assert f.imports.dot == {"time"} and "embed" in f.imports.paths
    gets = [node_at(f, "http.Get", i) for i in range(3)]
    assert [f.is_package(g, "net/http") for g in gets] == [False, True, True]
    assert f.is_package(node_at(f, "stdctx.TODO"), "context")
    sleeps = [node_at(f, "Sleep(", i) for i in range(2)]
    assert [f.refers_to(s, "time", {"Sleep"}) for s in sleeps] == ["Sleep", None]


def test_resolver_scopes() -> None:
    f = facts_of(
        "package p\n"
        "func f(cancel func()) {\n"
        "\tcancel()\n"  # the parameter
        "\tfunc(cancel int) { _ = cancel }(1)\n"  # the literal's own parameter
        "\tswitch cancel := any(cancel).(type) { case int: _ = cancel }\n"
        "\tfor cancel := range 3 { _ = cancel }\n"
        "\tcancel()\n"
        "}\n"
    )
    r = f.resolver(node_at(f, "cancel()"))
    param = r.resolve(node_at(f, "cancel()"))
    assert param is not None and param.kind == "param"
    last = r.resolve(node_at(f, "cancel()", 1))
    assert last is param
    assert r.resolve(node_at(f, "_ = cancel }(1)") .parent.parent.child_by_field_name("right").named_children[0]).kind == "param"
    uses = r.use_offsets(param)
    # cancel() twice, plus any(cancel) in the type switch guard: nothing inside the scopes
    # that declare their own cancel.
    assert len(uses) == 3


# ----- control flow
def _graph(src: str):
    f = facts_of("package p\nimport \"os\"\n" + src)
    fn = f.source.root.named_children[-1]
    return cfglib.build(fn, lambda c: may_return(f, c))


@pytest.mark.parametrize(
    "body,no_return",
    [
        ("func f() { for {} }", True),
        ("func f() { for { break } }", False),
        ("func f() { select {} }", True),
        ("func f() { os.Exit(1) }", True),
        ("func f() { panic(1) }", True),
        ("func f(c chan int) { L: for { select { case <-c: break L } } }", False),
        ("func f() { goto L; L: for {} }", True),
        ("func f(x int) { switch x { case 1: return; default: panic(0) } }", False),
        ("func f(x int) { if x > 0 { return }; for {} }", False),
    ],
)
def test_cfg_reachability_of_returns(body: str, no_return: bool) -> None:
    graph = _graph(body)
    assert graph is not None and graph.no_return() is no_return
