"""Sentence boundaries (linter/nlp/sentences.py): punctuation in both languages, closing quotes
and brackets, line structure (greeting lines, lists, hard-wrapped lines), abbreviations and
decimals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ENRON, REPLIES, corpus_texts

from linter.nlp.sentences import (
    CLOSERS,
    TERMINALS,
    WRAP_WIDTH,
    _is_period_boundary,
    _line_breaks_sentence,
    display_width,
    sentence_starts,
)


def split(text: str, lang: str) -> list[str]:
    starts = sentence_starts(text, lang)
    bounds = [*starts, len(text)]
    return [text[bounds[i] : bounds[i + 1]].rstrip() for i in range(len(starts))]


@pytest.mark.parametrize(
    ("text", "lang", "sentences"),
    [
        pytest.param(
            "请审批。谢谢！真的吗？是的；好…嗯",
            "zh",
            ["请审批。", "谢谢！", "真的吗？", "是的；", "好…", "嗯"],
            id="zh-terminals",
        ),
        pytest.param("好的……下一步", "zh", ["好的……", "下一步"], id="zh-double-ellipsis"),
        pytest.param("好的。。。下一步", "zh", ["好的。。。", "下一步"], id="zh-repeated"),
        pytest.param("a;b", "zh", ["a;", "b"], id="ascii-semicolon-zh"),
        pytest.param("Do a; then b.", "en", ["Do a; then b."], id="ascii-semicolon-en"),
        pytest.param("Done!!! Next?! Ok.", "en", ["Done!!!", "Next?!", "Ok."], id="en-repeated"),
        pytest.param(
            "他说：“好的。”然后走了。",
            "zh",
            ["他说：“好的。”", "然后走了。"],
            id="zh-closing-quote",
        ),
        pytest.param(
            "他说（已完成。）然后走了。",
            "zh",
            ["他说（已完成。）", "然后走了。"],
            id="zh-closing-bracket",
        ),
        pytest.param(
            "「好。」『对！』走吧", "zh", ["「好。」", "『对！』", "走吧"], id="zh-corner-quotes"
        ),
        pytest.param(
            'He said "ok." Then he left.', "en", ['He said "ok."', "Then he left."], id="en-quote"
        ),
        pytest.param("(Done.) Next.", "en", ["(Done.)", "Next."], id="en-bracket"),
        pytest.param(
            "I met Mr. Smith and Dr. Wang, e.g. at the office. Then lunch.",
            "en",
            ["I met Mr. Smith and Dr. Wang, e.g. at the office.", "Then lunch."],
            id="en-abbreviations",
        ),
        pytest.param(
            "Growth was 3.5 percent. Costs fell 0.2%.",
            "en",
            ["Growth was 3.5 percent.", "Costs fell 0.2%."],
            id="en-decimals",
        ),
        pytest.param("增长了3.5%。好的", "zh", ["增长了3.5%。", "好的"], id="zh-decimal"),
        pytest.param("版本v1.2已发布", "zh", ["版本v1.2已发布"], id="zh-version-number"),
        pytest.param("See app.example.com today.", "en", ["See app.example.com today."], id="host"),
        pytest.param(
            "Wait... what? Really!", "en", ["Wait... what?", "Really!"], id="en-ellipsis-lowercase"
        ),
        pytest.param(
            "It ended. and then", "en", ["It ended.", "and then"], id="en-lowercase-start"
        ),
        pytest.param(
            "hi rosa, hope you are well. so we met on tuesday. most renew as is.",
            "en",
            ["hi rosa, hope you are well.", "so we met on tuesday.", "most renew as is."],
            id="en-chat-lowercase",
        ),
        pytest.param(
            "It was approx. five, incl. tax, e.g. for tea. ok",
            "en",
            ["It was approx. five, incl. tax, e.g. for tea.", "ok"],
            id="en-abbreviation-lowercase",
        ),
        pytest.param(
            "Ask Mr. smith, i.e. the boss, at 5 p.m. today. then wait",
            "en",
            ["Ask Mr. smith, i.e. the boss, at 5 p.m. today.", "then wait"],
            id="en-title-and-dotted-abbreviations",
        ),
        pytest.param(
            "I met J. doe from the U.K. office. then lunch.",
            "en",
            ["I met J. doe from the U.K. office.", "then lunch."],
            id="en-initial-and-unlisted-dotted",
        ),
        pytest.param(
            "Mail bob@example.com. thanks! See https://example.com/faq. then reply",
            "en",
            ["Mail bob@example.com.", "thanks!", "See https://example.com/faq.", "then reply"],
            id="en-email-and-url-at-end",
        ),
        pytest.param(
            "Install v1.2.3. then restart; it costs 3.50. next",
            "en",
            ["Install v1.2.3.", "then restart; it costs 3.50.", "next"],
            id="en-version-and-decimal-at-end",
        ),
        pytest.param(
            "hmm... ok. fine", "en", ["hmm... ok.", "fine"], id="en-ellipsis-then-lowercase-stop"
        ),
    ],
)
def test_punctuation(text, lang, sentences):
    assert split(text, lang) == sentences


@pytest.mark.parametrize(
    ("text", "lang", "sentences"),
    [
        pytest.param(
            "王经理您好：\n附件是本月的报销单，请审批。",
            "zh",
            ["王经理您好：", "附件是本月的报销单，请审批。"],
            id="zh-greeting-colon",
        ),
        pytest.param(
            "王经理您好\n附件是本月的报销单，请审批。",
            "zh",
            ["王经理您好", "附件是本月的报销单，请审批。"],
            id="zh-greeting-bare",
        ),
        pytest.param(
            "Hi Bob,\nCould you approve the budget?",
            "en",
            ["Hi Bob,", "Could you approve the budget?"],
            id="en-greeting",
        ),
        pytest.param(
            "需要以下支持：\n- 两台服务器\n- 一个测试账号\n谢谢",
            "zh",
            ["需要以下支持：", "- 两台服务器", "- 一个测试账号", "谢谢"],
            id="zh-dash-list",
        ),
        pytest.param(
            "步骤：\n1、备份数据\n2、运行脚本",
            "zh",
            ["步骤：", "1、备份数据", "2、运行脚本"],
            id="zh-numbered-list",
        ),
        pytest.param(
            "We need:\n* two servers\n• one account\n(3) a budget",
            "en",
            ["We need:", "* two servers", "• one account", "(3) a budget"],
            id="en-bullets",
        ),
        pytest.param(
            "First paragraph without a stop\n\nSecond one",
            "en",
            ["First paragraph without a stop", "Second one"],
            id="blank-line",
        ),
        pytest.param("Line one\r\nLine two", "en", ["Line one", "Line two"], id="crlf"),
    ],
)
def test_line_structure(text, lang, sentences):
    assert split(text, lang) == sentences


@pytest.mark.parametrize(
    ("text", "lang", "sentences"),
    [
        ("Steps:\n1. Back up the data\n2. Run the script", "en", ["Steps:", "1. Back up the data", "2. Run the script"]),
        ("步骤：\n1. 备份数据\n2. 运行脚本", "zh", ["步骤：", "1. 备份数据", "2. 运行脚本"]),
    ],
)  # fmt: skip
def test_numbered_list_with_period_and_space(text, lang, sentences):
    assert split(text, lang) == sentences


def test_hard_wrapped_english_line_continues():
    first = "We have been reviewing the quarterly numbers with the finance team and"
    assert display_width(first) >= WRAP_WIDTH
    text = first + "\nthey agree the budget is fine. Thanks."
    assert split(text, "en") == [
        first + "\nthey agree the budget is fine.",
        "Thanks.",
    ]


@pytest.mark.parametrize(
    ("first_line", "joined"),
    [
        ("x" * (WRAP_WIDTH - 1), False),
        ("x" * WRAP_WIDTH, True),
        ("中" * (WRAP_WIDTH // 2 - 1), False),  # Chinese characters are two columns wide
        ("中" * (WRAP_WIDTH // 2), True),
    ],
)
def test_wrap_width_threshold(first_line, joined):
    text = first_line + "\nnext"
    assert sentence_starts(text, "en") == ([0] if joined else [0, len(first_line) + 1])


def test_long_line_followed_by_blank_line_still_ends():
    first = "x" * 80
    assert split(first + "\n\nnext", "en") == [first, "next"]


def test_long_line_ending_in_a_comma_ends_the_sentence_at_the_break():
    first = "y" * 80 + ","
    assert split(first + "\nnext", "en") == [first, "next"]


def test_starts_are_exact_offsets_of_first_non_space_characters():
    assert sentence_starts("  Hello there. \n World.", "en") == [2, 17]
    assert sentence_starts("", "en") == []
    assert sentence_starts("   \n  ", "zh") == []


def test_display_width():
    assert display_width("abc") == 3
    assert display_width("中文") == 4
    assert display_width("ＯＫ") == 4  # full-width forms
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert display_width("😀") == 2


def test_pipeline_sentences_follow_the_boundaries(lib):
    """The spaCy component maps the boundaries onto jieba tokens."""
    text = "王经理您好：\n他说：“好的。”然后走了。请审批。"
    analysis = lib.analyze(text)
    assert [text[s.start : s.end] for s in analysis.sentences] == [
        "王经理您好：",
        "他说：“好的。”",
        "然后走了。",
        "请审批。",
    ]


def walked_starts(text: str, lang: str) -> list[int]:
    """sentence_starts as it was written first, one character at a time: the reference for
    the version that jumps between the characters that matter."""
    starts: list[int] = []
    n = len(text)
    i = 0
    pending = True
    while i < n:
        ch = text[i]
        if pending and not ch.isspace():
            starts.append(i)
            pending = False
        if ch in TERMINALS or (ch == ";" and lang == "zh"):
            j = i + 1
            while j < n and (text[j] in TERMINALS or text[j] in CLOSERS or text[j] == "."):
                j += 1
            pending = True
            i = j
            continue
        if ch == "." and _is_period_boundary(text, i):
            j = i + 1
            while j < n and (text[j] in CLOSERS or text[j] == "."):
                j += 1
            pending = True
            i = j
            continue
        if ch == "\n" and not pending and _line_breaks_sentence(text, i, lang):
            pending = True
        i += 1
    return starts


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab. 。！？!?…；;”’」）)\"'\n\t\u3000\u00a0Mr.e.g.12请回复-*", max_size=40))
def test_jumping_equals_walking_on_random_text(text):
    for lang in ("zh", "en"):
        assert sentence_starts(text, lang) == walked_starts(text, lang)


@pytest.mark.parametrize(("path", "fields"), [(REPLIES, ("reply", "message")), (ENRON, ("body",))])
def test_jumping_equals_walking_on_every_corpus_text(path, fields):
    count = 0
    for text in corpus_texts(path, fields):
        for lang in ("zh", "en"):
            assert sentence_starts(text, lang) == walked_starts(text, lang)
        count += 1
    assert count > 5000
