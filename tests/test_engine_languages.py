"""run_checks starts only the rules of the languages a message holds. That is safe only if no
kind ever fires outside its rule's language: every bundled rule is run directly (past the
gate) on every example of every rule, read in each language, and must stay silent wherever
the gate would have skipped it."""

from __future__ import annotations

import pytest

from linter.api import Linter
from linter.config import Config
from linter.engine import languages, run_checks

LINTER = Linter(Config())
EXAMPLES = sorted(
    {ex for c in LINTER.ruleset.checks for kind in ("flag", "pass") for ex in c.rule.examples[kind]}
)
MIXED = [
    "Hi Wang, 请尽快 approve 这个 budget，谢谢！",
    "",
    "   \n",
    "{{ name }}，请于{{ date }}前回复。",
]


@pytest.mark.parametrize("lang", ["zh", "en", "auto"])
def test_no_rule_fires_where_the_gate_skips_it(lang):
    skipped = 0
    for text in EXAMPLES + MIXED:
        analysis = LINTER.analyze(text, lang)
        present = languages(analysis)
        for check in LINTER.checks:
            if check.rule.lang in present:
                continue
            skipped += 1
            assert not list(check.run(analysis)), (check.rule.id, lang, text)
    assert skipped > 1000


def test_the_gate_keeps_both_languages_of_a_mixed_message():
    analysis = LINTER.analyze("领导英明，这件事全靠您了。\n\nI will get back to you ASAP on this.")
    assert languages(analysis) == {"zh", "en"}
    found = {f.rule.split(".")[0] for f in run_checks(analysis, LINTER.checks)}
    assert found == {"zh", "en"}
