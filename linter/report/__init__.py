"""One module per output format; each reporter takes results as they come and finishes once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from linter.checks.base import Rule
from linter.report.base import Reporter

FORMATS = ("text", "json", "jsonl", "sarif", "github", "html")
# --statistics replaces the per-finding output, as a table (text) or a JSON array (json).
STATISTICS_FORMATS = ("text", "json")


def make_reporter(
    fmt: str,
    out: TextIO,
    color: bool = False,
    rules: Iterable[Rule] = (),
    statistics: bool = False,
) -> Reporter:
    """`rules` are the run's active rules (SARIF describes them all in tool.driver.rules).
    Only the chosen format's module is imported (a hook's start-up pays for one)."""
    if statistics:
        from linter.report.statistics import StatisticsReporter

        return StatisticsReporter(out, as_json=fmt == "json")
    if fmt in ("json", "jsonl"):
        from linter.report.json import JsonLinesReporter, JsonReporter

        return JsonReporter(out) if fmt == "json" else JsonLinesReporter(out)
    if fmt == "sarif":
        from linter.report.sarif import SarifReporter

        return SarifReporter(out, rules)
    if fmt == "github":
        from linter.report.github import GithubReporter

        return GithubReporter(out)
    if fmt == "html":
        from linter.report.html import HtmlReporter

        return HtmlReporter(out)
    from linter.report.text import TextReporter

    return TextReporter(out, color=color)


__all__ = ["FORMATS", "STATISTICS_FORMATS", "Reporter", "make_reporter"]
