"""Every bundled rule's own examples: flag examples must fire it, pass examples must not."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from linter.api import Linter
from linter.cli import main
from linter.config import Config
from linter.engine import run_checks

LINTER = Linter(Config())
CASES = [
    pytest.param(check, expected, example, id=f"{check.rule.id}-{expected}{i}")
    for check in LINTER.ruleset.checks
    for expected in ("flag", "pass")
    for i, example in enumerate(check.rule.examples[expected])
]


@pytest.mark.parametrize(("check", "expected", "example"), CASES)
def test_rule_example(check, expected, example):
    findings = run_checks(check.analyze_example(LINTER, example), [check])
    if expected == "flag":
        assert findings, f"{check.rule.id} did not fire on its flag example"
    else:
        assert not findings, f"{check.rule.id} fired on its pass example: {findings}"


@pytest.mark.parametrize("check", LINTER.ruleset.checks, ids=lambda c: c.rule.id)
def test_rule_has_enough_examples(check):
    assert len(check.rule.examples["flag"]) >= 3
    assert len(check.rule.examples["pass"]) >= 3


def test_every_starter_pitfall_has_rules_in_both_languages():
    have = {(c.rule.lang, c.rule.pitfall) for c in LINTER.ruleset.checks}
    for lang in ("zh", "en"):
        for pitfall in ("flattery", "bypass", "need-without-value"):
            assert (lang, pitfall) in have


def test_rules_test_command_passes():
    result = CliRunner().invoke(main, ["rules", "test"])
    assert result.exit_code == 0, result.output
    assert "all passed" in result.output
