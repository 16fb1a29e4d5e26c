"""Regular expressions from rule and feature files, run with a time limit.

A rule file is data anyone on a team can write, so one pattern with catastrophic backtracking,
e.g. `(a|aa)+$`, must not hang a pre-send hook or a CI job. The `regex` module (a drop-in for
`re`) takes a `timeout` per call; a search that runs out of time raises `RegexTimeout`, which
the caller turns into a rule error naming the rule (exit 2). Bundled and user patterns use the
same engine, so a pack behaves the same wherever its rules come from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import regex

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
    import os

    try:
        value = float(os.environ.get("MSGLINT_REGEX_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


class Pattern:
    """A compiled pattern whose searches stop after `timeout()` seconds."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        # The stdlib checks the syntax first: its messages point at the fault, and a pattern
        # it accepts means the same in `regex`'s VERSION0 mode.
        re.compile(source, flags)
        self.compiled = regex.compile(source, flags | regex.VERSION0)
        self.groupindex = self.compiled.groupindex
        self.pattern = source

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        limit = timeout()
        try:
            end = len(text) if endpos is None else endpos
            yield from self.compiled.finditer(text, pos, end, timeout=limit)
        except TimeoutError:
            raise RegexTimeout(self.source, limit) from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        limit = timeout()
        try:
            end = len(text) if endpos is None else endpos
            return self.compiled.search(text, pos, end, timeout=limit)
        except TimeoutError:
            raise RegexTimeout(self.source, limit) from None


def compile(source: str, flags: int = 0) -> Pattern:  # noqa: A001 - mirrors re.compile
    return Pattern(source, flags)
