"""`lexicon`: any of a list of phrases, matched on token boundaries (safe for Chinese)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.checks.base import Check, Hit, phrase_spans
from linter.nlp.analysis import Analysis
from linter.nlp.phrases import PhraseIndex


class LexiconCheck(Check):
    kind = "lexicon"

    def compile(self, spec: dict[str, Any]) -> None:
        self.phrases = PhraseIndex(spec["phrases"])

    def words(self) -> set[str]:
        return super().words() | set(self.phrases.phrases)

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        for start, end in phrase_spans(analysis, self.phrases, self.rule.lang):
            yield Hit(start, end)
