"""One module per output format; each reporter takes results as they come and finishes once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from linter.checks.base import Rule
from linter.report.base import Reporter
from linter.report.github import GithubReporter
from linter.report.html import HtmlReporter
from linter.report.json import JsonLinesReporter, JsonReporter
from linter.report.sarif import SarifReporter
from linter.report.statistics import StatisticsReporter
from linter.report.text import TextReporter

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
    """`rules` are the run's active rules (SARIF describes them all in tool.driver.rules)."""
    if statistics:
        return StatisticsReporter(out, as_json=fmt == "json")
    if fmt == "json":
        return JsonReporter(out)
    if fmt == "jsonl":
        return JsonLinesReporter(out)
    if fmt == "sarif":
        return SarifReporter(out, rules)
    if fmt == "github":
        return GithubReporter(out)
    if fmt == "html":
        return HtmlReporter(out)
    return TextReporter(out, color=color)


__all__ = ["FORMATS", "STATISTICS_FORMATS", "Reporter", "make_reporter"]
