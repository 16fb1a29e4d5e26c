"""`substitution`: a phrase with a better wording; the finding carries the replacement so an
editor can apply it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.checks.base import Check, Hit, phrase_spans
from linter.nlp.analysis import Analysis
from linter.nlp.phrases import PhraseIndex


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


class SubstitutionCheck(Check):
    kind = "substitution"

    def compile(self, spec: dict[str, Any]) -> None:
        self.swap = {_key(k): v for k, v in spec["swap"].items()}
        self.phrases = PhraseIndex(spec["swap"].keys())

    def words(self) -> set[str]:
        return super().words() | set(self.phrases.phrases)

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        for start, end in phrase_spans(analysis, self.phrases, self.rule.lang):
            replacement = self.swap[_key(analysis.text[start:end])]
            yield Hit(start, end, {"replacement": replacement}, replacement=replacement)
