"""The blank pipelines' tokens without a spaCy Doc per message: Chinese segmented by jieba
directly (each distinct block once, linter.nlp.zhsegment), English assembled from spaCy's
tokenizer run once per distinct whitespace-free run. Token offsets, whitespace tokens and
sentence starts must equal the Doc's exactly, on hand-made edge cases and, when present, on
every text of ../shared/corpora/zh-gov-replies and ../shared/corpora/enron-aeslc; the Chinese
tokens must also equal a plain `jieba.cut` of the whole text with the block cache empty and
full, and follow a change to jieba's dictionary."""

from __future__ import annotations

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import SENT_START
from support import ENRON, REPLIES, corpus_texts

from linter.api import Linter
from linter.config import Config
from linter.nlp import tokenarrays, zhsegment
from linter.nlp.sentences import first_tokens
from linter.nlp.tokenarrays import chinese_token_arrays, english_token_arrays, token_arrays

CASES = {
    "zh": [
        "",
        " ",
        "请尽快回复。",
        "  前面有两个空格，后面也有  ",
        "各位同事：\n\n请于12月9日前提交报销单据。\r\n谢谢！",
        "Hi 张经理，the report 已经 attached，请 review 一下 ok?",
        "第一句。第二句！第三句？\n- 列表一\n- 列表二\t制表符",
        "数字 3.5% 与 2024-12-09 和 email a.b@example.com 混排。",
        "“引号里的话。”他说。（括号里的句子。）",
        "全角\u3000空格、不换行\u00a0空格，\t制表符\r\n\r\n回车换行 \n 行尾空格 ",
        "C++ 与 C# 和 node.js、3.14%、A-1-B、1,234,567 元、２０２４年、ｆｕｌｌ ｗｉｄｔｈ",
        "emoji 🙂 之后，日本語のかな、한국어、Ελληνικά、русский 混在一起。",
        "请尽快回复请尽快回复请尽快回复。。。！！？？……——",
        "楼上咚咚咚作响，哈哈哈哈，谢谢谢谢谢谢，一一一一，的的的的的",  # routes that tie
        "\n\n\n",
        "a",
        "。",
    ],
    "en": [
        "",
        " ",
        "   leading spaces and trailing  ",
        "Hi Sam,\n\nCould you send the Q3 numbers by 5 p.m. Friday?  Thanks!\r\n-- \nAna",
        "U.S. e.g. i.e. a.m. don't can't won't y'all 3.5% $1,200.00 (see p. 4).",
        "Email a.b@example.com or visit https://example.com/x?y=1&z=2 :) o.O <3",
        "Tabs\tand\u00a0non-breaking\u2003spaces, em—dashes and “quotes”.",
        "1. First item\n2. Second item\n- bullet\n* star",
        "It ended. and then it went on. e.g. this one stays.",
        "Mixed 中文 and English, 请尽快 reply.",
    ],
}


@pytest.fixture(scope="module")
def pipelines():
    analyzer = Linter(Config()).analyzer
    return {lang: analyzer.pipeline(lang) for lang in ("zh", "en")}


def ours(lang: str, text: str, nlp):
    if lang == "zh":
        return chinese_token_arrays(text)
    return english_token_arrays(text, nlp.tokenizer)


def assert_same(lang: str, nlp, text: str) -> None:
    doc = nlp(text)
    fast, theirs = ours(lang, text, nlp), token_arrays(doc)
    assert fast.starts == theirs.starts, text
    assert fast.ends == theirs.ends, text
    assert fast.is_space == theirs.is_space, text
    expected = []
    if len(doc):
        flags = doc.to_array([SENT_START]).astype(numpy.int64).ravel()
        expected = sorted({0, *numpy.flatnonzero(flags == 1).tolist()})
    assert first_tokens(text, lang, fast) == expected, text


@pytest.mark.parametrize(("lang", "text"), [(k, t) for k, ts in CASES.items() for t in ts])
def test_edge_cases_match_the_blank_pipeline(pipelines, lang, text):
    assert_same(lang, pipelines[lang], text)


@pytest.mark.parametrize(
    ("lang", "path", "fields"),
    [("zh", REPLIES, ("reply", "message")), ("en", ENRON, ("body",))],
)
def test_every_corpus_text_matches_the_blank_pipeline(pipelines, lang, path, fields):
    tokenarrays._chunk_tokens.clear()  # every English chunk is tokenized afresh once
    count = 0
    for text in corpus_texts(path, fields):
        assert_same(lang, pipelines[lang], text)
        count += 1
    assert count > 5000


@pytest.mark.parametrize(
    ("lang", "text"), [("zh", "请尽快回复，谢谢。"), ("en", "Could you send it? Thanks.")]
)
def test_the_doc_is_built_only_when_asked(lang, text):
    segment = Linter(Config()).analyze(text, lang).segments[0]
    assert segment._doc is None
    assert [t.idx for t in segment.doc] == segment.tokens.starts
    assert segment._doc is not None


def plain_jieba_tokens(text: str) -> tuple[list[int], list[int], list[bool]]:
    """The tokens as chinese_token_arrays made them before the block cache: `jieba.cut` over
    the whole text, each word found in turn, one space after a word kept as its trailing
    whitespace, any other gap a whitespace token."""
    import jieba

    starts: list[int] = []
    ends: list[int] = []
    space: list[bool] = []
    pos, n = 0, len(text)
    for word in jieba.cut(text, cut_all=False):
        if not word or word.isspace():
            continue
        at = text.find(word, pos)
        if at > pos:
            starts.append(pos)
            ends.append(at)
            space.append(True)
        starts.append(at)
        ends.append(at + len(word))
        space.append(False)
        pos = at + len(word)
        if pos < n and text[pos] == " ":
            pos += 1
    if pos < n:
        starts.append(pos)
        ends.append(n)
        space.append(True)
    return starts, ends, space


def assert_same_as_plain_jieba(text: str) -> None:
    fast = chinese_token_arrays(text)
    assert (fast.starts, fast.ends, fast.is_space) == plain_jieba_tokens(text), text


@pytest.mark.parametrize("text", CASES["zh"] + CASES["en"])
def test_chinese_tokens_equal_plain_jieba_with_the_cache_empty_and_full(pipelines, text):
    zhsegment.clear()
    assert_same_as_plain_jieba(text)  # every block cut afresh
    assert_same_as_plain_jieba(text)  # every block from the cache


def test_every_reply_equals_plain_jieba_with_the_cache_empty_and_full(pipelines):
    texts = list(corpus_texts(REPLIES, ("reply", "message")))
    assert len(texts) > 5000
    zhsegment.clear()
    for text in texts:  # the cache fills as it goes: later texts reuse earlier blocks
        assert_same_as_plain_jieba(text)
    assert zhsegment._blocks, "the cache was never filled"
    for text in texts[:500]:  # every block of these is cached now
        assert_same_as_plain_jieba(text)


def test_the_block_cache_follows_changes_to_jiebas_dictionary(pipelines, monkeypatch):
    """A rule pack or a library user adding a word must change the segmentation of blocks
    cut before: the cache is dropped when the dictionary changes (jieba's own state is put
    back afterwards, so no other test sees the word)."""
    import jieba

    monkeypatch.setattr(jieba.dt, "FREQ", dict(jieba.dt.FREQ))
    monkeypatch.setattr(jieba.dt, "total", jieba.dt.total)
    text = "他们说鱻麤靐是新词，鱻麤靐。"
    zhsegment.clear()
    before = chinese_token_arrays(text)
    assert (3, 6) not in zip(before.starts, before.ends, strict=True)
    jieba.add_word("鱻麤靐")
    after = chinese_token_arrays(text)
    assert (3, 6) in zip(after.starts, after.ends, strict=True)
    assert (after.starts, after.ends, after.is_space) == plain_jieba_tokens(text)


# Common characters, characters that pair into words, reduplications, ASCII that jieba keeps in
# its blocks, and what lies between blocks.
ALPHABET = "的了是在我们你请尽快回复谢谢部门领导审批咚哈啊一二三abcAB12.-%+#&_，。！？ \n\t、"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_random_text_equals_plain_jieba(pipelines, text):
    assert_same_as_plain_jieba(text)


def test_another_jieba_version_is_cut_by_jieba_itself(pipelines, monkeypatch):
    """cut_dag follows jieba 0.42.1's code: any other version is left to jieba.cut."""
    import jieba

    calls = []
    monkeypatch.setattr(zhsegment, "cut_dag", lambda block: calls.append(block) or [len(block)])
    zhsegment.clear()
    chinese_token_arrays("请尽快回复。")
    assert calls == ["请尽快回复"]
    monkeypatch.setattr(jieba, "__version__", "0.43.0")
    zhsegment.clear()
    assert_same_as_plain_jieba("请尽快回复。")
    assert calls == ["请尽快回复"]


def test_jieba_words_are_registered_the_same_in_every_process():
    """add_word suggests each frequency from the dictionary as it stands, so the order of
    registration matters; a set's order changes with PYTHONHASHSEED (and so between --jobs
    workers), the sorted order does not."""
    import os
    import subprocess
    import sys

    probe = (
        "from linter.api import Linter\n"
        "Linter().lint_text('请尽快回复。')\n"
        "import jieba\n"
        "from linter.nlp.pipelines import _registered_words as words\n"
        "print(jieba.dt.total, sorted((w, jieba.dt.FREQ[w]) for w in words))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


# Letters, digits, the punctuation spaCy's English prefixes, suffixes, infixes and special cases
# are made of, and look-alikes.
CHUNK_ALPHABET = "aAeEsStTiImMnN01259.,;:!?'\"’“”()[]-–—/\\@#$%&*+=<>_~^`|…°€£"


@settings(max_examples=600, deadline=None)
@given(st.lists(st.text(alphabet=CHUNK_ALPHABET, min_size=1, max_size=12), max_size=6))
def test_random_chunks_match_the_blank_pipeline(pipelines, words):
    """Chunks never seen before take the one-token shortcut or the bare tokenizer: either way
    the Doc's tokens (the cache is emptied so each is tokenized afresh)."""
    tokenarrays._chunk_tokens.clear()
    assert_same("en", pipelines["en"], " ".join(words))


@pytest.mark.parametrize(
    "chunk",
    ["don't", "cannot", "U.S.", "e.g.", "a.m.", "etc.", "Mr.", ":)", "o.O", "<3", "''We", "ll",
     "$1,200.00", "3.5%", "(see", "p.", "https://example.com/x?y=1", "a.b@example.com", "x-ray",
     "Calif.", "gonna", "Ima", "y'all", "10km", "5pm", "e-mail", "well-known", "...", "--"],
)  # fmt: skip
def test_the_one_token_shortcut_never_claims_a_chunk_spacy_splits(pipelines, chunk):
    tokenizer = pipelines["en"].tokenizer
    spacy_tokens = [(t.idx, t.idx + len(t)) for t in tokenizer(chunk)]
    if tokenarrays._one_token(chunk, tokenizer):
        assert spacy_tokens == [(0, len(chunk))]
    bare = tokenarrays._bare(tokenizer)
    assert [(t.idx, t.idx + len(t)) for t in bare(chunk)] == spacy_tokens
