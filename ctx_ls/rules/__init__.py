"""The rule catalogue. Every rule is listed here explicitly; nothing registers itself."""

from __future__ import annotations

from ctx_ls.rules import (
    context_reset,
    http_no_context,
    lost_cancel,
    sleep_no_context,
    sql_no_context,
)
from ctx_ls.rules.base import Rule

ALL_RULES: tuple[Rule, ...] = (
    lost_cancel.RULE,
    context_reset.RULE,
    http_no_context.RULE,
    sql_no_context.RULE,
    sleep_no_context.RULE,
)

BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}


def lookup(name: str) -> Rule | None:
    return BY_ID.get(name) or BY_CODE.get(name.upper())
