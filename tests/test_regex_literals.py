"""The literal test that lets most patterns skip a message must never skip a match: every match
of every bundled pattern contains one of its literals, the look-behind patterns tried only at
their start literals find exactly what a full scan finds, and phrase tries searched on folded
text find exactly what IGNORECASE finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import regex
from support import REPLIES, corpus_texts

from linter.api import Linter
from linter.config import Config
from linter.nlp.phrases import PhraseIndex
from linter.regexliterals import has_counts, may_match, required_literals, windows
from linter.userregex import Pattern, runnable

REPO = Path(__file__).resolve().parent.parent
TRICKY = [
    "PLEASE APPROVE the budget by Friday.",
    "Straße und STRASSE; the Kelvin sign \u212a and long \u017f; İstanbul ışık I ı i.",
    "Hi all,\n\ncould you please   send the numbers?\nAlso call me.  Thanks!",
    "请尽快回复。各位同事：请于12月9日前提交。",
]


def labelled_texts() -> list[str]:
    texts = list(TRICKY)
    for path in sorted((REPO / "tests" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    return texts


@pytest.fixture(scope="module")
def bundled_patterns() -> list[Pattern]:
    linter = Linter(Config())
    patterns: list[Pattern] = []
    for features in linter.ruleset.features.values():
        for feature in features.features.values():
            patterns += feature.regexes + feature.except_regexes
    for check in linter.ruleset.checks:
        patterns += getattr(check, "regexes", [])
    return patterns


def test_most_bundled_patterns_have_literals(bundled_patterns):
    with_literals = [p for p in bundled_patterns if p.literals is not None]
    assert len(with_literals) >= 0.9 * len(bundled_patterns)
    assert any(p.literals.starts for p in with_literals)


def test_every_match_of_every_bundled_pattern_holds_a_literal(bundled_patterns):
    texts = labelled_texts()
    checked = 0
    for pattern in bundled_patterns:
        lits = pattern.literals
        if lits is None:
            continue
        for text in texts:
            full = list(pattern.compiled.finditer(text))
            if full:
                assert may_match(lits, text.casefold()), (pattern.source, text)
                for m in full:
                    for group in (lits.strings, *lits.also):
                        assert any(s in m.group().casefold() for s in group), pattern.source
                    for chars, least in lits.counts:
                        assert sum(m.group().casefold().count(c) for c in chars) >= least
                    assert not set(m.group()) & set(lits.barriers), pattern.source
                    if lits.starts:
                        assert m.group().casefold().startswith(lits.starts), pattern.source
                    checked += 1
            # finditer with the literal test (and start positions) equals the plain scan
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in full]
    assert checked > 500


@pytest.mark.parametrize(
    ("source", "strings", "starts"),
    [
        (r"\b(?:please|kindly)\s+approve", {"approve"}, None),
        (r"colou?r", {"color", "colour"}, None),
        (r"(?:^|(?<=\n))(?:(?:also|just)\s+)?(?:call|email)\b", {"call", "email"}, True),
        (r"\d+\s*(?:%|percent)", {"%", "percent"}, None),
        (r"(?:x|xx)+y", {"y"}, None),
        (r"[a-z]+\s+\d+", None, None),
        (r"\s*", None, None),
        (r"(?:[^，。\n]{1,60}[，,]){12,}", {",", "，"}, None),
        (
            r"抄送(?:你们|贵部门)的?(?:领导|老板)",
            {
                f"抄送{who}{de}{boss}"
                for who in ("你们", "贵部门")
                for de in ("", "的")
                for boss in ("领导", "老板")
            },
            None,
        ),
    ],
)
def test_literals_of_small_patterns(source, strings, starts):
    found = required_literals(source, re.IGNORECASE)
    if strings is None:
        assert found is None
        return
    assert set(found.strings) == strings
    assert bool(found.starts) == bool(starts)


def test_a_repeat_needs_its_characters_that_many_times():
    found = required_literals(r"(?:[^，。\n]{1,60}[，,]){12,}[^，。\n]{1,60}", re.IGNORECASE)
    assert found.counts == ((",，", 12),)
    assert not may_match(found, "甲，" * 11 + "乙")
    assert may_match(found, "甲，" * 6 + "甲," * 6 + "乙")


def test_a_counted_repeat_is_scanned_only_in_stretches_that_hold_the_count():
    source = r"(?:[^，,。！？!?；;\n]{1,60}[，,]){12,}[^，,。！？!?；;\n]{1,60}"
    found = required_literals(source, re.IGNORECASE)
    assert set(found.barriers) == set("。！？!?；;\n")
    long = "甲" + "，乙" * 12
    text = "开头，" * 8 + "。" + long + "。" + "，" * 20 + "！" + long
    commas = text.index("，" * 20)
    assert windows(found, text, text.casefold()) == [
        (text.index(long), text.index(long) + len(long)),
        (commas, commas + 20),  # enough commas, though no clauses between them
        (text.rindex(long), len(text)),
    ]
    pattern = Pattern(source, regex.IGNORECASE)
    plain = regex.compile(source, regex.IGNORECASE | regex.V0)
    for pos, end in ((0, None), (30, None), (0, len(text) - 3), (20, 90)):
        expected = [m.span() for m in plain.finditer(text, pos, len(text) if end is None else end)]
        assert [m.span() for m in pattern.finditer(text, pos, end)] == expected
    assert expected  # the last range still holds a match


@pytest.mark.parametrize(
    "source",
    [
        r"(?:[^，。]{1,5}[，,]){3,}\b",  # an anchor looks outside the match
        r"(?:[^，。]{1,5}[，,]){3,}(?=。)",  # so does a look-ahead
        r"(?s)(?:.{1,5}[，,]){3,}",  # `.` takes newlines too
        r"(?:(?s:.){1,5}[，,]){3,}",
        r"(?:[^，。]{1,5}[，,]|。){3,}",  # the sentence end is matched after all
        r"(?:[^，a]{1,5}[，,A]){3,}",  # "a" is taken back by the class, case aside
        r"(?:[^，\n]{1,5}[，\s]){3,}",  # \s takes the newline back
    ],
)
def test_no_barrier_where_the_match_may_hold_or_see_it(source):
    found = required_literals(source, re.IGNORECASE)
    assert found is None or not set(found.barriers) & set("。\na")


def test_a_pattern_without_its_literal_is_not_run():
    calls = []

    class Spy:
        def finditer(self, *args, **kwargs):
            calls.append(args)
            return iter(())

    pattern = Pattern(r"(?:x|xx)+y", regex.IGNORECASE)
    pattern._compiled = Spy()
    assert list(pattern.finditer("x" * 40)) == []
    assert calls == []
    list(pattern.finditer("x" * 40 + " Y"))
    assert len(calls) == 1


def test_phrase_search_on_folded_text_equals_ignorecase():
    phrases = ["please approve", "ASAP", "can't", "尽快", "need you to"]
    index = PhraseIndex(phrases)
    assert index.foldable
    plain = re.compile(index._regexes()[0].pattern, re.IGNORECASE)
    for text in labelled_texts():
        found = list(index.finditer(text, lambda s, e: True))
        expected = [m.span() for m in plain.finditer(text)]
        assert found == expected, text


def test_the_pack_scanner_agrees_with_testing_each_pattern(bundled_patterns):
    scanners = {id(p.scanner): p.scanner for p in bundled_patterns if p.scanner is not None}
    assert len(scanners) == 1  # one automaton for the whole loaded pack
    scanner = next(iter(scanners.values()))
    with_literals = [p for p in bundled_patterns if p.literals is not None]
    for text in labelled_texts():
        lowered = text.casefold()
        passing = scanner.passing(lowered)
        for pattern in with_literals:
            alone = may_match(pattern.literals, lowered)
            # the test Pattern.finditer and Pattern.search ask (the pack's scanner)
            assert pattern.may_match(lowered) == alone, (pattern.source, text)
            # all patterns' group tests at once
            at_once = pattern.slot in passing and has_counts(pattern.literals, lowered)
            assert at_once == alone, (pattern.source, text)


def test_runnable_keeps_exactly_the_patterns_that_may_match(bundled_patterns):
    """The list-at-once test the features and regex rules use, against searching each pattern's
    literals alone."""
    plain = Pattern(r"\bcould\s+you\b", regex.IGNORECASE)  # a pattern outside any pack
    patterns = [plain, *bundled_patterns, Pattern(r"\w+")]  # and one without literals
    kept_some = 0
    for text in labelled_texts():
        lowered = text.casefold()
        want = [p for p in patterns if may_match(p.literals, lowered)]  # each searched alone
        assert runnable(patterns, text) == want, text
        kept_some += 0 < len(want) < len(patterns)
    assert kept_some > 100


def test_windowed_patterns_find_what_a_full_scan_finds_on_every_reply(bundled_patterns):
    """The patterns scanned only between their barrier characters, on every reply and
    question of the corpus (where the sentence-level counts matter)."""
    windowed = [p for p in bundled_patterns if p.literals is not None and p.literals.barriers]
    assert windowed
    matched = 0
    for text in corpus_texts(REPLIES, ("reply", "message")):
        for pattern in windowed:
            full = [m.span() for m in pattern.compiled.finditer(text)]
            assert [m.span() for m in pattern.finditer(text)] == full, pattern.source
            matched += len(full)
    assert matched > 10
