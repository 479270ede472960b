"""Finding Go files like the go tool does, and analysing one file with its settings.

Shared by the CLI and (later) the language server; no output formatting here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ctx_ls import config as configlib
from ctx_ls.analysis import package
from ctx_ls.analysis.engine import Engine, select_rules
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.gomod import find_module
from ctx_ls.analysis.model import Diagnostic
from ctx_ls.analysis.source import SourceFile, new_parser
from ctx_ls.rules import ALL_RULES


def _skipped_dir(name: str) -> bool:
    return name in ("vendor", "testdata") or name.startswith(("_", "."))


def go_files(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """``(path, error)`` for every Go file under the given paths, in a stable order.

    Directories are walked like ``./...``: ``vendor``, ``testdata`` and names starting with
    ``_`` or ``.`` are skipped. Files named explicitly are always included. A path that does
    not exist yields an error entry.
    """
    for path in paths:
        if os.path.isfile(path):
            yield path, None
            continue
        if not os.path.isdir(path):
            yield path, "no such file or directory"
            continue
        walk_errors: list[OSError] = []
        for dirpath, dirnames, filenames in os.walk(path, onerror=walk_errors.append):
            dirnames[:] = sorted(d for d in dirnames if not _skipped_dir(d))
            for name in sorted(filenames):
                if name.endswith(".go") and not name.startswith(("_", ".")):
                    yield os.path.join(dirpath, name), None
            while walk_errors:
                e = walk_errors.pop()
                yield e.filename or path, e.strerror or str(e)


@dataclass
class Settings:
    """What the command line says, on top of the config files."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config_file: str | None = None  # --config: one file for everything
    # A plain scan: no file changes while it runs, so the package index may keep directory
    # listings and summaries without checking the disk again (not with --fix/--diff).
    files_unchanged: bool = False


@dataclass
class Outcome:
    path: str
    text: bytes = b""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # one line: why the file could not be analysed
    config_error: str | None = None  # a broken config file met on the way (defaults used)
    excluded: bool = False


@dataclass
class FixResult:
    text: bytes  # the fixed text
    applied: int  # fixes applied, over all rounds
    outcome: Outcome  # the analysis of the fixed text


class Analyzer:
    """Analyses files, each with the config that applies to it. One per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.parser = new_parser()
        self._engines: dict[str | None, Engine] = {}
        self._configs: dict[str | None, configlib.Config] = {}
        self.known = {r.id for r in ALL_RULES} | {r.code for r in ALL_RULES}

    def config_for(self, path: str) -> configlib.Config:
        cfg_path = self.settings.config_file or configlib.find_config_file(os.path.dirname(os.path.abspath(path)))
        if cfg_path not in self._configs:
            self._configs[cfg_path] = configlib.load(cfg_path, self.known) if cfg_path else configlib.DEFAULT
        return self._configs[cfg_path]

    def engine_for(self, cfg: configlib.Config) -> Engine:
        engine = self._engines.get(cfg.path)
        if engine is None:
            select = self.settings.select or cfg.select
            ignore = tuple(cfg.ignore) + tuple(self.settings.ignore)
            rules = select_rules(ALL_RULES, select, ignore)
            engine = self._engines[cfg.path] = Engine(rules, dict(cfg.severity))
        return engine

    def analyse(self, path: str, text: bytes | None = None) -> Outcome:
        outcome = Outcome(path)
        try:
            cfg = self.config_for(path)
        except configlib.ConfigError as e:
            outcome.config_error = str(e)
            cfg = configlib.DEFAULT
            self._configs[e.path] = cfg
        if cfg.excludes(path) and text is None:
            outcome.excluded = True
            return outcome
        if text is None:
            try:
                with open(path, "rb") as f:
                    text = f.read()
            except OSError as e:
                outcome.error = e.strerror or str(e)
                return outcome
        outcome.text = text
        try:
            text.decode("utf-8")
        except UnicodeDecodeError as e:
            outcome.error = f"not valid UTF-8 (byte {e.start})"
            return outcome
        tree = package.take_tree(os.path.abspath(path), text) if self.settings.files_unchanged else None
        source = SourceFile(path, text, tree) if tree is not None else SourceFile.parse(path, text, self.parser)
        if self.settings.files_unchanged:
            package.remember(os.path.abspath(path), text, source.tree)
        facts = FileFacts(source, find_module(path), cfg.options)
        outcome.diagnostics = self.engine_for(cfg).check(facts)
        return outcome

    def fix(self, path: str, text: bytes, unsafe: bool = False, rounds: int = 10) -> FixResult:
        """Apply fixes until none applies (a fix can uncover another), at most ``rounds``
        times. Safe fixes only unless ``unsafe``; overlapping fixes wait for the next round."""
        from ctx_ls.analysis import fixes as fixlib

        applied = 0
        outcome = self.analyse(path, text)
        for _ in range(rounds):
            if outcome.error:
                break
            chosen = fixlib.choose(_fixes_of(outcome.diagnostics, unsafe))
            if not chosen:
                break
            new = fixlib.apply(text, chosen)
            if new == text:
                break
            applied += len(chosen)
            text = new
            outcome = self.analyse(path, text)
        return FixResult(text, applied, outcome)


def _fixes_of(diagnostics: list[Diagnostic], unsafe: bool):
    for d in diagnostics:
        for f in d.fixes:
            if f.is_safe or unsafe:
                yield f
                break
