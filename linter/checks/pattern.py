"""`pattern`: spaCy Matcher token patterns, for what phrases cannot say (optional tokens,
sets of words, shapes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from linter.checks.base import Check, CompileError, Hit
from linter.errors import RuleError
from linter.nlp.analysis import Analysis
from linter.nlp.features import check_token_patterns

if TYPE_CHECKING:
    from spacy.matcher import Matcher


class PatternCheck(Check):
    kind = "pattern"

    def compile(self, spec: dict[str, Any]) -> None:
        self.patterns = spec["patterns"]
        try:
            check_token_patterns(self.patterns, "pattern", "", None)
        except RuleError as exc:
            raise CompileError(exc.detail.removeprefix("pattern: "), "patterns") from None
        self._matchers: dict[int, Matcher] = {}

    def _matcher(self, vocab) -> Matcher:
        matcher = self._matchers.get(id(vocab))
        if matcher is None:
            from spacy.matcher import Matcher

            matcher = Matcher(vocab)
            matcher.add(self.rule.id, self.patterns)
            self._matchers[id(vocab)] = matcher
        return matcher

    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        for seg in analysis.segments_in(self.rule.lang):
            matcher = self._matcher(seg.doc.vocab)
            for _, start, end in matcher(seg.doc):
                span = seg.doc[start:end]
                yield Hit(seg.start + span.start_char, seg.start + span.end_char)
