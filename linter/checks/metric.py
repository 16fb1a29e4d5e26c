"""`metric`: a measure of a unit (length, sentences, enumeration) against a threshold."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from linter.checks.base import Check, Hit
from linter.nlp.analysis import Analysis, Unit

_HAN_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")  # run lengths add up to the count
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_ENUM_SEPARATORS = {"zh": "、，,；;", "en": ",;"}


def _chars(analysis: Analysis, unit: Unit) -> int:
    # str.split() drops exactly the characters str.isspace() calls whitespace, in C.
    return sum(map(len, analysis.text[unit.start : unit.end].split()))


def _words(analysis: Analysis, unit: Unit) -> int:
    text = analysis.text[unit.start : unit.end]
    return sum(map(len, _HAN_RUNS.findall(text))) + len(_LATIN_WORD.findall(text))


def _sentences(analysis: Analysis, unit: Unit) -> int:
    return sum(1 for s in analysis.sentences if unit.start <= s.start < unit.end)


def _paragraphs(analysis: Analysis, unit: Unit) -> int:
    return sum(1 for p in analysis.paragraphs if unit.start <= p.start < unit.end)


def _enumeration(analysis: Analysis, unit: Unit) -> int:
    """Items in the longest run-on list of one sentence (separators + 1)."""
    seps = _ENUM_SEPARATORS.get(unit.lang, ",")
    best = 0
    for s in analysis.sentences:
        if unit.start <= s.start < unit.end:
            text = analysis.text[s.start : s.end]
            best = max(best, sum(text.count(c) for c in seps) + 1)
    return best


MEASURES: dict[str, Callable[[Analysis, Unit], int]] = {
    "chars": _chars,
    "words": _words,
    "sentences": _sentences,
    "paragraphs": _paragraphs,
    "enumeration": _enumeration,
}


class MetricCheck(Check):
    kind = "metric"

    def compile(self, spec: dict[str, Any]) -> None:
        self.measure = MEASURES[spec["measure"]]
        self.maximum: float | None = spec.get("max")
        self.minimum: float | None = spec.get("min")

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        for unit in analysis.units(self.rule.scope, self.rule.lang):
            value = self.measure(analysis, unit)
            if self.maximum is not None and value > self.maximum:
                yield Hit(unit.start, unit.end, {"value": value, "limit": self.maximum})
            elif self.minimum is not None and value < self.minimum:
                yield Hit(unit.start, unit.end, {"value": value, "limit": self.minimum})
