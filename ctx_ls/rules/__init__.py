"""The rule catalogue. Every rule is listed here explicitly; nothing registers itself."""

from __future__ import annotations

from ctx_ls.rules import (
    call_no_context,
    cancel_in_loop,
    context_first_param,
    context_in_loop,
    context_in_struct,
    context_key_type,
    context_not_passed,
    context_reset,
    goroutine_no_context,
    http_no_context,
    lost_cancel,
    nil_context,
    sleep_no_context,
    sql_no_context,
    test_context,
    timeout_cannot_extend,
    timer_leak,
    writer_in_goroutine,
)
from ctx_ls.rules.base import Rule

ALL_RULES: tuple[Rule, ...] = (
    lost_cancel.RULE,
    cancel_in_loop.RULE,
    timer_leak.RULE,
    context_reset.RULE,
    http_no_context.RULE,
    sql_no_context.RULE,
    call_no_context.RULE,
    sleep_no_context.RULE,
    goroutine_no_context.RULE,
    test_context.RULE,
    context_not_passed.RULE,
    context_first_param.RULE,
    context_in_struct.RULE,
    context_key_type.RULE,
    nil_context.RULE,
    context_in_loop.RULE,
    timeout_cannot_extend.RULE,
    writer_in_goroutine.RULE,
)

BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}
BY_CODE: dict[str, Rule] = {r.code: r for r in ALL_RULES}


def lookup(name: str) -> Rule | None:
    return BY_ID.get(name) or BY_CODE.get(name.upper())
