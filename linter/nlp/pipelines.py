"""The spaCy pipelines: Chinese with the jieba segmenter, blank English, or a trained one if asked.

Nothing here downloads a model. jieba is imported only when Chinese text is analysed, so
English-only runs never pay for its dictionary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from linter.errors import ModelError

if TYPE_CHECKING:  # spaCy is imported when a pipeline is built: Chinese needs none
    from spacy.language import Language

_registered_words: set[str] = set()


def register_jieba_words(words: Iterable[str]) -> None:
    """Keeps every lexicon phrase whole in jieba's segmentation (jieba is global to the process)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # In a fixed order: add_word suggests each frequency from the dictionary as it stands, so
    # the order of a set (which changes with PYTHONHASHSEED) changed jieba's total and some
    # words' frequencies from one process to the next, --jobs workers included.
    for word in sorted(words):
        word = word.strip()
        # jieba splits blocks at spaces and most punctuation, so such phrases cannot be one word.
        if word and word not in _registered_words and not any(c.isspace() for c in word):
            jieba.add_word(word)
            _registered_words.add(word)


def is_compound_split(left: str, right: str) -> bool:
    """Whether a jieba token is two dictionary words joined ("请尽快" = 请 + 尽快, "尽快回复" =
    尽快 + 回复), so a phrase may start or end between them: registering one lexicon phrase can
    merge it with its neighbour. A two-character token is never split ("申请" is not 申 + 请)."""
    import jieba

    freq = jieba.dt.FREQ
    return len(left) + len(right) >= 3 and freq.get(left, 0) > 0 and freq.get(right, 0) > 0


def build_pipeline(lang: str, model: str | None = None) -> Language:
    _register_sentence_component()
    if model:
        nlp = _load_trained(model, lang)
    elif lang == "zh":
        from spacy.lang.zh import Chinese

        nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    else:
        from spacy.lang.en import English

        nlp = English()
    if not model:
        # spaCy's 1M-character guard is for the parser and NER, which a blank pipeline lacks;
        # the size limit that matters is msglint's own (--max-size), checked where files are read.
        nlp.max_length = 10**9
    nlp.add_pipe("msglint_sentences", first=True)
    return nlp


def _register_sentence_component() -> None:
    from spacy.language import Language

    from linter.nlp.sentences import set_sentence_starts

    if not Language.has_factory("msglint_sentences"):
        Language.component("msglint_sentences", func=set_sentence_starts)


def _load_trained(model: str, lang: str) -> Language:
    """An installed pipeline package, or a pipeline directory saved with nlp.to_disk()."""
    from pathlib import Path

    import spacy
    from spacy.util import is_package

    if not is_package(model) and not (Path(model) / "config.cfg").is_file():
        raise ModelError(
            f"spaCy pipeline '{model}' is not installed; msglint never downloads models "
            f"(install it with pip, or drop the option to use the blank {lang} pipeline)"
        )
    try:
        nlp = spacy.load(model, exclude=["ner", "textcat", "textcat_multilabel"])
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"spaCy pipeline '{model}' could not be loaded: {first}") from None
    if nlp.lang != lang:
        raise ModelError(f"spaCy pipeline '{model}' is for '{nlp.lang}', not '{lang}'")
    # A trained pipeline may only add: our sentence boundaries stay (a parser refines within
    # them), so components that would overwrite them are left out.
    for name, factory in list(nlp.pipe_factories.items()):
        if factory in ("sentencizer", "senter"):
            nlp.remove_pipe(name)
    return nlp
