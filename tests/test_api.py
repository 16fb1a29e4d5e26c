"""The library: lint_text, LintResult, scoring, and --select/--ignore by id, prefix and pitfall."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest

import linter
from linter import Config, LintResult, lint_text
from linter.engine import PENALTY, score, select_checks
from linter.errors import UsageError
from linter.model import Finding

TEXT = "你们领导英明。我们尽量吧。"


@pytest.fixture(scope="module")
def config(pack) -> Config:
    return Config(rule_dirs=(str(pack),), bundled_rules=False)


def test_lint_text_returns_findings_and_score(config):
    result = lint_text(TEXT, config=config)
    assert isinstance(result, LintResult)
    assert result.text == TEXT
    assert result.lang == "zh"
    assert [
        (f.rule, f.severity, f.start, f.end, TEXT[f.start : f.end]) for f in result.findings
    ] == [
        ("zh.testpack.threat", "error", 0, 4, "你们领导"),
        ("zh.testpack.praise", "warning", 4, 6, "英明"),
        ("zh.testpack.maybe", "info", 9, 12, "尽量吧"),
    ]
    assert result.findings[1].message == "恭维：英明"
    assert result.findings[1].pitfall == "flattery"
    # 100 * (1 - 0.25 * 2) * (1 - 0.10) * (1 - 0.02) = 44.1
    assert result.score == 44


def test_lint_text_without_findings_scores_100(config):
    result = lint_text("周五前给您答复。", config=config)
    assert result.findings == []
    assert result.score == 100


def test_lint_text_forced_language(config):
    assert [f.rule for f in lint_text("You are a genius.", config=config).findings] == [
        "en.testpack.genius"
    ]
    assert lint_text("You are a genius.", lang="zh", config=config).findings == []


def test_lint_text_with_the_default_config():
    """The bundled pack changes; only what holds for any pack is checked."""
    from linter.api import _cached_linter

    result = lint_text("Thanks, see you on Friday. You must approve it. 领导英明。")
    assert isinstance(result, LintResult)
    weights = {c.rule.id: c.rule.weight for c in _cached_linter(Config()).checks}
    assert result.score == score(result.findings, weights)
    assert result.findings == sorted(result.findings, key=lambda f: (f.start, f.end, f.rule))


def test_the_linter_is_reused_for_the_same_config(config):
    from linter.api import _cached_linter

    assert _cached_linter(config) is _cached_linter(dataclasses.replace(config))


def test_package_exports_lazily():
    assert linter.Linter.__name__ == "Linter"
    assert linter.Finding is Finding
    with pytest.raises(AttributeError):
        linter.no_such_thing  # noqa: B018


def test_unknown_language_is_a_usage_error(pack):
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        linter.Linter(Config(lang="fr", rule_dirs=(str(pack),), bundled_rules=False))


# --- scoring ----------------------------------------------------------------------------------


def finding(severity: str, rule: str = "zh.t.rule", start: int = 0) -> Finding:
    return Finding(rule, "flattery", severity, "m", "s", start, start + 1)  # type: ignore[arg-type]


def test_score_is_100_without_findings():
    assert score([], {}) == 100


@pytest.mark.parametrize(
    ("severity", "weight", "expected"),
    [
        ("error", 1, 75),
        ("warning", 1, 90),
        ("info", 1, 98),
        ("warning", 2, 80),
        ("info", 0.5, 99),
        ("warning", 0, 100),
        ("error", 4, 0),
    ],
)
def test_score_of_one_finding(severity, weight, expected):
    assert score([finding(severity)], {"zh.t.rule": weight}) == expected


def test_score_of_several_findings_multiplies():
    findings = [finding("warning"), finding("warning"), finding("warning"), finding("error")]
    assert score(findings, {}) == 55  # 100 * 0.9**3 * 0.75 = 54.675


@pytest.mark.parametrize("severity", ["error", "warning", "info"])
@pytest.mark.parametrize("weight", [0, 0.5, 1, 2, 4])
def test_score_never_rises_as_findings_are_added(severity, weight):
    weights = {"zh.t.rule": weight}
    findings: list[Finding] = []
    previous = score(findings, weights)
    assert previous == 100
    for i in range(60):
        findings.append(finding(severity, start=i))
        current = score(findings, weights)
        assert 0 <= current <= previous
        previous = current
    if weight > 0:
        assert previous < 100


def test_score_never_rises_with_mixed_severities():
    mix = itertools.cycle(["info", "error", "warning", "info", "warning"])
    weights = {"zh.t.a": 1, "zh.t.b": 3.5, "zh.t.c": 0.2}
    rules = itertools.cycle(weights)
    findings: list[Finding] = []
    previous = 100
    for i in range(100):
        findings.append(finding(next(mix), next(rules), i))
        current = score(findings, weights)
        assert current <= previous
        previous = current
    assert previous == 0


def test_score_of_a_lint_result_is_the_engine_score(lib):
    result = lib.lint_text(TEXT)
    weights = {c.rule.id: c.rule.weight for c in lib.checks}
    assert result.score == score(result.findings, weights)
    assert weights["zh.testpack.threat"] == 2.0


def test_penalties_are_ordered_by_severity():
    assert PENALTY["error"] > PENALTY["warning"] > PENALTY["info"] > 0


# --- select / ignore --------------------------------------------------------------------------


def ids(checks) -> list[str]:
    return sorted(c.rule.id for c in checks)


ALL = sorted(
    [
        "en.testpack.genius", "en.testpack.threat", "en.testpack.maybe", "zh.testpack.praise",
        "zh.testpack.threat", "zh.testpack.maybe", "zh.testpack.ask-without-why",
    ]
)  # fmt: skip


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ((), (), ALL),
        (("zh.testpack.praise",), (), ["zh.testpack.praise"]),
        (("zh.testpack",), (), [i for i in ALL if i.startswith("zh.")]),
        (("en",), (), [i for i in ALL if i.startswith("en.")]),
        (("flattery",), (), ["en.testpack.genius", "zh.testpack.praise"]),
        (("bypass,vague-commitment",), (), [i for i in ALL if "threat" in i or "maybe" in i]),
        (("flattery", "zh.testpack.maybe"), (), ["en.testpack.genius", "zh.testpack.maybe", "zh.testpack.praise"]),
        ((), ("zh",), [i for i in ALL if i.startswith("en.")]),
        ((), ("bypass", "en.testpack.maybe"), [i for i in ALL if "threat" not in i and i != "en.testpack.maybe"]),
        (("zh.testpack",), ("flattery",), ["zh.testpack.ask-without-why", "zh.testpack.maybe", "zh.testpack.threat"]),
        (("zh.testpack.praise",), ("zh.testpack.praise",), []),
        ((" zh.testpack.praise , en.testpack.genius ",), (), ["en.testpack.genius", "zh.testpack.praise"]),
    ],
)  # fmt: skip
def test_select_and_ignore(lib, select, ignore, expected):
    assert ids(select_checks(lib.ruleset.checks, select, ignore)) == expected


@pytest.mark.parametrize("selector", ["zh.testpack.nope", "fr", "flatery"])
def test_unknown_selector(lib, selector):
    with pytest.raises(UsageError, match=f"'{selector}' names no rule, rule prefix or pitfall"):
        select_checks(lib.ruleset.checks, [selector], [])


def test_pitfall_with_no_rules_is_not_an_error(lib):
    assert select_checks(lib.ruleset.checks, ["overstep"], []) == []


def test_select_through_config(pack):
    config = Config(rule_dirs=(str(pack),), bundled_rules=False, select=("bypass",))
    assert [f.rule for f in lint_text(TEXT, config=config).findings] == ["zh.testpack.threat"]
    config = Config(rule_dirs=(str(pack),), bundled_rules=False, ignore=("zh.testpack.threat",))
    result = lint_text(TEXT, config=config)
    assert [f.rule for f in result.findings] == ["zh.testpack.praise", "zh.testpack.maybe"]
    assert result.score == 88  # the ignored rule no longer costs anything: 100 * 0.9 * 0.98


def test_select_and_ignore_on_the_command_line(check, cli, pack, tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(TEXT, encoding="utf-8")
    run = check("--ignore", "flattery,zh.testpack.maybe", "--format", "json", path)
    findings = json.loads(run.stdout)["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["zh.testpack.threat"]
    assert run.exit_code == 1
    # A pitfall selects bundled rules too, so only the pitfall and our own ids are asserted.
    run = cli("check", "--rules", pack, "--select", "vague-commitment", "--format", "json", path)
    findings = json.loads(run.stdout)["files"][0]["findings"]
    assert {f["pitfall"] for f in findings} == {"vague-commitment"}
    assert [f["rule"] for f in findings if ".testpack." in f["rule"]] == ["zh.testpack.maybe"]
