"""Each rule kind on its own, through small rule files written for the test."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from linter.api import Linter
from linter.config import Config

HEADER = {
    "pitfall": "flattery",
    "severity": "warning",
    "weight": 1,
    "message": "{match}|{count}|{value}|{limit}|{replacement}",
    "suggestion": "s",
    "rationale": "r",
}


def make_linter(tmp_path, lang: str, rule: dict) -> Linter:
    rule = {**HEADER, **rule}
    path = tmp_path / f"{rule['id']}.yaml"
    path.write_text(yaml.safe_dump({"lang": lang, "rules": [rule]}, allow_unicode=True), "utf-8")
    return Linter(Config(rule_dirs=(str(path),), bundled_rules=False))


def excerpts(linter: Linter, text: str) -> list[str]:
    return [text[f.start : f.end] for f in linter.lint_text(text).findings]


def test_lexicon_matches_whole_words_only_in_chinese(tmp_path):
    linter = make_linter(
        tmp_path,
        "zh",
        {
            "id": "zh.t.lex",
            "kind": "lexicon",
            "scope": "sentence",
            "phrases": ["请"],
            "examples": {"flag": ["请看"], "pass": ["申请"]},
        },
    )
    assert excerpts(linter, "我申请了会议室，也邀请了他。") == []
    assert excerpts(linter, "请看一下。") == ["请"]


def test_lexicon_is_case_insensitive_and_flexible_on_spaces_and_apostrophes(tmp_path):
    linter = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.lex",
            "kind": "lexicon",
            "scope": "sentence",
            "phrases": ["you're the best"],
            "exceptions": ["you're the best person to ask"],
            "examples": {"flag": ["You're the best!"], "pass": ["You are right."]},
        },
    )
    assert excerpts(linter, "Honestly, YOU’RE   the best.") == ["YOU’RE   the best"]
    assert excerpts(linter, "You're the best person to ask about the API.") == []
    assert excerpts(linter, "Bayou're the bestest") == []


def test_regex_flag_group_narrows_the_finding(tmp_path):
    linter = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.re",
            "kind": "regex",
            "scope": "sentence",
            "pattern": r"if you don't reply, (?P<flag>I'll tell your boss)",
            "examples": {"flag": ["If you don't reply, I'll tell your boss."], "pass": ["Ok."]},
        },
    )
    assert excerpts(linter, "If you don't reply, I'll tell your boss.") == ["I'll tell your boss"]


def test_pattern_uses_spacy_token_patterns(tmp_path):
    linter = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.pat",
            "kind": "pattern",
            "scope": "sentence",
            "patterns": [
                [{"LOWER": "you"}, {"LOWER": {"IN": ["must", "shall"]}}, {"IS_ALPHA": True}]
            ],
            "examples": {"flag": ["You must sign."], "pass": ["We must sign."]},
        },
    )
    assert excerpts(linter, "We must sign. You shall deliver it.") == ["You shall deliver"]


def test_substitution_carries_the_replacement(tmp_path):
    linter = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.sub",
            "kind": "substitution",
            "scope": "sentence",
            "swap": {"ASAP": "by Friday 5 pm"},
            "examples": {"flag": ["Do it ASAP."], "pass": ["Do it by Friday."]},
        },
    )
    (finding,) = linter.lint_text("Please send it asap, thanks.").findings
    assert finding.replacement == "by Friday 5 pm"
    assert finding.message.startswith("asap|")
    assert "|by Friday 5 pm" in finding.message


@pytest.mark.parametrize(
    ("scope", "text", "expected"),
    [
        ("message", "Could you send the file? It is for the audit, so we can close it.", []),
        (
            "sentence",
            "Could you send the file? It is for the audit, so we can close it.",
            ["Could you"],
        ),
        ("sentence", "Could you send the file so we can close the audit?", []),
        ("message", "Hello team. Could you send the file?", ["Could you"]),
    ],
)
def test_requires_looks_for_support_in_its_scope(tmp_path, scope, text, expected):
    linter = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.req",
            "kind": "requires",
            "scope": scope,
            "trigger": "direct_ask",
            "requires": ["value"],
            "examples": {
                "flag": ["Could you send it?"],
                "pass": ["Could you send it so we can ship?"],
            },
        },
    )
    assert excerpts(linter, text) == expected


def test_requires_report_each_and_first(tmp_path):
    base = {
        "kind": "requires",
        "scope": "message",
        "trigger": "direct_ask",
        "requires": ["value"],
        "examples": {"flag": ["Could you send it?"], "pass": ["Could you send it so we can ship?"]},
    }
    text = "Could you send it? Can you also sign it?"
    first = make_linter(tmp_path, "en", {**base, "id": "en.t.first"})
    each = make_linter(tmp_path, "en", {**base, "id": "en.t.each", "report": "each"})
    assert excerpts(first, text) == ["Could you"]
    assert excerpts(each, text) == ["Could you", "Can you"]


def test_position_flags_a_late_ask(tmp_path):
    linter = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.pos",
            "kind": "position",
            "scope": "message",
            "feature": "direct_ask",
            "within": {"sentences": 2},
            "examples": {"flag": ["A. B. C. Could you sign?"], "pass": ["Could you sign? A."]},
        },
    )
    assert excerpts(linter, "We met. It went well. Could you approve it?") == ["Could you"]
    assert excerpts(linter, "We met. Could you approve it? It went well. More.") == []
    assert (
        linter.lint_text("We met. It went well. Could you approve it?")
        .findings[0]
        .message.split("|")[2]
        == "3"
    )


def test_occurrence_counts_per_unit_and_per_100_chars(tmp_path):
    per_unit = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.occ",
            "kind": "occurrence",
            "scope": "message",
            "feature": "greeting",
            "max": 1,
            "examples": {"flag": ["Hi. Hello."], "pass": ["Hi, the file is attached."]},
        },
    )
    (finding,) = per_unit.lint_text("Hi Sam. Hello again. Good morning!").findings
    assert finding.message == "Hello|3||1|"
    dense = make_linter(
        tmp_path,
        "en",
        {
            "id": "en.t.dense",
            "kind": "occurrence",
            "scope": "message",
            "feature": "greeting",
            "max": 5,
            "per": "100chars",
            "examples": {"flag": ["Hi. Hello."], "pass": ["Hi, the file is attached."]},
        },
    )
    assert dense.lint_text("Hi. Hello.").findings
    long_text = "Hi. Hello. " + "The migration plan is attached and reviewed. " * 5
    assert not dense.lint_text(long_text).findings


def test_metric_max_and_min(tmp_path):
    too_long = make_linter(
        tmp_path,
        "zh",
        {
            "id": "zh.t.len",
            "kind": "metric",
            "scope": "sentence",
            "measure": "chars",
            "max": 10,
            "examples": {"flag": ["这一句话明显超过了十个字的长度限制。"], "pass": ["短句。"]},
        },
    )
    text = "短句。这一句话明显超过了十个字的长度限制。"
    assert excerpts(too_long, text) == ["这一句话明显超过了十个字的长度限制。"]
    enum = make_linter(
        tmp_path,
        "zh",
        {
            "id": "zh.t.enum",
            "kind": "metric",
            "scope": "message",
            "measure": "enumeration",
            "max": 4,
            "examples": {"flag": ["需要甲、乙、丙、丁、戊。"], "pass": ["需要甲和乙。"]},
        },
    )
    (finding,) = enum.lint_text("需要甲、乙、丙、丁、戊、己。").findings
    assert finding.message.split("|")[2:4] == ["6", "4"]


def test_unless_and_when_filter_on_the_scope_unit(tmp_path):
    rule = {
        "kind": "lexicon",
        "scope": "sentence",
        "phrases": ["your manager"],
        "examples": {"flag": ["I will call your manager if you do not reply."], "pass": ["Ok."]},
    }
    unless = make_linter(tmp_path, "en", {**rule, "id": "en.t.unless", "unless": ["date"]})
    when_examples = {"flag": ["You must loop in your manager."], "pass": ["Ok."]}
    when = make_linter(
        tmp_path, "en", {**rule, "id": "en.t.when", "when": ["command"], "examples": when_examples}
    )
    assert excerpts(unless, "Loop in your manager by Friday.") == []
    assert excerpts(unless, "Loop in your manager. We meet on Friday.") == ["your manager"]
    assert excerpts(when, "You must loop in your manager.") == ["your manager"]
    assert excerpts(when, "Feel free to loop in your manager.") == []


def test_rules_of_one_language_ignore_the_other_language_part(tmp_path):
    linter = make_linter(
        tmp_path,
        "zh",
        {
            "id": "zh.t.lang",
            "kind": "lexicon",
            "scope": "sentence",
            "phrases": ["ASAP"],
            "examples": {"flag": ["请ASAP回复我们的邮件。"], "pass": ["好的。"]},
        },
    )
    text = textwrap.dedent(
        """\
        Please reply ASAP, thanks for checking the numbers.

        请ASAP回复我们的邮件，谢谢。
        """
    )
    (finding,) = linter.lint_text(text).findings
    assert text[finding.start : finding.end] == "ASAP"
    assert finding.start > text.index("请")


def test_lexicon_matches_inside_a_compound_of_two_words_but_not_inside_a_word(tmp_path):
    linter = make_linter(
        tmp_path,
        "zh",
        {
            "id": "zh.t.compound",
            "kind": "lexicon",
            "scope": "sentence",
            "phrases": ["尽快", "请"],
            "examples": {"flag": ["请尽快回复。"], "pass": ["我申请了。"]},
        },
    )
    # The bundled lexicons register longer phrases with jieba, which then keeps "尽快" inside a
    # longer token ("请尽快" or "尽快回复"); the phrases still match on the words inside it.
    tokens = [t.text for t in linter.analyze("请尽快回复。").segments[0].doc]
    assert "尽快" not in tokens and any("尽快" in t for t in tokens)
    assert excerpts(linter, "请尽快回复。") == ["请", "尽快"]
    assert excerpts(linter, "我申请了会议室，也发了邀请函，还交了申请书。") == []
