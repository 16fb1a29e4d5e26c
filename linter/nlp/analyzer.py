"""Turns text into an Analysis: split by language, run each part through its pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linter.nlp.analysis import Analysis, Segment
from linter.nlp.features import FeatureSet
from linter.nlp.langdetect import LangSegment, split_by_language
from linter.nlp.pipelines import build_pipeline, register_jieba_words
from linter.nlp.sentences import first_tokens
from linter.nlp.tokenarrays import chinese_token_arrays, english_token_arrays, make_doc

if TYPE_CHECKING:  # spaCy is imported when a pipeline is built: Chinese needs none
    from spacy.language import Language
    from spacy.matcher import Matcher


class Analyzer:
    """Holds one pipeline per language, built on first use so English-only runs never load jieba."""

    def __init__(
        self,
        features: dict[str, FeatureSet],
        words: dict[str, set[str]] | None = None,
        models: dict[str, str] | None = None,
    ) -> None:
        self.features = features
        self.words = words or {}
        self.models = models or {}
        self._pipelines: dict[str, Language] = {}
        self._matchers: dict[str, Matcher | None] = {}
        self._prepared: set[str] = set()

    def pipeline(self, lang: str) -> Language:
        nlp = self._pipelines.get(lang)
        if nlp is None:
            self._prepare(lang)
            nlp = build_pipeline(lang, self.models.get(lang))
            self._pipelines[lang] = nlp
        return nlp

    def _prepare(self, lang: str) -> None:
        """What segmenting needs before the first text: jieba's extra words."""
        if lang == "zh" and lang not in self._prepared:
            register_jieba_words(self.words.get("zh", set()))
            self._prepared.add(lang)

    def matcher(self, lang: str) -> Matcher | None:
        """The features' token patterns (they need the pipeline's vocabulary; none bundled)."""
        if lang not in self._matchers:
            features = self.features.get(lang) or FeatureSet(lang, {})
            has_patterns = any(f.patterns for f in features.features.values())
            self._matchers[lang] = (
                features.matcher_for(self.pipeline(lang).vocab) if has_patterns else None
            )
        return self._matchers[lang]

    def analyze(self, text: str, lang: str = "auto") -> Analysis:
        parts = split_by_language(text, None if lang == "auto" else lang)
        return Analysis.build(text, [self._segment(text, p) for p in parts])

    def _segment(self, text: str, part: LangSegment) -> Segment:
        lang, piece = part.lang, text[part.start : part.end]
        shared = {"feature_set": self.features.get(lang), "matcher": self.matcher(lang)}
        if lang in self.models:  # a trained pipeline: its Doc, its annotations
            doc = make_doc(self.pipeline(lang), piece)
            return Segment.from_doc(lang, part.start, part.end, doc, **shared)
        # The blank pipelines' exact tokens without a Doc per message (jieba directly for
        # Chinese, without even building the Chinese pipeline; spaCy's tokenizer once per
        # distinct word for English); the Doc is built only if token patterns or
        # `msglint analyze` ask for it.
        if lang == "zh":
            self._prepare(lang)
            tokens = chinese_token_arrays(piece)
        else:
            tokens = english_token_arrays(piece, self.pipeline(lang).tokenizer)
        firsts = first_tokens(piece, lang, tokens)
        return Segment(
            lang, part.start, part.end, piece, tokens, firsts,
            make_doc=lambda: make_doc(self.pipeline(lang), piece), **shared,
        )  # fmt: skip
