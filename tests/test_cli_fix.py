"""`ctx-ls check --fix / --diff / --unsafe-fixes` on copies of the fixture modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from fixtures import TESTDATA, module_roots

from tests.conftest import GO, run_go

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = [m for m in module_roots()
           if any(n.endswith(".go.golden") for _, _, names in os.walk(m) for n in names)]


def ctx_ls(*args: str, cwd: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ctx_ls", *args], cwd=cwd, capture_output=True, input=stdin)


def _go_files(root: str) -> dict[str, bytes]:
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.endswith(".go"):
                with open(os.path.join(dirpath, n), "rb") as f:
                    out[os.path.relpath(os.path.join(dirpath, n), root)] = f.read()
    return out


@pytest.mark.parametrize("module", MODULES, ids=lambda m: os.path.relpath(m, TESTDATA))
def test_fix_writes_the_goldens_and_is_idempotent(module: str, tmp_path) -> None:
    copy = str(tmp_path / "m")
    shutil.copytree(module, copy)
    before = _go_files(copy)
    # Only the explicitly named files: the folder walk would skip nothing here anyway.
    first = ctx_ls("check", "--fix", ".", cwd=copy)
    assert first.returncode in (0, 1), first.stderr.decode()
    after = _go_files(copy)
    for rel, data in after.items():
        golden = os.path.join(module, rel + ".golden")
        if os.path.exists(golden):
            with open(golden, "rb") as f:
                assert data == f.read(), f"{rel}: --fix differs from its golden"
        else:
            assert data == before[rel], f"{rel} changed but has no golden"
    second = ctx_ls("check", "--fix", ".", cwd=copy)
    assert _go_files(copy) == after, "a second --fix changed the files"
    assert b"fixed 0;" in second.stderr
    # Re-checking finds none of the fixed findings: nothing with a safe fix is left.
    import json

    left = json.loads(ctx_ls("check", "--format", "json", ".", cwd=copy).stdout or b"[]")
    assert not [d for d in left if any(f["applicability"] == "safe" for f in d["fixes"])]
    if GO is not None:
        build = run_go(["build", "./..."], copy)
        assert build.returncode == 0, build.stderr


def test_diff_prints_and_changes_nothing(tmp_path) -> None:
    copy = str(tmp_path / "ex")
    shutil.copytree(os.path.join(ROOT, "examples"), copy)
    before = _go_files(copy)
    res = ctx_ls("check", "--diff", ".", cwd=copy)
    assert res.returncode == 1
    out = res.stdout.decode()
    assert "--- a/internal/api/handlers.go" in out and "+\tdefer cancel()" in out
    assert _go_files(copy) == before
    clean = ctx_ls("check", "--diff", "--select", "sql-no-context", "--fix", ".", cwd=copy)
    assert clean.returncode in (0, 1)


def test_unsafe_fixes_only_when_asked(tmp_path) -> None:
    src = (b'package p\n\nimport "net/http"\n\nfunc get(u string) (*http.Request, error) {\n'
           b'\treturn http.NewRequest("GET", u, nil)\n}\n')
    (tmp_path / "a.go").write_bytes(src)
    safe = ctx_ls("check", "--fix", "a.go", cwd=str(tmp_path))
    assert (tmp_path / "a.go").read_bytes() == src and b"fixed 0;" in safe.stderr
    unsafe = ctx_ls("check", "--fix", "--unsafe-fixes", "a.go", cwd=str(tmp_path))
    fixed = (tmp_path / "a.go").read_bytes()
    assert b"fixed 1;" in unsafe.stderr
    assert b'http.NewRequestWithContext(context.TODO(), "GET", u, nil)' in fixed
    assert b'import (\n\t"context"\n\t"net/http"\n)' in fixed or b'"context"' in fixed
    if GO is not None:
        (tmp_path / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
        build = run_go(["build", "./..."], str(tmp_path))
        assert build.returncode == 0, build.stderr


def test_fix_from_stdin_prints_the_result() -> None:
    path = os.path.join("tests", "testdata", "sql-no-context", "store.go")
    with open(os.path.join(ROOT, path), "rb") as f:
        src = f.read()
    res = ctx_ls("check", "--fix", "--stdin-filename", path, cwd=ROOT, stdin=src)
    with open(os.path.join(ROOT, path + ".golden"), "rb") as f:
        assert res.stdout == f.read()
