"""HTTP request made without a context

## What it does
Flags HTTP client calls that cannot carry a context: `http.Get`, `http.Head`, `http.Post`,
`http.PostForm` and `http.NewRequest`, and the `Get`, `Head`, `Post` and `PostForm` methods
on a value known to be an `http.Client` or `*http.Client` (declared with that type, built
with `&http.Client{...}`, a struct field of that type declared in the package, or
`http.DefaultClient`). Reported whether or not the function has a context at hand: a
request without one can never be cancelled.

`httptest.NewRequest` is not reported: it builds a server-side request for a test and
sends nothing. Methods named `Get` or `Post` on other types are never reported; when the
type of the receiver cannot be seen in the package, the call is left alone.

## Why is this bad?
These functions use `context.Background()`: the request ignores the caller's deadline and
cancellation, and `http.DefaultClient` has no timeout of its own. A slow upstream then
holds the goroutine, the connection and the caller's resources for as long as it likes.

## Example
```go
func (c *Client) Charge(ctx context.Context, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+"/charges", body)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}
```

## Use instead
```go
func (c *Client) Charge(ctx context.Context, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/charges", body)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}
```
For `http.Get(url)` build the request with `http.NewRequestWithContext(ctx, http.MethodGet,
url, nil)` and send it with `client.Do(req)`.

## Fix safety
`http.NewRequest(` becomes `http.NewRequestWithContext(ctx, ` with the context available in
the function: safe. Where no context is available the fix passes `context.TODO()` (adding
the import if needed) and is unsafe: it marks the place to thread a context through, and
changes nothing at run time. `Get`, `Head`, `Post` and `PostForm` have no automatic fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ctx_ls.analysis.edits import insert_first_argument, package_ref, rename_callee
from ctx_ls.analysis.facts import HTTP, FileFacts
from ctx_ls.analysis.model import Applicability, Diagnostic, Fix, Severity
from ctx_ls.analysis.source import span, text
from ctx_ls.analysis.stdlib import HTTP_CLIENT_TYPES, HTTP_SENDERS
from ctx_ls.analysis.types import expression_type
from ctx_ls.rules.base import Rule

SENDERS = HTTP_SENDERS
CLIENT_TYPES = HTTP_CLIENT_TYPES

CALLEES = SENDERS | {"NewRequest"}


def check(facts: FileFacts) -> Iterator[Diagnostic]:
    for call in facts.calls(CALLEES):
        fn = call.child_by_field_name("function")
        recv = fn.child_by_field_name("operand") if fn is not None and fn.type == "selector_expression" else None
        name = text(fn.child_by_field_name("field")) if recv is not None else text(fn)
        if facts.called(call, HTTP, CALLEES):
            if name == "NewRequest":
                yield _new_request(facts, call)
            else:
                yield RULE.diagnostic(
                    span(call),
                    f"http.{name} sends the request with context.Background(): it cannot be cancelled; "
                    "use http.NewRequestWithContext and Client.Do",
                )
            continue
        if name in SENDERS and recv is not None and expression_type(facts, recv) in CLIENT_TYPES:
            yield RULE.diagnostic(
                span(call),
                f"Client.{name} sends the request without a context: it cannot be cancelled; "
                "use http.NewRequestWithContext and Client.Do",
            )


def _new_request(facts: FileFacts, call) -> Diagnostic:
    ctx = facts.ctx_at(call)
    edits = []
    if ctx is not None:
        arg, safety = ctx.expr, Applicability.SAFE
    else:
        arg, import_edits = package_ref(facts, "context", "TODO")
        arg += "()"
        edits.extend(import_edits)
        safety = Applicability.UNSAFE
    rename = rename_callee(call, "NewRequestWithContext")
    insert = insert_first_argument(call, arg)
    fixes = ()
    if rename is not None and insert is not None:
        title = f"Use http.NewRequestWithContext with {arg}"
        if safety is Applicability.UNSAFE:
            title += " (unsafe)"
        fixes = (Fix(title, (rename, insert, *edits), safety),)
    return RULE.diagnostic(
        span(call),
        "http.NewRequest creates a request without a context: it cannot be cancelled; "
        "use http.NewRequestWithContext",
        fixes=fixes,
    )


RULE = Rule(
    code="CTX202",
    id="http-no-context",
    severity=Severity.WARNING,
    since="0.1.0",
    doc=__doc__,
    check=check,
    peers=("noctx",),
    needs=(b"Get", b"Head", b"Post", b"NewRequest"),
)
