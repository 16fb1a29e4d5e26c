"""`requires`: a trigger feature with no supporting feature in the same sentence, paragraph or
message, e.g. an ask with no stated value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.checks.base import Check, Hit
from linter.nlp.analysis import Analysis


class RequiresCheck(Check):
    kind = "requires"

    def compile(self, spec: dict[str, Any]) -> None:
        self.trigger: str = spec["trigger"]
        self.support: list[str] = list(spec["requires"])
        self.each = spec.get("report", "first") == "each"

    def features(self) -> set[str]:
        return super().features() | {self.trigger, *self.support}

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        lang = self.rule.lang
        for unit in analysis.units(self.rule.scope, lang):
            triggers = analysis.spans(self.trigger, lang, unit.start, unit.end)
            if not triggers:
                continue
            if any(analysis.spans(name, None, unit.start, unit.end) for name in self.support):
                continue
            for span in triggers if self.each else triggers[:1]:
                yield Hit(span.start, span.end, {"count": len(triggers)})
