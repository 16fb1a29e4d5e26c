"""Which language a text is in, decided per paragraph so a mixed message is split, not guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# Runs of the same characters: their lengths add up to the count, and detect() stops counting
# as soon as they outweigh the Latin words (in Chinese text, usually at the first run).
_HAN_RUNS = re.compile(_HAN.pattern + "+")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")

LANGS = ("zh", "en")


@dataclass(frozen=True, slots=True)
class LangSegment:
    lang: str
    start: int
    end: int


def detect(text: str) -> str | None:
    """'zh' when Chinese characters outweigh Latin words, 'en' for Latin words, None for neither.

    A Chinese sentence routinely carries English terms (Q3, PRD, API); an English one rarely carries
    more than a name in Chinese. A Chinese word averages about one and a half characters, so Han
    characters must reach one and a half times the Latin words to make the text Chinese.
    """
    words = len(_LATIN_WORD.findall(text))
    need = 1.5 * words
    han = 0
    for run in _HAN_RUNS.finditer(text):  # counted only until they are enough
        han += run.end() - run.start()
        if han >= need:
            return "zh"
    return "en" if words else None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of `text` (separated by blank lines), covering the whole text."""
    spans = []
    start = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def split_by_language(text: str, forced: str | None = None) -> list[LangSegment]:
    """Consecutive paragraphs of one language become one segment; a neutral paragraph joins its
    neighbours' language, and a message with no letters at all counts as `fallback` English."""
    if not text.strip():
        return []
    if forced in LANGS:
        return [LangSegment(forced, 0, len(text))]
    spans = paragraphs(text)
    langs = [detect(text[s:e]) for s, e in spans]
    known = [lang for lang in langs if lang]
    if len(set(known)) <= 1:
        return [LangSegment(known[0] if known else (detect(text) or "en"), 0, len(text))]
    # Fill neutral paragraphs from the previous paragraph, or the next one at the start.
    for i, lang in enumerate(langs):
        if lang is None:
            langs[i] = langs[i - 1] if i > 0 else next(x for x in langs if x)
    segments: list[LangSegment] = []
    for (s, e), lang in zip(spans, langs, strict=True):
        if segments and segments[-1].lang == lang:
            segments[-1] = LangSegment(lang, segments[-1].start, e)
        else:
            if segments:  # the gap (blank lines) belongs to the previous segment
                segments[-1] = LangSegment(segments[-1].lang, segments[-1].start, s)
            segments.append(LangSegment(lang, s if segments else 0, e))
    last = segments[-1]
    segments[-1] = LangSegment(last.lang, last.start, len(text))
    return segments
