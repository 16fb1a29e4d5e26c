"""`include` in a feature file: a feature takes the spans of the features it names, then applies
its own exceptions; an unknown name or a cycle is a one-line error naming the file and line. And
the bundled English split it serves: `ask` is broad, `direct_ask` (what the Cc rule reads) leaves
out courtesy formulas."""

from __future__ import annotations

from support import assert_one_line_error

from linter.api import Linter
from linter.config import Config

FEATURES = """lang: en
features:
  narrow:
    description: a direct request
    phrases: [could you, please]
    except: [please let me know if]
  broad:
    description: narrow plus offers
    include: [narrow]
    phrases: [please let me know if, happy to help]
    except: [could you believe]
"""


def texts(linter: Linter, text: str, name: str) -> list[str]:
    return [text[span.start : span.end] for span in linter.analyze(text, "en").spans(name)]


def test_include_takes_the_spans_and_applies_its_own_exceptions(tmp_path):
    (tmp_path / "features.yaml").write_text(FEATURES, "utf-8")
    linter = Linter(Config(rule_dirs=(str(tmp_path),), bundled_rules=False))
    assert texts(linter, "Could you send it?", "broad") == ["Could you"]
    text = "Please let me know if it works."
    assert texts(linter, text, "narrow") == []
    assert texts(linter, text, "broad") == ["Please let me know if"]
    assert texts(linter, "I am happy to help.", "narrow") == []
    assert texts(linter, "I am happy to help.", "broad") == ["happy to help"]
    # the including feature's own exception also removes an included span
    assert texts(linter, "Could you believe it?", "narrow") == ["Could you"]
    assert texts(linter, "Could you believe it?", "broad") == []


def test_unknown_include_is_a_one_line_error(cli, tmp_path):
    path = tmp_path / "features.yaml"
    path.write_text(FEATURES.replace("include: [narrow]", "include: [nope]"), "utf-8")
    run = cli("rules", "validate", str(path))
    assert run.exit_code == 2
    line = assert_one_line_error(run)
    assert line.startswith(
        f"msglint: error: {path}:9: feature 'broad': includes unknown feature 'nope'"
    )


def test_include_cycle_is_a_one_line_error(cli, tmp_path):
    path = tmp_path / "features.yaml"
    text = FEATURES.replace("    phrases: [could you, please]\n", "    include: [broad]\n")
    path.write_text(text, "utf-8")
    run = cli("rules", "validate", str(path))
    assert run.exit_code == 2
    line = assert_one_line_error(run)
    assert "include cycle" in line and "broad" in line and "narrow" in line


def test_bundled_ask_is_broad_and_direct_ask_is_not():
    linter = Linter(Config(lang="en"))
    courtesy = "Please let me know if you have any questions."
    proposal = "We should discuss the budget next week."
    direct = "Could you approve the purchase order by Friday?"
    notice = "Please note that the office is closed on Monday."
    for text in (courtesy, proposal, direct):
        assert linter.analyze(text, "en").spans("ask"), text
    assert linter.analyze(direct, "en").spans("direct_ask")
    assert not linter.analyze(courtesy, "en").spans("direct_ask")
    assert not linter.analyze(proposal, "en").spans("direct_ask")
    assert not linter.analyze(notice, "en").spans("ask")
