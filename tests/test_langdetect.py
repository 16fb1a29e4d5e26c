"""Language detection (linter/nlp/langdetect.py): per paragraph, so a mixed message is split."""

from __future__ import annotations

import pytest

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
