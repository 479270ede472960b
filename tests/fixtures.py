"""Reading annotated Go fixtures: `// want "rule-id"` or `// want "rule-id: message regex"`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

TESTDATA = os.path.join(os.path.dirname(__file__), "testdata")

_WANT = re.compile(r"//\s*want((?:\s+\"(?:[^\"\\]|\\.)*\")+)")
_ITEM = re.compile(r"\"((?:[^\"\\]|\\.)*)\"")


@dataclass(frozen=True)
class Want:
    line: int  # 1-based
    rule: str
    pattern: str | None  # regex the message must match


def wants(text: bytes) -> list[Want]:
    out = []
    lines = re.split(rb"\r\n|\r|\n", text)
    for i, raw in enumerate(lines, 1):
        line = raw.decode("utf-8", "replace")
        m = _WANT.search(line)
        if not m:
            continue
        for item in _ITEM.findall(m.group(1)):
            rule, _, pattern = item.partition(":")
            out.append(Want(i, rule.strip(), pattern.strip() or None))
    return out


def fixture_files() -> list[str]:
    """Every .go file under tests/testdata, relative to it, in a stable order."""
    out = []
    for dirpath, dirnames, filenames in os.walk(TESTDATA):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".go"):
                out.append(os.path.relpath(os.path.join(dirpath, name), TESTDATA))
    return out


def module_roots() -> list[str]:
    """Directories under tests/testdata holding a go.mod."""
    out = []
    for dirpath, dirnames, filenames in os.walk(TESTDATA):
        dirnames.sort()
        if "go.mod" in filenames:
            out.append(dirpath)
    return sorted(out)
