"""The Rule value every rule module defines, and helpers for building diagnostics."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.model import Diagnostic, Fix, Related, Severity, Span

DOCS_URL = "https://github.com/ctx-ls/ctx-ls/blob/main/docs/rules.md#{id}"  # generated: ctx-ls rules --format markdown

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True)
class Rule:
    code: str  # "CTX101": stable, never reused
    id: str  # "lost-cancel": names the bad pattern
    severity: Severity
    since: str
    doc: str  # the module docstring: title line, then ## sections
    check: Callable[[FileFacts], Iterator[Diagnostic]] = field(repr=False, compare=False)
    peers: tuple[str, ...] = ()  # other linters' names honoured in //nolint:NAMES
    # The rule can only fire when one of these byte strings occurs in the file (a cheap
    # filter that saves the tree walk on most files).
    needs: tuple[bytes, ...] = ()
    # The rule is about context types: a named context type of the package also passes the
    # filter above (it may be declared in another file, and the file never says "Context").
    needs_context_types: bool = False
    # Findings that depend on other declarations (of the file, the package or the module):
    # the language server recomputes them on every analysis instead of caching them per
    # declaration. It must be cheap: it runs over the whole file each time.
    check_across: Callable[[FileFacts], Iterator[Diagnostic]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def title(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    @cached_property
    def sections(self) -> dict[str, str]:
        out: dict[str, str] = {}
        parts = re.split(r"^## +(.+?)\s*$", self.doc, flags=re.M)
        for name, body in zip(parts[1::2], parts[2::2]):
            out[name.strip()] = body.strip("\n")
        return out

    @property
    def summary(self) -> str:
        """The first paragraph of "What it does"."""
        return self.sections.get("What it does", "").strip().split("\n\n")[0].replace("\n", " ")

    @property
    def has_fix(self) -> bool:
        return "Fix safety" in self.sections

    @property
    def url(self) -> str:
        return DOCS_URL.format(id=self.id)

    def applies(self, facts: FileFacts, contains: Callable[[bytes, bytes], bool] | None = None) -> bool:
        """Whether the rule can fire in the file: one of its needles (or, for rules about
        context types, a named context type of the package) occurs in the text. ``contains``
        looks a needle up (the language server's NeedleIndex answers across edits)."""
        if not self.needs:
            return True
        found = contains or bytes.__contains__
        text = facts.text
        if any(found(text, n) for n in self.needs):
            return True
        if not self.needs_context_types:
            return False
        names = facts.context_type_names | facts.package.context_types()
        return any(found(text, name.encode()) for name in names)

    def diagnostic(
        self,
        span: Span,
        message: str,
        related: tuple[Related, ...] = (),
        fixes: tuple[Fix, ...] = (),
    ) -> Diagnostic:
        return Diagnostic(self.id, self.code, span, message, self.severity, related, fixes)
