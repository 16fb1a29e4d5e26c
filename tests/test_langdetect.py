"""Language detection (linter/nlp/langdetect.py): per paragraph, so a mixed message is split."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.nlp.langdetect import LangSegment, detect, paragraphs, split_by_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("你好，请审批。", "zh"),
        ("Hello, please approve.", "en"),
        ("请确认Q3的PRD和API文档", "zh"),  # English terms inside Chinese
        ("Please ask Wang Wei (王伟) to approve the budget today.", "en"),  # a Chinese name
        ("Café déjà vu", "en"),  # Latin letters with accents are words
        ("𠀀𠀁", "zh"),  # CJK Extension B counts as Han
        ("123 !!! 456", None),
        ("", None),
        ("。，！", None),
    ],
)
def test_detect(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ab中文", "zh"),  # 2 Han characters against 1 word: 2 >= 1.5
        ("a中", "en"),  # 1 < 1.5
        ("a b 中文 测", "zh"),  # 3 Han characters against 2 words: exactly 3, enough
        ("a b c 中文 测试", "en"),  # 4 Han characters against 3 words: 4 < 4.5
        ("a b c 中文 测 试 一", "zh"),  # 5 >= 4.5, reached only at the last run
        ("中 a b c 文测试一", "zh"),
    ],
)
def test_detect_weighs_every_han_run_against_the_words(text, lang):
    assert detect(text) == lang


def counted(text: str) -> str | None:
    """The rule detect() applies, counted in full: Han characters against 1.5 per Latin word."""
    han = len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]", text))
    words = len(re.findall(r"[A-Za-z\u00c0-\u024f]+", text))
    if han == 0 and words == 0:
        return None
    return "zh" if han >= 1.5 * words else "en"


@given(st.text(alphabet="中文测试一𠀀ab Zé1。\n", max_size=30))
def test_detect_stops_counting_only_when_the_answer_is_known(text):
    assert detect(text) == counted(text)


def test_paragraphs_cover_non_blank_runs():
    text = "a\n\nb\n \t\n\nc\r\n\r\nd"
    spans = paragraphs(text)
    assert [text[s:e].strip() for s, e in spans] == ["a", "b", "c", "d"]
    assert spans[0] == (0, 1)
    assert paragraphs("one\ntwo") == [(0, 7)]  # a single line break is not a paragraph break


def _contiguous(text: str, segments: list[LangSegment]) -> None:
    assert segments[0].start == 0
    assert segments[-1].end == len(text)
    for a, b in zip(segments, segments[1:], strict=False):
        assert a.end == b.start


def test_mixed_message_is_split_by_paragraph():
    zh = "王经理您好：\n请审批附件中的报销单。\n\n"
    en = "Hi Ann,\nCould you approve the budget by Friday?\n\n"
    zh2 = "谢谢！"
    text = zh + en + zh2
    segments = split_by_language(text)
    assert segments == [
        LangSegment("zh", 0, len(zh)),
        LangSegment("en", len(zh), len(zh) + len(en)),
        LangSegment("zh", len(zh) + len(en), len(text)),
    ]
    _contiguous(text, segments)


def test_one_language_is_one_segment():
    text = "第一段。\n\n第二段，含有API。\n"
    assert split_by_language(text) == [LangSegment("zh", 0, len(text))]


def test_neutral_paragraph_joins_the_previous_one():
    text = "中文段落。\n\n2024-05-01 10:00\n\nEnglish paragraph here."
    segments = split_by_language(text)
    english = text.index("English")
    assert segments == [LangSegment("zh", 0, english), LangSegment("en", english, len(text))]


def test_neutral_paragraph_at_the_start_joins_the_next_one():
    text = "123\n\n中文段落。\n\nEnglish paragraph here."
    english = text.index("English")
    assert split_by_language(text) == [
        LangSegment("zh", 0, english),
        LangSegment("en", english, len(text)),
    ]


def test_forced_language():
    text = "中文。\n\nEnglish."
    assert split_by_language(text, "en") == [LangSegment("en", 0, len(text))]


def test_no_letters_counts_as_english_and_blank_text_has_no_segments():
    assert split_by_language("123 456") == [LangSegment("en", 0, 7)]
    assert split_by_language(" \n\t ") == []
    assert split_by_language("") == []
