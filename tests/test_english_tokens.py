"""English token offsets are assembled from spaCy's tokenizer run once per distinct
whitespace-free chunk, instead of a Doc per message: they must equal the blank English
pipeline's tokens and sentence starts exactly, on hand-made edge cases and, when present, on
every Enron email of ../shared/corpora/enron-aeslc."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.attrs import SENT_START

from linter.api import Linter
from linter.config import Config
from linter.nlp.sentences import first_tokens
from linter.nlp.tokenarrays import english_token_arrays, token_arrays

ENRON = (
    Path(__file__).resolve().parent.parent.parent
    / "shared" / "corpora" / "enron-aeslc" / "aeslc_emails.jsonl"
)  # fmt: skip
CASES = [
    "",
    " ",
    "   leading spaces and trailing  ",
    "Hi Sam,\n\nCould you send the Q3 numbers by 5 p.m. Friday?  Thanks!\r\n-- \nAna",
    "U.S. e.g. i.e. a.m. don't can't won't y'all 3.5% $1,200.00 (see p. 4).",
    "Email a.b@example.com or visit https://example.com/x?y=1&z=2 :) o.O <3",
    "Tabs\tand\u00a0non-breaking\u2003spaces, em—dashes and “quotes”.",
    "1. First item\n2. Second item\n- bullet\n* star",
    "Mixed 中文 and English, 请尽快 reply.",
]


@pytest.fixture(scope="module")
def blank_en():
    return Linter(Config()).analyzer.pipeline("en")


def assert_same(nlp, text: str) -> None:
    doc = nlp(text)
    ours = english_token_arrays(text, nlp.tokenizer)
    theirs = token_arrays(doc)
    assert ours.starts.tolist() == theirs.starts.tolist(), text
    assert ours.ends.tolist() == theirs.ends.tolist(), text
    assert ours.is_space.tolist() == theirs.is_space.tolist(), text
    expected = []
    if len(doc):
        flags = doc.to_array([SENT_START]).astype(numpy.int64).ravel()
        expected = sorted({0, *numpy.flatnonzero(flags == 1).tolist()})
    assert first_tokens(text, "en", ours).tolist() == expected, text


@pytest.mark.parametrize("text", CASES)
def test_edge_cases_match_the_blank_pipeline(blank_en, text):
    assert_same(blank_en, text)


def test_every_enron_email_matches_the_blank_pipeline(blank_en):
    if not ENRON.is_file():
        pytest.skip(f"corpus not present: {ENRON}")
    count = 0
    with ENRON.open(encoding="utf-8") as stream:
        for line in stream:
            assert_same(blank_en, json.loads(line)["body"])
            count += 1
    assert count > 10_000


def test_the_english_doc_is_built_only_when_asked():
    analysis = Linter(Config()).analyze("Could you send the numbers? Thanks.", "en")
    segment = analysis.segments[0]
    assert segment._doc is None
    assert [t.idx for t in segment.doc] == segment.tokens.start_list
