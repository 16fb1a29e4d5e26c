"""`placeholder`: a template placeholder or fill-in blank left in a message that is meant to be
finished (plain text, an email, a rendered template). In a template source placeholders are
expected, so the kind stays silent there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.checks.base import Check, Hit
from linter.nlp.analysis import Analysis

FORMS = ("jinja", "mustache", "format", "shell", "printf", "blank")


class PlaceholderCheck(Check):
    kind = "placeholder"

    def compile(self, spec: dict[str, Any]) -> None:
        self.forms = set(spec.get("forms", FORMS))

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        context = analysis.context
        if context is None or context.template:
            return
        for ph in context.placeholders:
            if ph.form in self.forms and analysis.lang_at(ph.start) == self.rule.lang:
                yield Hit(
                    ph.start, ph.end, {"value": ph.name or analysis.source_text[ph.start : ph.end]}
                )
