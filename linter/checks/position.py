"""`position`: a feature must come early, within the first N sentences or characters of its
unit, e.g. the ask in a message to a busy reader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.checks.base import Check, Hit
from linter.nlp.analysis import Analysis


class PositionCheck(Check):
    kind = "position"

    def compile(self, spec: dict[str, Any]) -> None:
        self.feature: str = spec["feature"]
        self.max_sentences: int | None = spec["within"].get("sentences")
        self.max_chars: int | None = spec["within"].get("chars")
        self.min_chars: int = spec.get("min_chars", 0)

    def features(self) -> set[str]:
        return super().features() | {self.feature}

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        lang = self.rule.lang
        for unit in analysis.units(self.rule.scope, lang):
            if unit.end - unit.start < self.min_chars:
                continue
            spans = analysis.spans(self.feature, lang, unit.start, unit.end)
            if not spans:
                continue
            first = spans[0]
            sentence_index = sum(
                1 for s in analysis.sentences if unit.start <= s.start <= first.start
            )
            chars_before = first.start - unit.start
            limits_met = [
                self.max_sentences is not None and sentence_index <= self.max_sentences,
                self.max_chars is not None and chars_before < self.max_chars,
            ]
            if not any(limits_met):
                yield Hit(first.start, first.end, {"value": sentence_index, "count": chars_before})
