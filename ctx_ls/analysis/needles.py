"""Which byte strings (the rules' ``needs``, the suppression markers) occur in a buffer,
kept up to date across edits.

A rule runs only when one of its needles occurs in the file. In a large buffer most needles
are absent, and each absent one costs a scan of the whole text (about 0.1 ms per 250 KB), on
every keystroke, for every rule. After an edit only the part of the text that changed needs
looking at: the first occurrence of each needle is remembered, and the changed part of the
new text is found as what lies between the common prefix and the common suffix of the old
and the new text (binary searches of C-speed comparisons). The answers are exactly those of
``needle in text``.
"""

from __future__ import annotations


class NeedleIndex:
    """``needle in text`` for the successive texts of one buffer."""

    def __init__(self) -> None:
        self._text = b""
        self._first: dict[bytes, int] = {}  # needle -> its first offset in _text, or -1

    def contains(self, text: bytes, needle: bytes) -> bool:
        if text is not self._text:
            self._follow(text)
        first = self._first.get(needle)
        if first is None:
            first = self._first[needle] = text.find(needle)
        return first >= 0

    def _follow(self, text: bytes) -> None:
        old, self._text = self._text, text
        if not self._first:
            return
        prefix = common_prefix(old, text)
        suffix = common_suffix(old, text, min(len(old), len(text)) - prefix)
        self._first = {n: _first_in_edited(n, f, len(old), text, prefix, suffix) for n, f in self._first.items()}


def _first_in_edited(needle: bytes, first: int, old_len: int, new: bytes, prefix: int, suffix: int) -> int:
    """The first offset of ``needle`` in ``new``, given its first offset in the old text
    (-1: absent), which ``new`` equals in its first ``prefix`` and last ``suffix`` bytes."""
    size, n = len(needle), len(new)
    if 0 <= first and first + size <= prefix:
        return first  # in the unchanged prefix
    # An occurrence overlapping the changed part (none lies wholly in the prefix now).
    hit = new.find(needle, max(0, prefix - size + 1), min(n, n - suffix + size - 1))
    if hit >= 0 or first < 0:
        return hit  # absent before: only the changed part can hold one
    if first >= old_len - suffix:
        return first + n - old_len  # the old first one lies in the unchanged suffix
    return new.find(needle, n - suffix)  # the old first one was changed: the next one


def common_prefix(a: bytes, b: bytes) -> int:
    """The length of the longest common prefix of ``a`` and ``b``."""
    view = memoryview(b)
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a.startswith(view[:mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """The length (at most ``limit``) of the longest common suffix of ``a`` and ``b``."""
    view = memoryview(b)
    lo, hi = 0, max(0, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a.endswith(view[len(b) - mid :]):
            lo = mid
        else:
            hi = mid - 1
    return lo
