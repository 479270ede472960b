"""Nested timeout longer than its parent's has no effect

## What it does
Flags `context.WithTimeout(p, d2)` and `context.WithDeadline(p, time.Now().Add(d2))` (and
their `*Cause` forms) where `p` was derived in the same function from
`context.WithTimeout(…, d1)` (or `WithDeadline(…, time.Now().Add(d1))`) and `d1 < d2`, both
being constant expressions: `2*time.Second`, `500 * time.Millisecond`, `time.Duration(n)`,
named constants declared in the same file or in another file of the package (folded there
by the package index). The deadline also reaches `p` through
`WithValue`, `WithCancel` and `WithCancelCause` in between; `WithoutCancel` drops it. The
related information points at the call that set the parent's timeout.

Not reported, because syntax does not prove it: durations that are variables, parameters or
results of calls; constants of other packages, and constants of another file whose value
refers to a constant of a third file; a deadline that is not written as
`time.Now().Add(d)` in the call itself; a parent that is a parameter (the caller's deadline
is not visible), that is assigned in a closure, or whose last assignment before the call does
not dominate it (it sits in a branch, or a loop assigns it again); equal durations.

## Why is this bad?
A derived context can only shorten the deadline of its parent, never extend it: the
effective deadline is the earlier of the two. A parent created with a 2 s timeout ends
at most 2 s later, so a child asking for 5 s still gets cancelled after (at most) 2 s. The
code reads as if the inner operation had more time than it really has; the longer timeout
is dead configuration, and the operation fails with `context.DeadlineExceeded` sooner than
its author expects.

## Example
```go
func (s *Service) Sync(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.login(ctx); err != nil {
		return err
	}
	upload, cancelUpload := context.WithTimeout(ctx, 30*time.Second) // still ends within 2s
	defer cancelUpload()
	return s.upload(upload)
}
```

## Use instead
```go
func (s *Service) Sync(ctx context.Context) error {
	login, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.login(login); err != nil {
		return err
	}
	upload, cancelUpload := context.WithTimeout(ctx, 30*time.Second)
	defer cancelUpload()
	return s.upload(upload)
}
```
Derive the longer timeout from the original context, not from the shorter one.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctx_ls.analysis.consts import format_duration
from ctx_ls.analysis.deadlines import CALLEES as DEADLINE_CALLS
from ctx_ls.analysis.deadlines import TIMEOUTS, caps
from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.model import Diagnostic, Related, Severity
from ctx_ls.analysis.source import span
from ctx_ls.rules.base import Rule

CALLEES = DEADLINE_CALLS


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    for cap in caps(facts):
        parent_d, child_d = format_duration(cap.parent_ns), format_duration(cap.own_ns)
        what = f"the {child_d} timeout" if cap.name in TIMEOUTS else f"the deadline {child_d} from now"
        yield RULE.diagnostic(
            span(cap.call),
            f"{what} cannot extend the parent's {parent_d} timeout; the effective timeout is {parent_d}",
            related=(Related(span(cap.parent_call), f"the parent's {parent_d} timeout is set here"),),
        )


RULE = Rule(
    code="CTX401",
    id="timeout-cannot-extend",
    severity=Severity.INFO,
    since="0.1.0",
    doc=__doc__,
    check=check,
    needs=(b"WithTimeout", b"WithDeadline"),
)
