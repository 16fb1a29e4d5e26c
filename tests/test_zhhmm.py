"""linter.nlp.zhhmm must yield exactly the words of jieba's own HMM, `finalseg.cut`: on every
block of the replies and questions of ../shared/corpora/zh-gov-replies, on random text
(characters the model has never seen, whose equal probabilities make routes tie), and with
forced splits (a word deleted from jieba's dictionary)."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg
from support import REPLIES, corpus_texts

from linter.nlp.zhhmm import word_lengths


def jieba_lengths(text: str) -> list[int]:
    return [len(word) for word in finalseg.cut(text)]


def test_every_block_of_the_corpus_is_cut_as_finalseg_cuts_it():
    blocks = {
        piece
        for text in corpus_texts(REPLIES, ("reply", "message"))
        for i, piece in enumerate(jieba.re_han_default.split(text))
        if i % 2
    }
    assert len(blocks) > 50_000
    for block in blocks:
        assert word_lengths(block) == jieba_lengths(block), block


# Common characters, characters missing from the model (鱻麤靐: every state equally unlikely),
# ASCII that jieba keeps in its blocks, and what finalseg leaves outside its Han runs.
ALPHABET = "的了是在我们你请尽快回复谢谢部门领导审批咚哈啊一二三鱻麤靐abcAB12.-%+#&_，。 "


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_random_text_is_cut_as_finalseg_cuts_it(text):
    assert word_lengths(text) == jieba_lengths(text)


@pytest.mark.parametrize("text", ["鱻", "鱻麤靐", "的的的的的", "1.5%的", "abc的def", "，。"])
def test_edge_cases_are_cut_as_finalseg_cuts_them(text):
    assert word_lengths(text) == jieba_lengths(text)


def test_a_forced_split_is_split_into_characters(monkeypatch):
    text = "他们说我们"
    word = next(w for w in finalseg.cut(text) if len(w) > 1)
    monkeypatch.setattr(finalseg, "Force_Split_Words", {word})
    assert 1 in word_lengths(text)
    assert word_lengths(text) == jieba_lengths(text)
