"""Turns text into an Analysis: split by language, run each part through its pipeline."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher

from linter.nlp.analysis import Analysis, Segment
from linter.nlp.features import FeatureSet
from linter.nlp.langdetect import LangSegment, split_by_language
from linter.nlp.pipelines import build_pipeline, register_jieba_words
from linter.nlp.sentences import first_tokens
from linter.nlp.tokenarrays import chinese_token_arrays, english_token_arrays, make_doc


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

    def pipeline(self, lang: str) -> Language:
        nlp = self._pipelines.get(lang)
        if nlp is None:
            if lang == "zh":
                register_jieba_words(self.words.get("zh", set()))
            nlp = build_pipeline(lang, self.models.get(lang))
            features = self.features.get(lang) or FeatureSet(lang, {})
            self._matchers[lang] = features.matcher_for(nlp.vocab)
            self._pipelines[lang] = nlp
        return nlp

    def analyze(self, text: str, lang: str = "auto") -> Analysis:
        parts = split_by_language(text, None if lang == "auto" else lang)
        return Analysis.build(text, [self._segment(text, p) for p in parts])

    def _segment(self, text: str, part: LangSegment) -> Segment:
        nlp = self.pipeline(part.lang)
        piece = text[part.start : part.end]
        shared = {"feature_set": self.features.get(part.lang), "matcher": self._matchers[part.lang]}
        if part.lang in self.models:  # a trained pipeline: its Doc, its annotations
            return Segment.from_doc(part.lang, part.start, part.end, make_doc(nlp, piece), **shared)
        # The blank pipelines' exact tokens without a Doc per message (jieba directly for
        # Chinese, spaCy's tokenizer once per distinct word for English); the Doc is built only
        # if token patterns or `msglint analyze` ask for it.
        if part.lang == "zh":
            tokens = chinese_token_arrays(piece)
        else:
            tokens = english_token_arrays(piece, nlp.tokenizer)
        firsts = first_tokens(piece, part.lang, tokens).tolist()
        return Segment(
            part.lang, part.start, part.end, piece, tokens, firsts,
            make_doc=lambda: make_doc(nlp, piece), **shared,
        )  # fmt: skip
