"""`weekday`: a date written with its weekday where the two disagree ("12月9日(周五)" when the
9th is a Tuesday).

Patterns are data: regexes with named groups `month`, `day`, `weekday` and optionally `year`,
plus tables that turn the matched words into numbers. A date without a year takes it from the
text (the nearest `year_patterns` match), else the front matter's `date`/`year`, else the date
"today" (--today or the real one): the first such date from a month before today on, since an
announcement speaks of what is coming, so a notice written in December about "1月3日(周五)" is
read as next January.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from linter import userregex
from linter.checks.base import Check, CompileError, Hit
from linter.nlp.analysis import Analysis


def _compile(source: str, key: str) -> userregex.Pattern:
    try:
        return userregex.compile(source, userregex.IGNORECASE)
    except userregex.error as exc:
        raise CompileError(f"invalid regex {source!r}: {exc}", key) from None


class WeekdayCheck(Check):
    kind = "weekday"

    def compile(self, spec: dict[str, Any]) -> None:
        self.patterns = [_compile(p, "patterns") for p in spec["patterns"]]
        for regex in self.patterns:
            missing = {"month", "day", "weekday"} - set(regex.groupindex)
            if missing:
                raise CompileError(
                    f"pattern {regex.pattern!r} needs named groups {', '.join(sorted(missing))}",
                    "patterns",
                )
        self.weekdays = {str(k).lower(): int(v) for k, v in spec["weekdays"].items()}
        self.months = {str(k).lower(): int(v) for k, v in spec.get("months", {}).items()}
        self.names: list[str] = list(spec["names"])
        if len(self.names) != 7:
            raise CompileError("names must list the 7 weekdays, Monday first", "names")
        self.year_patterns = [_compile(p, "year_patterns") for p in spec.get("year_patterns", [])]

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        stated: list[tuple[int, int]] | None = None  # the text's years, found once per message
        for seg in analysis.segments_in(self.rule.lang):
            for regex in self.patterns:
                for m in regex.finditer(analysis.text, seg.start, seg.end):
                    if stated is None:
                        stated = self._stated_years(analysis)
                    hit = self._judge(analysis, m, stated)
                    if hit:
                        yield hit

    def _judge(self, analysis: Analysis, m: Any, stated: list[tuple[int, int]]) -> Hit | None:
        month = self._number(m.group("month"), self.months)
        day = int(m.group("day"))
        weekday = self._weekday(m.group("weekday"))
        if month is None or weekday is None:
            return None
        year_text = m.groupdict().get("year")
        year = int(year_text) if year_text else self._year(analysis, m.start(), month, day, stated)
        try:
            when = dt.date(year, month, day)
        except ValueError:
            return None  # not a real date (Feb 30): another problem, not this rule's
        if when.isoweekday() == weekday:
            return None
        actual = self.names[when.isoweekday() - 1]
        return Hit(
            m.start(), m.end(), {"value": actual, "year": when.year, "date": when.isoformat()}
        )

    def _number(self, text: str, table: dict[str, int]) -> int | None:
        if text.isdigit():
            n = int(text)
            return n if 1 <= n <= 12 else None
        key = text.lower().rstrip(".")
        return table.get(key) or table.get(key[:3])

    def _weekday(self, text: str) -> int | None:
        key = text.lower().rstrip(".")
        return self.weekdays.get(key) or self.weekdays.get(key[:3])

    def _stated_years(self, analysis: Analysis) -> list[tuple[int, int]]:
        stated = []
        for regex in self.year_patterns:
            stated += [(m.start(), int(m.group("year"))) for m in regex.finditer(analysis.text)]
        return stated

    def _year(
        self, analysis: Analysis, at: int, month: int, day: int, stated: list[tuple[int, int]]
    ) -> int:
        """The year a year-less date belongs to (see the module docstring)."""
        if stated:
            before = [y for pos, y in sorted(stated) if pos <= at]
            return before[-1] if before else sorted(stated)[0][1]
        context = analysis.context
        front = context.front_matter if context else {}
        for key in ("date", "year"):
            year = _year_of(front.get(key))
            if year:
                return year
        today = context.reference_date() if context else dt.date.today()
        # Announcements speak of what is coming: the first such date from a month ago on.
        for year in (today.year, today.year + 1):
            try:
                if dt.date(year, month, day) >= today - dt.timedelta(days=31):
                    return year
            except ValueError:
                continue
        return today.year


def _year_of(value: Any) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int) and 1900 <= value <= 2200:
        return value
    if isinstance(value, str):
        m = re.match(r"\s*(\d{4})\b", value)
        return int(m.group(1)) if m else None
    return None
