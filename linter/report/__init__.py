"""One module per output format; each reporter takes results as they come and finishes once."""

from __future__ import annotations

from typing import TextIO

from linter.report.base import Reporter
from linter.report.json import JsonLinesReporter, JsonReporter
from linter.report.text import TextReporter

FORMATS = ("text", "json", "jsonl")


def make_reporter(fmt: str, out: TextIO, color: bool = False) -> Reporter:
    if fmt == "json":
        return JsonReporter(out)
    if fmt == "jsonl":
        return JsonLinesReporter(out)
    return TextReporter(out, color=color)


__all__ = ["FORMATS", "Reporter", "make_reporter"]
