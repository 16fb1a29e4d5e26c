"""`occurrence`: too many of a feature in one unit, or too dense per 100 characters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.checks.base import Check, Hit
from linter.nlp.analysis import Analysis


class OccurrenceCheck(Check):
    kind = "occurrence"

    def compile(self, spec: dict[str, Any]) -> None:
        self.feature: str = spec["feature"]
        self.limit: float = spec["max"]
        self.per_100: bool = spec.get("per", "unit") == "100chars"
        self.min_count: int = spec.get("min_count", 2 if self.per_100 else 1)

    def features(self) -> set[str]:
        return super().features() | {self.feature}

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        lang = self.rule.lang
        for unit in analysis.units(self.rule.scope, lang):
            spans = analysis.spans(self.feature, lang, unit.start, unit.end)
            count = len(spans)
            if count < self.min_count:
                continue
            if self.per_100:
                density = count * 100 / max(unit.end - unit.start, 1)
                if density > self.limit:
                    yield Hit(spans[0].start, spans[-1].end, {"count": count, "limit": self.limit})
            elif count > self.limit:
                over = spans[int(self.limit)]
                yield Hit(over.start, over.end, {"count": count, "limit": self.limit})
