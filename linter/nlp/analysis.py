"""An analysed message: language segments, sentences, paragraphs and feature spans, all as
absolute code-point offsets so checks never deal with per-segment arithmetic."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from linter.nlp.features import FeatureSet, pattern_hits
from linter.nlp.langdetect import paragraphs
from linter.nlp.pipelines import is_compound_split
from linter.nlp.tokenarrays import TokenArrays, doc_text, token_arrays

if TYPE_CHECKING:  # spaCy is imported only where a Doc is built (never for blank-pipeline zh)
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    from linter.context import LintContext

SCOPES = ("sentence", "paragraph", "message")


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, paragraph or message of one language."""

    start: int
    end: int
    lang: str


@dataclass(frozen=True, slots=True)
class FeatureSpan:
    name: str
    start: int
    end: int
    lang: str


@dataclass
class Segment:
    """A run of one language: its tokens as arrays, the tokens that begin its sentences, and
    its spaCy Doc, built only if something asks for it (token patterns, `msglint analyze`):
    Chinese is segmented by jieba directly."""

    lang: str
    start: int
    end: int
    text: str
    tokens: TokenArrays
    firsts: list[int]  # indices of the tokens that begin sentences
    feature_set: FeatureSet | None = None
    matcher: Matcher | None = None
    make_doc: Callable[[], Doc] | None = field(default=None, repr=False)
    _doc: Doc | None = field(default=None, repr=False)
    _pattern_hits: dict | None = field(default=None, repr=False)
    _found: dict = field(default_factory=dict, repr=False)  # feature spans computed so far

    @property
    def doc(self) -> Doc:
        if self._doc is None:
            assert self.make_doc is not None
            self._doc = self.make_doc()
        return self._doc

    @classmethod
    def from_doc(cls, lang: str, start: int, end: int, doc: Doc, **kw) -> Segment:
        """A segment whose Doc was built anyway (a trained pipeline): its sentence starts are
        the Doc's own (a trained parser may refine ours)."""
        from spacy.attrs import SENT_START

        flags = doc.to_array([SENT_START]).tolist() if len(doc) else []
        firsts = sorted({0} | {i for i, flag in enumerate(flags) if flag == 1}) if flags else []
        return cls(lang, start, end, doc_text(doc), token_arrays(doc), firsts, _doc=doc, **kw)

    def find(self, name: str) -> list[FeatureSpan]:
        """One feature's spans in this segment, in absolute offsets."""
        if self.feature_set is None or name not in self.feature_set.features:
            return []
        if self._pattern_hits is None:
            self._pattern_hits = pattern_hits(self.matcher, self.doc if self.matcher else None)
        found = self.feature_set.find(name, self.text, self.tokens, self._pattern_hits, self._found)
        return [
            FeatureSpan(name, self.start + s, self.start + e, self.lang) for _, _, s, e in found
        ]

    def sentence_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence within the segment, as doc.sents gives them."""
        if not self.firsts:
            return []
        starts, ends = self.tokens.starts, self.tokens.ends
        lasts = [i - 1 for i in self.firsts[1:]] + [len(starts) - 1]
        return [(starts[a], ends[b]) for a, b in zip(self.firsts, lasts, strict=True)]


class FeatureSpans(dict):
    """Feature span groups computed when first asked for: a rule reads a handful of the
    features a pack defines, and only when its own trigger was found."""

    def __init__(self, segments: list[Segment]) -> None:
        super().__init__()
        self._segments = segments
        self._names = {
            name for seg in segments if seg.feature_set for name in seg.feature_set.features
        }

    def __missing__(self, name: str) -> list[FeatureSpan]:
        spans = [span for seg in self._segments for span in seg.find(name)]
        spans.sort(key=lambda s: (s.start, s.end))
        self[name] = spans
        return spans

    def get(self, name: str, default=None):  # type: ignore[override]
        return self[name] if name in self or name in self._names else default

    def _all(self) -> None:
        for name in self._names:
            self[name]  # noqa: B018 - computes and stores it

    def items(self):  # type: ignore[override]
        self._all()
        return super().items()

    def values(self):  # type: ignore[override]
        self._all()
        return super().values()

    def keys(self):  # type: ignore[override]
        self._all()
        return super().keys()


@dataclass
class Analysis:
    text: str
    segments: list[Segment]
    sentences: list[Unit] = field(default_factory=list)
    paragraphs: list[Unit] = field(default_factory=list)
    features: dict[str, list[FeatureSpan]] = field(default_factory=dict)

    # Where the message came from (template, email headers, org map, today); set by the api.
    context: LintContext | None = None
    # The text before placeholders were masked (same length), for quoting in messages.
    original: str | None = None

    @property
    def source_text(self) -> str:
        return self.original if self.original is not None else self.text

    @classmethod
    def build(cls, text: str, segments: list[Segment]) -> Analysis:
        analysis = cls(text=text, segments=segments)
        for seg in segments:
            for start, end in seg.sentence_spans():
                unit = _trimmed(text, seg.start + start, seg.start + end, seg.lang)
                if unit:
                    analysis.sentences.append(unit)
        for start, end in paragraphs(text):
            unit = _trimmed(text, start, end, analysis.lang_at(start))
            if unit:
                analysis.paragraphs.append(unit)
        analysis.features = FeatureSpans(segments)
        return analysis

    @property
    def lang(self) -> str:
        """The language of most of the text (the one reported for the file)."""
        if not self.segments:
            return "en"
        totals: dict[str, int] = {}
        for seg in self.segments:
            totals[seg.lang] = totals.get(seg.lang, 0) + seg.end - seg.start
        return max(totals, key=lambda lang: totals[lang])

    def lang_at(self, offset: int) -> str:
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg.lang
        return self.lang

    @cached_property
    def _word_bounds(self) -> tuple[set[int], set[int], list[tuple[int, int]]]:
        """Where the non-space tokens start and end (absolute offsets), and the Chinese tokens of
        three characters or more, sorted, to test boundaries that fall inside a compound; built
        on the first alignment test (a message whose phrases never occur needs none)."""
        starts: set[int] = set()
        ends: set[int] = set()
        compounds: list[tuple[int, int]] = []
        for seg in self.segments:
            tokens, base = seg.tokens, seg.start
            words = [
                (base + s, base + e)
                for s, e, space in zip(tokens.starts, tokens.ends, tokens.is_space, strict=True)
                if not space
            ]
            starts.update(s for s, _ in words)
            ends.update(e for _, e in words)
            if seg.lang == "zh":
                compounds.extend((s, e) for s, e in words if e - s >= 3)
        return starts, ends, compounds

    def aligned(self, start: int, end: int) -> bool:
        """Both ends on token boundaries, or inside a Chinese compound that jieba merged from two
        dictionary words ("请尽快" = 请 + 尽快), but never inside a two-character word ("申请")."""
        starts, ends, _ = self._word_bounds
        return (start in starts or self._compound_boundary(start)) and (
            end in ends or self._compound_boundary(end)
        )

    def _compound_boundary(self, offset: int) -> bool:
        compounds = self._word_bounds[2]
        i = bisect_right(compounds, (offset, len(self.text) + 1)) - 1
        if i < 0:
            return False
        start, end = compounds[i]
        if not start < offset < end:
            return False
        return is_compound_split(self.text[start:offset], self.text[offset:end])

    def segments_in(self, lang: str) -> list[Segment]:
        return [seg for seg in self.segments if seg.lang == lang]

    def units(self, scope: str, lang: str) -> list[Unit]:
        if scope == "sentence":
            return [u for u in self.sentences if u.lang == lang]
        if scope == "paragraph":
            return [u for u in self.paragraphs if u.lang == lang]
        segs = self.segments_in(lang)
        if not segs:
            return []
        unit = _trimmed(self.text, segs[0].start, segs[-1].end, lang)
        return [unit] if unit else []

    def unit_at(self, scope: str, offset: int) -> Unit:
        """The sentence / paragraph / message holding `offset` (the whole text for message)."""
        if scope != "message":
            pool = self.sentences if scope == "sentence" else self.paragraphs
            i = bisect_right([u.start for u in pool], offset) - 1
            if i >= 0 and pool[i].start <= offset < max(pool[i].end, pool[i].start + 1):
                return pool[i]
        return Unit(0, len(self.text), self.lang_at(offset))

    def spans(self, name: str, lang: str | None = None, start: int = 0, end: int | None = None):
        end = len(self.text) if end is None else end
        return [
            s
            for s in self.features.get(name, [])
            if (lang is None or s.lang == lang) and s.start >= start and s.end <= end
        ]


def _trimmed(text: str, start: int, end: int, lang: str) -> Unit | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Unit(start, end, lang) if end > start else None
