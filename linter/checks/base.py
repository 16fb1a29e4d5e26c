"""The shape every rule kind shares (after Vale's internal/check).

A kind is a subclass of Check with a `kind` name, `compile(spec)` run once when the rule is
loaded, and `hits(analysis)` yielding where it fires. Everything common to all kinds lives
here: the rule header, `exceptions`, `unless`/`when` feature filters and turning hits into
findings, so a kind module holds only its own matching logic.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from linter.errors import RuleError
from linter.model import Finding
from linter.nlp.analysis import Analysis
from linter.nlp.phrases import PhraseIndex
from linter.userregex import RegexTimeout

if TYPE_CHECKING:
    from linter.api import Linter


@dataclass(frozen=True)
class Rule:
    """The header every rule carries, whatever its kind, and where it was defined."""

    id: str
    kind: str
    lang: str
    pitfall: str
    severity: str
    message: str
    suggestion: str
    rationale: str
    weight: float
    scope: str
    examples: dict[str, list[str]]
    unless: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    link: str = ""
    source: str = ""
    line: int | None = None
    spec: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    key_lines: dict[str, int | None] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    replacement: str | None = None


class CompileError(Exception):
    """A rule's options are invalid; `key` names the option so the loader can point at its line."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class Check(ABC):
    kind: ClassVar[str]

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.exceptions = PhraseIndex(rule.spec.get("exceptions", []))
        self.compile(rule.spec)

    @abstractmethod
    def compile(self, spec: dict[str, Any]) -> None:
        """Builds the matcher once; raises CompileError for an invalid option."""

    @abstractmethod
    def hits(self, analysis: Analysis) -> Iterator[Hit]:
        """Where the rule fires in an analysed message, before the shared filters."""

    def features(self) -> set[str]:
        """Feature span groups this rule reads (checked against the lexicons at load time)."""
        return set(self.rule.unless) | set(self.rule.when)

    def words(self) -> set[str]:
        """Phrases jieba must keep whole for this rule to match."""
        return set(self.exceptions.phrases)

    def analyze_example(self, linter: Linter, example: str) -> Analysis:
        """How the rule's own examples are read; a kind that needs more than text (email
        headers, an org map) reads them its own way."""
        return linter.analyze(example, self.rule.lang)

    def run(self, analysis: Analysis) -> Iterator[Finding]:
        blocked: list[tuple[int, int]] | None = None  # the exceptions, searched on a first hit
        for hit in self._guarded_hits(analysis):
            if blocked is None:
                exceptions = self.exceptions
                blocked = (
                    list(phrase_spans(analysis, exceptions, self.rule.lang)) if exceptions else []
                )
            if any(s < hit.end and hit.start < e for s, e in blocked):
                continue
            if not self._features_allow(analysis, hit):
                continue
            yield self.finding(analysis, hit)

    def _guarded_hits(self, analysis: Analysis) -> Iterator[Hit]:
        """A pattern that runs out of time is the rule's fault: a rule error naming it."""
        try:
            yield from self.hits(analysis)
        except RegexTimeout as exc:
            rule = self.rule
            raise RuleError(str(exc), rule.source, rule.line, rule.id) from None

    def _features_allow(self, analysis: Analysis, hit: Hit) -> bool:
        if not (self.rule.unless or self.rule.when):
            return True
        unit = analysis.unit_at(self.rule.scope, hit.start)
        if any(analysis.spans(name, None, unit.start, unit.end) for name in self.rule.unless):
            return False
        return not self.rule.when or any(
            analysis.spans(name, None, unit.start, unit.end) for name in self.rule.when
        )

    def finding(self, analysis: Analysis, hit: Hit) -> Finding:
        values = {"match": analysis.source_text[hit.start : hit.end], **hit.values}
        return Finding(
            rule=self.rule.id,
            pitfall=self.rule.pitfall,
            severity=self.rule.severity,  # type: ignore[arg-type]
            message=render(self.rule.message, values),
            suggestion=render(self.rule.suggestion, values),
            start=hit.start,
            end=hit.end,
            replacement=hit.replacement,
        )


def phrase_spans(analysis: Analysis, phrases: PhraseIndex, lang: str) -> Iterator[tuple[int, int]]:
    """Token-aligned occurrences of `phrases` in the parts of the message written in `lang`."""
    for seg in analysis.segments_in(lang):
        text = analysis.text[seg.start : seg.end]
        yield from phrases.finditer(text, analysis.aligned, seg.start)


PLACEHOLDERS = ("match", "replacement", "count", "value", "limit")


def render(template: str, values: dict[str, Any]) -> str:
    """Fills the documented {name} placeholders (empty where a kind has no such value) and
    leaves any other brace text alone."""
    out = template
    for key, value in {**dict.fromkeys(PLACEHOLDERS, ""), **values}.items():
        out = out.replace("{" + key + "}", str(value))
    return out
