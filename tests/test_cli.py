"""`ctx-ls` as a user runs it: a subprocess, real files, real exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = "examples"
GOLDEN = os.path.join(ROOT, "tests", "golden")
UPDATE = os.environ.get("CTXLS_UPDATE_GOLDENS") == "1"


def ctx_ls(*args: str, cwd: str = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ctx_ls", *args], cwd=cwd, capture_output=True, text=True, input=stdin
    )


# ----- the demo
def _demo_table() -> set[tuple[str, int, str]]:
    """The findings examples/README.md promises: `path:line  rule-id  why`."""
    with open(os.path.join(ROOT, EXAMPLES, "README.md"), encoding="utf-8") as f:
        rows = re.findall(r"^\s+(\S+\.go):(\d+)\s+([a-z-]+)\s", f.read(), re.M)
    return {(os.path.join(EXAMPLES, p), int(line), rule) for p, line, rule in rows}


def test_demo_reports_exactly_what_the_examples_readme_lists() -> None:
    res = ctx_ls("check", EXAMPLES, "--format", "json")
    assert res.returncode == 1, res.stderr
    found = {(d["path"], d["line"], d["rule"]) for d in json.loads(res.stdout)}
    table = _demo_table()
    assert len(table) >= 10
    assert found == table
    assert {rule for _, _, rule in found} == {
        "lost-cancel", "context-reset", "http-no-context", "sql-no-context", "sleep-no-context"
    }


# ----- formats (goldens: regenerate with CTXLS_UPDATE_GOLDENS=1)
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_format_golden(fmt: str) -> None:
    res = ctx_ls("check", EXAMPLES, "--format", fmt, "--jobs", "1")
    assert res.returncode == 1, res.stderr
    path = os.path.join(GOLDEN, f"examples.{fmt}")
    if UPDATE:
        with open(path, "w", encoding="utf-8") as f:
            f.write(res.stdout)
    with open(path, encoding="utf-8") as f:
        assert res.stdout == f.read()


def test_sarif_structure() -> None:
    res = ctx_ls("check", EXAMPLES, "--format", "sarif")
    sarif = json.loads(res.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    from ctx_ls.rules import ALL_RULES

    assert [r["id"] for r in rules] == [r.code for r in ALL_RULES]
    for descriptor, rule in zip(rules, ALL_RULES):
        assert descriptor["name"] == rule.id
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["help"]["markdown"] == rule.doc.strip()
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_sarif_columns_count_code_points(tmp_path) -> None:
    src = 'package p\n\nimport "time"\n\nfunc f(ctx context.Context) {\n\t/* 日本 */ time.Sleep(1)\n}\n'
    src = src.replace("import \"time\"", "import (\n\t\"context\"\n\t\"time\"\n)")
    (tmp_path / "a.go").write_text(src, encoding="utf-8")
    sarif = json.loads(ctx_ls("check", str(tmp_path), "--format", "sarif").stdout)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    as_json = json.loads(ctx_ls("check", str(tmp_path), "--format", "json").stdout)[0]
    # "\t/* 日本 */ " is 10 code points but 14 bytes: SARIF counts code points, JSON bytes.
    assert (region["startColumn"], as_json["column"]) == (11, 15)


# ----- exit codes, selection, errors
def test_clean_code_exits_zero(tmp_path) -> None:
    (tmp_path / "ok.go").write_text("package ok\n\nfunc F() int { return 1 }\n")
    res = ctx_ls("check", str(tmp_path))
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout == ""


def test_select_and_ignore() -> None:
    only = json.loads(ctx_ls("check", EXAMPLES, "--format", "json", "--select", "lost-cancel").stdout)
    assert {d["rule"] for d in only} == {"lost-cancel"}
    by_prefix = json.loads(ctx_ls("check", EXAMPLES, "--format", "json", "--select", "CTX2").stdout)
    assert {d["code"][:4] for d in by_prefix} == {"CTX2"}
    rest = json.loads(ctx_ls("check", EXAMPLES, "--format", "json", "--ignore", "CTX101,sleep-no-context").stdout)
    assert not {d["rule"] for d in rest} & {"lost-cancel", "sleep-no-context"} and rest


def test_unknown_rule_is_a_usage_error() -> None:
    res = ctx_ls("check", EXAMPLES, "--select", "no-such-rule")
    assert res.returncode == 2 and "unknown rule 'no-such-rule'" in res.stderr


def test_errors_name_the_file_and_the_scan_goes_on(tmp_path) -> None:
    (tmp_path / "bad.go").write_bytes(b"package p\n// \xff\xfe not utf-8\n")
    (tmp_path / "good.go").write_text(
        'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\nfunc f(ctx context.Context) { time.Sleep(1) }\n'
    )
    res = ctx_ls("check", str(tmp_path), str(tmp_path / "missing"), "--format", "json")
    assert res.returncode == 2
    assert [d["rule"] for d in json.loads(res.stdout)] == ["sleep-no-context"]
    errors = [line for line in res.stderr.splitlines() if line.startswith("ctx-ls: ")]
    assert any("bad.go: not valid UTF-8 (byte 13)" in e for e in errors), errors
    assert any("missing: no such file or directory" in e for e in errors), errors


def test_bad_config_is_reported_with_its_line(tmp_path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    (tmp_path / ".ctx-ls.toml").write_text('select = ["lost-cancel"]\nseverity = { lost-cancel = "loud" }\n')
    (tmp_path / "a.go").write_text("package p\n")
    res = ctx_ls("check", str(tmp_path))
    assert res.returncode == 2
    assert re.search(r"\.ctx-ls\.toml:2: severity of 'lost-cancel' must be one of", res.stderr), res.stderr


def test_config_select_ignore_severity_and_exclude(tmp_path) -> None:
    import shutil

    shutil.copytree(os.path.join(ROOT, EXAMPLES), tmp_path / "ex")
    (tmp_path / "ex" / ".ctx-ls.toml").write_text(
        'ignore = ["http-no-context"]\nexclude = ["internal/worker/*"]\n[severity]\nlost-cancel = "error"\n'
    )
    found = json.loads(ctx_ls("check", str(tmp_path / "ex"), "--format", "json").stdout)
    assert found and "http-no-context" not in {d["rule"] for d in found}
    assert not any("worker" in d["path"] for d in found)
    assert {d["severity"] for d in found if d["rule"] == "lost-cancel"} == {"error"}


def test_walk_skips_like_the_go_tool(tmp_path) -> None:
    body = 'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\nfunc f(ctx context.Context) { time.Sleep(1) }\n'
    for d in ["a", "vendor/x", "testdata", "_old", ".hidden", "a/b"]:
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
        (tmp_path / d / "f.go").write_text(body)
    found = json.loads(ctx_ls("check", str(tmp_path), "--format", "json").stdout)
    rel = sorted(os.path.relpath(d["path"], str(tmp_path)) for d in found)
    assert rel == ["a/b/f.go", "a/f.go"]
    # A file named explicitly is checked wherever it is.
    explicit = json.loads(ctx_ls("check", str(tmp_path / "testdata" / "f.go"), "--format", "json").stdout)
    assert len(explicit) == 1


def test_stdin_filename_uses_the_name_for_config_and_output() -> None:
    src = open(os.path.join(ROOT, EXAMPLES, "internal", "store", "orders.go"), encoding="utf-8").read()
    name = os.path.join(EXAMPLES, "internal", "store", "orders.go")
    res = ctx_ls("check", "--stdin-filename", name, "--format", "json", stdin=src)
    found = json.loads(res.stdout)
    assert res.returncode == 1
    assert {d["path"] for d in found} == {name}
    # The struct field declared in store.go is found through the package index.
    assert "sql-no-context" in {d["rule"] for d in found}


def test_parallel_jobs_give_the_same_report() -> None:
    one = ctx_ls("check", "tests/testdata", "examples", "--format", "json", "--jobs", "1")
    two = ctx_ls("check", "tests/testdata", "examples", "--format", "json", "--jobs", "2")
    assert one.stdout == two.stdout and json.loads(one.stdout)


def test_rules_explain_version() -> None:
    from ctx_ls import __version__
    from ctx_ls.rules import ALL_RULES

    listing = ctx_ls("rules")
    assert listing.returncode == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == [r.code for r in ALL_RULES]
    as_json = json.loads(ctx_ls("rules", "--format", "json").stdout)
    assert [r["id"] for r in as_json] == [r.id for r in ALL_RULES]
    explained = ctx_ls("explain", "CTX101")
    assert explained.returncode == 0 and "## Why is this bad?" in explained.stdout
    assert ctx_ls("explain", "nope").returncode == 2
    assert ctx_ls("version").stdout.strip() == f"ctx-ls {__version__}"


def test_text_format_shows_related_returns() -> None:
    out = ctx_ls("check", EXAMPLES, "--select", "lost-cancel").stdout
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if "not used on all paths" in line)
    assert lines[i + 1].startswith("    examples/internal/worker/reconciler.go:") and "this return" in lines[i + 1]
