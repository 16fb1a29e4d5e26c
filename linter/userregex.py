"""Regular expressions from rule and feature files, run with a time limit.

A rule file is data anyone on a team can write, so one pattern with catastrophic backtracking,
e.g. `(a|aa)+$`, must not hang a pre-send hook or a CI job. The `regex` module (a drop-in for
`re`) takes a `timeout` per call; a search that runs out of time raises `RegexTimeout`, which
the caller turns into a rule error naming the rule (exit 2). Bundled and user patterns use the
same engine, so a pack behaves the same wherever its rules come from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import regex

from linter.regexliterals import (
    LiteralScanner,
    candidate_starts,
    has_counts,
    may_match,
    required_literals,
    windows,
)

# Seconds one finditer over one segment of a message may take. A sane pattern scans a megabyte
# in milliseconds, so this only ever stops a runaway one. MSGLINT_REGEX_TIMEOUT overrides it.
DEFAULT_TIMEOUT = 2.0

IGNORECASE = regex.IGNORECASE
error = (re.error, regex.error)  # for `except userregex.error`


class RegexTimeout(Exception):
    """A user pattern ran longer than the limit on some input."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(
            f"regex {pattern!r} ran longer than {seconds:g}s on this input "
            "(catastrophic backtracking?); rewrite it without nested repetition"
        )
        self.pattern = pattern
        self.seconds = seconds


def timeout() -> float:
    """Read from the environment once per process: it was a measurable share of every scan."""
    global _timeout
    if _timeout is None:
        import os

        try:
            value = float(os.environ.get("MSGLINT_REGEX_TIMEOUT", DEFAULT_TIMEOUT))
        except ValueError:
            value = DEFAULT_TIMEOUT
        _timeout = value if value > 0 else DEFAULT_TIMEOUT
    return _timeout


_timeout: float | None = None
_NOTHING: Iterator[Any] = iter(())  # an exhausted iterator: what a skipped pattern yields
_last: tuple[str | None, str] = (None, "")


def folded(text: str) -> str:
    """The case-folded text, computed once for the many patterns run over the same message
    (one tuple, swapped whole, so threads never pair a text with another's folding)."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    result = text.casefold()
    _last = (text, result)
    return result


class Pattern:
    """A compiled pattern whose searches stop after `timeout()` seconds."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        # The stdlib checks the syntax first: its messages point at the fault, and a pattern
        # it accepts means the same in `regex`'s VERSION0 mode.
        re.compile(source, flags)
        self.flags = flags
        self._compiled = regex.compile(source, flags | regex.VERSION0)
        self.groupindex = dict(self._compiled.groupindex)
        self.pattern = source
        self.literals = required_literals(source, flags)
        self.scanner: LiteralScanner | None = None  # set for the patterns of a loaded pack
        self.slot = -1  # this pattern's literals among the scanner's (set with it)

    @property
    def compiled(self) -> Any:
        """Compiled again on first use after loading a cached pack: most patterns never run in
        a short run (their literals are absent), so a start skips compiling them."""
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags | regex.VERSION0)
        return self._compiled

    def may_match(self, lowered: str) -> bool:
        """The literal test, False only when the pattern cannot match the case-folded text."""
        return bool(_may_match((self,), lowered))

    def __getstate__(self) -> dict:
        # Neither the compiled pattern nor the scanner (it belongs to the loaded pack) is
        # pickled with the cached pack.
        return {**self.__dict__, "scanner": None, "slot": -1, "_compiled": None}

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        """The matches, as the compiled pattern's finditer gives them. Not a generator itself:
        most of the hundred-odd calls a message makes end at the literal test, and handing
        back an empty iterator costs less than starting and finishing a generator."""
        lowered = folded(text)
        if not self.may_match(lowered):
            return _NOTHING
        return self._matches(text, lowered, pos, endpos)

    def _matches(self, text: str, lowered: str, pos: int, endpos: int | None) -> Iterator[Any]:
        limit = timeout()
        end = len(text) if endpos is None else endpos
        try:
            if self.literals is not None and self.literals.starts and len(lowered) == len(text):
                yield from self._at_literals(text, lowered, pos, end, limit)
            elif self.literals is not None and self.literals.barriers:
                yield from self._in_windows(text, lowered, pos, end, limit)
            else:
                yield from self.compiled.finditer(text, pos, end, timeout=limit)
        except TimeoutError:
            raise RegexTimeout(self.source, limit) from None

    def _at_literals(
        self, text: str, lowered: str, pos: int, end: int, limit: float
    ) -> Iterator[Any]:
        r"""finditer's matches, tried only where a prefix literal occurs. A pattern that opens
        with look-behinds (`(?<=[.!?]\s)`) defeats the engine's own literal search and is
        tried at every character otherwise. Same leftmost, non-overlapping matches: a match can
        only start at a literal, and each literal is tried in order from the last match's end.
        (Folding kept every offset: the lengths are equal.)"""
        for start in candidate_starts(self.literals.starts, lowered):  # type: ignore[union-attr]
            if start < pos or start >= end:
                continue
            match = self.compiled.match(text, start, end, timeout=limit)
            if match is not None:
                yield match
                pos = max(match.end(), start + 1)

    def _in_windows(
        self, text: str, lowered: str, pos: int, end: int, limit: float
    ) -> Iterator[Any]:
        """finditer's matches, scanned only in the stretches that can hold one (see
        regexliterals.windows): `(?:[^，。\n]{1,60}，){12,}` used to be tried at every
        character of a message with twelve commas in all, now only in sentences with twelve.
        Same matches: the pattern has no anchors or look-arounds and no match can cross a
        barrier character, so a scan ending at a stretch's end sees what the full one does."""
        found = windows(self.literals, text, lowered)  # type: ignore[arg-type]
        if found is None:
            yield from self.compiled.finditer(text, pos, end, timeout=limit)
            return
        for start, stop in found:
            start, stop = max(start, pos), min(stop, end)
            if start < stop:
                yield from self.compiled.finditer(text, start, stop, timeout=limit)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        lowered = folded(text)
        if not self.may_match(lowered):
            return None
        limit = timeout()
        try:
            end = len(text) if endpos is None else endpos
            return self.compiled.search(text, pos, end, timeout=limit)
        except TimeoutError:
            raise RegexTimeout(self.source, limit) from None


def runnable(patterns: Sequence[Pattern], text: str) -> list[Pattern]:
    """The patterns, in order, that may match `text`: the literal test for a whole list in one
    loop. A feature holds up to eighty patterns and a message passes a handful; calling
    finditer on each just to hear "no" was a call or two per pattern, a hundred per message."""
    return _may_match(patterns, folded(text))


def _may_match(patterns: Sequence[Pattern], lowered: str) -> list[Pattern]:
    """The one literal test, for one pattern or many: the pack's scanner answers for all its
    patterns at once (asked once per list), a pattern without one tests alone."""
    out: list[Pattern] = []
    scanner: LiteralScanner | None = None
    passing: frozenset[int] = frozenset()
    for pattern in patterns:
        literals = pattern.literals
        if literals is None:
            out.append(pattern)
        elif pattern.scanner is None:
            if may_match(literals, lowered):
                out.append(pattern)
        else:
            if pattern.scanner is not scanner:
                scanner = pattern.scanner
                passing = scanner.passing(lowered)
            if pattern.slot in passing and (not literals.counts or has_counts(literals, lowered)):
                out.append(pattern)
    return out


def compile(source: str, flags: int = 0) -> Pattern:  # noqa: A001 - mirrors re.compile
    return Pattern(source, flags)


def attach_scanner(patterns: list[Pattern]) -> None:
    """One LiteralScanner for the patterns of a loaded pack (each pattern then asks it which
    of its literals a message holds)."""
    with_literals = [p for p in patterns if p.literals is not None]
    scanner = LiteralScanner([p.literals for p in with_literals])  # type: ignore[misc]
    for slot, pattern in enumerate(with_literals):
        pattern.slot = slot
        pattern.scanner = scanner
