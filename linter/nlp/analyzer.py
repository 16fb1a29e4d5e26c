"""Turns text into an Analysis: split by language, run each part through its pipeline."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher

from linter.nlp.analysis import Analysis, Segment
from linter.nlp.features import FeatureSet
from linter.nlp.langdetect import split_by_language
from linter.nlp.pipelines import build_pipeline, register_jieba_words
from linter.nlp.tokenarrays import make_doc


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
        segments = []
        for p in parts:
            nlp = self.pipeline(p.lang)
            doc = make_doc(nlp, text[p.start : p.end])
            segments.append(
                Segment(
                    p.lang, p.start, p.end, doc, self.features.get(p.lang), self._matchers[p.lang]
                )
            )
        return Analysis.build(text, segments)
