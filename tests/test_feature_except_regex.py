"""`except_regex` in a feature file: spans overlapping a match are not the feature, and a bad
expression is a one-line error naming the file and line."""

from __future__ import annotations

from support import assert_one_line_error

from linter.api import Linter
from linter.config import Config

FEATURES = """lang: zh
features:
  mine:
    description: 请求
    regex:
      - '请[^，。]{0,4}联系'
    except_regex:
      - '如有[^，。]{0,6}，请'
"""

RULE = """lang: zh
rules:
  - id: zh.t.mine
    kind: requires
    pitfall: need-without-value
    severity: warning
    weight: 1
    scope: message
    message: m
    suggestion: s
    rationale: r
    trigger: mine
    requires: [value]
    examples:
      flag: [请尽快联系客户。]
      pass: [如有疑问，请联系行政部。]
"""


def test_except_regex_drops_overlapping_spans(tmp_path):
    (tmp_path / "features.yaml").write_text(FEATURES, "utf-8")
    (tmp_path / "rule.yaml").write_text(RULE, "utf-8")
    linter = Linter(Config(rule_dirs=(str(tmp_path),), bundled_rules=False))
    kept = linter.analyze("请尽快联系客户。", "zh").spans("mine")
    dropped = linter.analyze("如有疑问，请联系行政部。", "zh").spans("mine")
    assert len(kept) == 1 and dropped == []
    assert [f.rule for f in linter.lint_text("请尽快联系客户。", "zh").findings] == ["zh.t.mine"]
    assert linter.lint_text("如有疑问，请联系行政部。", "zh").findings == []


def test_invalid_except_regex_is_a_one_line_error(cli, tmp_path):
    path = tmp_path / "features.yaml"
    path.write_text(FEATURES.replace("'如有[^，。]{0,6}，请'", "'如有(，请'"), "utf-8")
    run = cli("rules", "validate", str(path))
    assert run.exit_code == 2
    line = assert_one_line_error(run)
    assert line.startswith(f"msglint: error: {path}:8: feature 'mine': invalid except_regex:")
