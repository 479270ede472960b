"""Editor settings (`ctxLs.*`): typed, validated, and merged with `.ctx-ls.toml`.

Editor settings may only narrow what the project's config enables: `select` picks among
the rules the config runs, `ignore` removes more, `severity` overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctx_ls.analysis.model import Severity

SECTION = "ctxLs"
KEYS = {"select", "ignore", "severity", "inlayHints"}


@dataclass(frozen=True)
class EditorSettings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    inlay_hints: bool = True


@dataclass
class Parsed:
    settings: EditorSettings
    errors: list[str] = field(default_factory=list)


def parse(raw: Any) -> Parsed:
    """Settings from initializationOptions or workspace/configuration. Accepts the bare
    object or one nested under ``ctxLs``; anything invalid is reported and ignored."""
    errors: list[str] = []
    if raw is None:
        return Parsed(EditorSettings())
    if not isinstance(raw, dict):
        return Parsed(EditorSettings(), [f"ctxLs settings must be an object, not {type(raw).__name__}"])
    if SECTION in raw and isinstance(raw[SECTION], dict):
        raw = raw[SECTION]
    for key in raw:
        if key not in KEYS:
            errors.append(f"unknown setting ctxLs.{key}")

    def names(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(f"ctxLs.{key} must be a list of rule ids or codes")
            return ()
        return tuple(value)

    severity = []
    sev = raw.get("severity", {})
    if not isinstance(sev, dict):
        errors.append("ctxLs.severity must map rule ids to error, warning, info or hint")
    else:
        for rule, level in sev.items():
            try:
                severity.append((str(rule), Severity(level)))
            except ValueError:
                errors.append(f"ctxLs.severity.{rule}: {level!r} is not one of error, warning, info, hint")
    hints = raw.get("inlayHints", {})
    inlay = True
    if isinstance(hints, dict):
        value = hints.get("effectiveDeadline", True)
        if isinstance(value, bool):
            inlay = value
        else:
            errors.append("ctxLs.inlayHints.effectiveDeadline must be true or false")
    else:
        errors.append("ctxLs.inlayHints must be an object")
    return Parsed(EditorSettings(names("select"), names("ignore"), tuple(severity), inlay), errors)


class EngineFactory:
    """The engine for a document: its `.ctx-ls.toml` (found upward from the file, reloaded
    when it changes on disk) narrowed by the editor settings. Broken config files are
    reported through ``on_error`` and replaced by the defaults."""

    def __init__(self, on_error) -> None:
        self.on_error = on_error
        self.editor = EditorSettings()
        self.workspace_root: str | None = None
        self._configs: dict[str, tuple[tuple, object]] = {}
        self._engines: dict[tuple, object] = {}

    def set_editor(self, editor: EditorSettings) -> None:
        self.editor = editor
        self._engines.clear()

    def _config(self, path: str):
        import os

        from ctx_ls import config as configlib
        from ctx_ls.rules import ALL_RULES

        if not path:
            return configlib.DEFAULT
        configlib.find_config_file.cache_clear()  # a config file may appear or go away
        found = configlib.find_config_file(os.path.dirname(path), self.workspace_root)
        if found is None:
            return configlib.DEFAULT
        try:
            st = os.stat(found)
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            return configlib.DEFAULT
        cached = self._configs.get(found)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            cfg = configlib.load(found, {r.id for r in ALL_RULES} | {r.code for r in ALL_RULES})
        except configlib.ConfigError as e:
            self.on_error(f"ctx-ls: {e}; using the defaults")
            cfg = configlib.DEFAULT
        self._configs[found] = (stamp, cfg)
        return cfg

    def for_path(self, path: str):
        """``(engine, options)`` for a document path."""
        from ctx_ls.analysis.engine import Engine, SelectionError, select_rules
        from ctx_ls.rules import ALL_RULES

        cfg = self._config(path)
        key = (cfg.path, id(cfg), self.editor)
        engine = self._engines.get(key)
        if engine is None:
            try:
                rules = select_rules(ALL_RULES, cfg.select, cfg.ignore)
            except SelectionError as e:
                self.on_error(f"ctx-ls: {cfg.path}: {e}; using the defaults")
                rules = list(ALL_RULES)
            try:
                narrowed = select_rules(rules, self.editor.select, self.editor.ignore) if rules else []
            except SelectionError as e:
                self.on_error(f"ctx-ls: editor setting: {e}")
                narrowed = rules
            severity = dict(cfg.severity)
            severity.update(self.editor.severity)
            engine = self._engines[key] = Engine(narrowed, severity)
        return engine, cfg.options
