"""Runs every rule's own examples: flag examples must fire the rule, pass examples must not."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from linter.checks import Check
from linter.engine import run_checks

if TYPE_CHECKING:
    from linter.api import Linter


@dataclass(frozen=True)
class ExampleFailure:
    check: Check
    expected: str  # "flag" or "pass"
    example: str
    found: int  # findings of this rule on the example


def run_examples(linter: Linter, checks: Iterable[Check]) -> Iterator[ExampleFailure]:
    for check in checks:
        for expected in ("flag", "pass"):
            for example in check.rule.examples.get(expected, []):
                analysis = check.analyze_example(linter, example)
                found = len(run_checks(analysis, [check]))
                if (expected == "flag") != (found > 0):
                    yield ExampleFailure(check, expected, example, found)


def count_examples(checks: Iterable[Check]) -> int:
    return sum(len(c.rule.examples.get(k, [])) for c in checks for k in ("flag", "pass"))
