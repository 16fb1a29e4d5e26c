"""The trie-shaped phrase regex finds exactly what a longest-first alternation finds."""

from __future__ import annotations

import random
import re

from linter.nlp.phrases import PhraseIndex, phrase_regex, trie_regex

WORDS = ["please", "plea", "please find", "can you", "can", "you're", "请", "请您", "麻烦您", "a.b"]


def test_trie_matches_like_longest_first_alternation():
    rng = random.Random(7)
    alphabet = list("pleasfindcanyou '’请您麻烦.b") + ["\n", "  "]
    for _ in range(300):
        phrases = rng.sample(WORDS, rng.randint(1, len(WORDS)))
        longest_first = sorted(phrases, key=len, reverse=True)
        plain = re.compile("|".join(phrase_regex(p) for p in longest_first), re.IGNORECASE)
        trie = re.compile(trie_regex(phrases), re.IGNORECASE)
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_phrase_index_is_case_insensitive_and_keeps_token_alignment():
    index = PhraseIndex(["Please find attached", "please"])
    text = "PLEASE find  attached. Pleased."
    ends = {6, 21, 30}
    found = list(index.finditer(text, lambda s, e: s in {0, 7, 23} and e in ends | {12}))
    assert found == [(0, 21)]
