"""`.ctx-ls.toml` / `ctx-ls.toml`: discovery, parsing and validation.

A config file applies to the files below its directory. It is found by walking up from a
file, stopping at the module root (the directory with go.mod) or the workspace root.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from ctx_ls.analysis.facts import Options
from ctx_ls.analysis.gomod import parse_version
from ctx_ls.analysis.model import Severity

NAMES = (".ctx-ls.toml", "ctx-ls.toml")
KEYS = {"select", "ignore", "severity", "exclude", "no-return-funcs", "allow-types-before", "go-version"}


class ConfigError(Exception):
    """A config file that cannot be used; str() is 'path:line: reason'."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


@dataclass(frozen=True)
class Config:
    path: str | None = None  # the file it came from
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    exclude: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)

    @property
    def directory(self) -> str | None:
        return os.path.dirname(self.path) if self.path else None

    def excludes(self, file_path: str) -> bool:
        if not self.exclude:
            return False
        base = self.directory or os.getcwd()
        rel = os.path.relpath(os.path.abspath(file_path), base).replace(os.sep, "/")
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat.rstrip("/") + "/*") for pat in self.exclude)


DEFAULT = Config()


def _line_of(raw: str, key: str) -> int | None:
    m = re.search(rf"^\s*\"?{re.escape(key)}\"?\s*=", raw, re.M)
    if m is None:
        m = re.search(rf"^\s*\[{re.escape(key)}\]", raw, re.M)
    if m is None:  # inside an inline table: `severity = { lost-cancel = "error" }`
        m = re.search(rf"(?<![\w-])\"?{re.escape(key)}\"?\s*=", raw)
    return raw.count("\n", 0, m.start()) + 1 if m else None


def parse(raw: str, path: str, known_rules: set[str] | None = None) -> Config:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise ConfigError(path, int(m.group(1)) if m else None, f"invalid TOML: {e}") from None
    # [tool.ctx-ls] is accepted too, for people who keep it next to other tools' settings.
    if "tool" in data and isinstance(data["tool"], dict) and "ctx-ls" in data["tool"]:
        data = data["tool"]["ctx-ls"]
    for key in data:
        if key not in KEYS:
            raise ConfigError(path, _line_of(raw, key), f"unknown setting {key!r} (known: {', '.join(sorted(KEYS))})")

    def str_list(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(path, _line_of(raw, key), f"{key!r} must be a list of strings")
        return tuple(value)

    select, ignore = str_list("select"), str_list("ignore")
    if known_rules is not None:
        for key, names in (("select", select), ("ignore", ignore)):
            for n in names:
                if n != "ALL" and n not in known_rules and not any(r.startswith(n.upper()) for r in known_rules if r.startswith("CTX")):
                    raise ConfigError(path, _line_of(raw, key), f"unknown rule {n!r} in {key!r}")
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(path, _line_of(raw, "severity"), "'severity' must be a table of rule = level")
    severity = []
    for rule, level in sev.items():
        try:
            severity.append((rule, Severity(level)))
        except ValueError:
            raise ConfigError(path, _line_of(raw, rule), f"severity of {rule!r} must be one of error, warning, info, hint") from None
        if known_rules is not None and rule not in known_rules:
            raise ConfigError(path, _line_of(raw, rule), f"unknown rule {rule!r} in 'severity'")
    go_version = None
    if "go-version" in data:
        try:
            go_version = parse_version(str(data["go-version"]))
        except ValueError as e:
            raise ConfigError(path, _line_of(raw, "go-version"), str(e)) from None
    options = Options(
        no_return_funcs=frozenset(str_list("no-return-funcs")),
        allow_types_before=str_list("allow-types-before") or Options().allow_types_before,
        go_version=go_version,
    )
    return Config(path, select, ignore, tuple(severity), str_list("exclude"), options)


def load(path: str, known_rules: set[str] | None = None) -> Config:
    try:
        with open(path, "rb") as f:
            raw = f.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path, None, "not valid UTF-8") from None
    except OSError as e:
        raise ConfigError(path, None, e.strerror or str(e)) from None
    return parse(raw, os.path.abspath(path), known_rules)


@lru_cache(maxsize=1024)
def find_config_file(directory: str, stop: str | None = None) -> str | None:
    """The nearest config file at or above ``directory``; the walk ends after the module
    root (a directory with go.mod), at ``stop``, or at the file system root."""
    directory = os.path.abspath(directory)
    for name in NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    parent = os.path.dirname(directory)
    if os.path.isfile(os.path.join(directory, "go.mod")) or directory == stop or parent == directory:
        return None
    return find_config_file(parent, stop)
