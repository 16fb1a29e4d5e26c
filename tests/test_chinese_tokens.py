"""Chinese is segmented by jieba directly instead of through spaCy's Doc: the token offsets,
whitespace tokens and sentence starts must be exactly those of the blank Chinese pipeline, on
hand-made edge cases (spaces, line breaks, mixed scripts) and, when present, on every official
reply of ../shared/corpora/zh-gov-replies."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.attrs import SENT_START

from linter.api import Linter
from linter.config import Config
from linter.nlp.sentences import first_tokens
from linter.nlp.tokenarrays import chinese_token_arrays, token_arrays

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
REPLIES = SHARED / "zh-gov-replies" / "citizen_messages_with_official_replies.jsonl"
CASES = [
    "",
    " ",
    "请尽快回复。",
    "  前面有两个空格，后面也有  ",
    "各位同事：\n\n请于12月9日前提交报销单据。\r\n谢谢！",
    "Hi 张经理，the report 已经 attached，请 review 一下 ok?",
    "第一句。第二句！第三句？\n- 列表一\n- 列表二\t制表符",
    "数字 3.5% 与 2024-12-09 和 email a.b@example.com 混排。",
    "“引号里的话。”他说。（括号里的句子。）",
]


@pytest.fixture(scope="module")
def blank_zh():
    return Linter(Config()).analyzer.pipeline("zh")


def assert_same(nlp, text: str) -> None:
    doc = nlp(text)
    ours = chinese_token_arrays(text)
    theirs = token_arrays(doc)
    assert ours.starts.tolist() == theirs.starts.tolist(), text
    assert ours.ends.tolist() == theirs.ends.tolist(), text
    assert ours.is_space.tolist() == theirs.is_space.tolist(), text
    expected = []
    if len(doc):
        flags = doc.to_array([SENT_START]).astype(numpy.int64).ravel()
        expected = sorted({0, *numpy.flatnonzero(flags == 1).tolist()})
    assert first_tokens(text, "zh", ours).tolist() == expected, text


@pytest.mark.parametrize("text", CASES)
def test_edge_cases_match_the_blank_pipeline(blank_zh, text):
    assert_same(blank_zh, text)


def test_every_official_reply_matches_the_blank_pipeline(blank_zh):
    if not REPLIES.is_file():
        pytest.skip(f"corpus not present: {REPLIES}")
    count = 0
    with REPLIES.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            for field in ("reply", "message"):
                assert_same(blank_zh, record[field])
                count += 1
    assert count > 1000


def test_the_doc_is_built_only_when_asked(blank_zh):
    analysis = Linter(Config()).analyze("请尽快回复，谢谢。", "zh")
    segment = analysis.segments[0]
    assert segment._doc is None
    assert [t.idx for t in segment.doc] == segment.tokens.start_list
    assert segment._doc is not None
