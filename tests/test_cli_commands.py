"""`msglint rules list | explain | test`, `msglint --version` and `msglint analyze`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import EN_RULES, ZH_RULES, assert_one_line_error

import linter

PACK_IDS = [r["id"] for r in EN_RULES + ZH_RULES]


def rule_line_no(pack, lang: str, rule_id: str) -> int:
    """The line of `- id: RULE` in the pack's file (where the rule is defined)."""
    lines = (pack / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()
    (n,) = [i for i, line in enumerate(lines, 1) if line == f"- id: {rule_id}"]
    return n


# --- rules list -------------------------------------------------------------------------------


def test_rules_list_text(cli, pack):
    run = cli("rules", "list", "--rules", pack)
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert f"{'zh.testpack.praise':<44} {'lexicon':<12} {'warning':<8} flattery" in lines
    assert (
        f"{'zh.testpack.ask-without-why':<44} {'requires':<12} {'warning':<8} need-without-value"
        in lines
    )
    assert f"{'en.testpack.maybe':<44} {'lexicon':<12} {'info':<8} vague-commitment" in lines
    assert lines[-1] == f"{len(lines) - 1} rules"
    listed = [line.split()[0] for line in lines[:-1]]
    assert set(PACK_IDS) <= set(listed)
    assert len(listed) == len(set(listed))


def test_rules_list_json_and_lang_filter(cli, pack):
    run = cli("rules", "list", "--rules", pack, "--format", "json", "--lang", "en")
    assert run.exit_code == 0
    rules = json.loads(run.stdout)
    assert {r["lang"] for r in rules} == {"en"}
    mine = {r["id"]: r for r in rules if r["id"].startswith("en.testpack.")}
    assert set(mine) == {"en.testpack.genius", "en.testpack.threat", "en.testpack.maybe"}
    line = rule_line_no(pack, "en", "en.testpack.genius")
    assert mine["en.testpack.genius"] == {
        "id": "en.testpack.genius",
        "lang": "en",
        "kind": "lexicon",
        "pitfall": "flattery",
        "severity": "warning",
        "weight": 1.0,
        "scope": "sentence",
        "message": "Flattery: {match}",
        "source": f"{pack / 'en.yaml'}:{line}",
    }


# --- rules explain ----------------------------------------------------------------------------


def test_rules_explain(cli, pack):
    run = cli("rules", "explain", "zh.testpack.praise", "--rules", pack)
    assert run.exit_code == 0
    line = rule_line_no(pack, "zh", "zh.testpack.praise")
    assert run.stdout == (
        "zh.testpack.praise  (lexicon, warning, pitfall: flattery)\n"
        f"defined in {pack / 'zh.yaml'}:{line}; scope sentence; weight 1.0\n"
        "\n"
        "message:    恭维：{match}\n"
        "suggestion: 删掉恭维，直接说事。\n"
        "\n"
        "why:\n"
        "  for the tests\n"
        "\n"
        "flags:\n"
        "  ✗ 领导英明。\n"
        "passes:\n"
        "  ✓ 领导好。\n"
    )


def test_rules_explain_unknown_id(cli, pack):
    run = cli("rules", "explain", "zh.testpack.nope", "--rules", pack)
    line = assert_one_line_error(run)
    assert line == "msglint: error: no rule 'zh.testpack.nope' (see `msglint rules list`)"
    assert run.stdout == ""


# --- rules test -------------------------------------------------------------------------------

RULE = """\
lang: en
rules:
  - id: en.mine.genius
    kind: lexicon
    pitfall: flattery
    severity: warning
    message: m
    suggestion: s
    rationale: r
    weight: 1
    scope: sentence
    phrases: [genius]
    examples:
      flag: [{flag}]
      pass: [{passing}]
"""


def test_rules_test_all_passing(cli, pack):
    run = cli("rules", "test", pack)
    assert run.exit_code == 0
    assert run.stdout == "7 rules, 14 examples: all passed\n"


def test_rules_test_pass_example_that_fires(cli, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(RULE.format(flag="a genius", passing="another genius"), encoding="utf-8")
    run = cli("rules", "test", path)
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        f"FAIL en.mine.genius ({path}:3): fired 1x on pass example: another genius",
        "1 rules, 2 examples: 1 failed",
    ]


def test_rules_test_flag_example_that_never_fires_is_a_failure_not_an_error(cli, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(RULE.format(flag="a clever man", passing="a genius"), encoding="utf-8")
    run = cli("rules", "test", path)
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        f"FAIL en.mine.genius ({path}:3): did not fire on flag example: a clever man",
        f"FAIL en.mine.genius ({path}:3): fired 1x on pass example: a genius",
        "1 rules, 2 examples: 2 failed",
    ]


def test_rules_test_missing_path(cli, tmp_path):
    run = cli("rules", "test", tmp_path / "nope.yaml")
    assert run.exit_code == 2
    assert "does not exist" in run.stderr


def test_rules_validate_missing_path(cli, tmp_path):
    run = cli("rules", "validate", tmp_path / "nope.yaml")
    assert run.exit_code == 2
    assert "does not exist" in run.stderr


# --- version ----------------------------------------------------------------------------------


def test_version(cli):
    run = cli("--version")
    assert run.exit_code == 0
    assert run.stdout == f"msglint, version {linter.__version__}\n"


def test_version_does_not_load_spacy():
    code = (
        "import sys\n"
        "from linter.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print('spacy' in sys.modules, 'jieba' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == f"msglint, version {linter.__version__}\nFalse False\n"


def test_installed_console_script():
    """The `msglint` entry point pip put beside this interpreter, when there is one."""
    script = Path(sys.executable).parent / "msglint"
    if not script.is_file():
        pytest.skip(f"no msglint script beside {sys.executable}")
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout == f"msglint, version {linter.__version__}\n"


# --- analyze ----------------------------------------------------------------------------------

MIXED = (
    "劳驾审批这笔报销。\n缘由是月底要结账。\n\nCould you approve the budget? It helps us ship.\n"
)
EN_START = MIXED.index("Could")


@pytest.fixture
def mixed(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text(MIXED, encoding="utf-8")
    return path


def test_analyze_json(cli, pack, mixed):
    run = cli("analyze", "--rules", pack, "--format", "json", mixed)
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"version", "path", "lang", "segments", "sentences", "features"}
    assert data["version"] == 1
    assert data["path"] == str(mixed)
    assert data["segments"] == [
        {"lang": "zh", "start": 0, "end": EN_START},
        {"lang": "en", "start": EN_START, "end": len(MIXED)},
    ]
    assert data["lang"] == "en"  # the English paragraph is the longer one
    sentences = [(s["line"], s["column"], s["lang"], s["text"]) for s in data["sentences"]]
    assert sentences == [
        (1, 1, "zh", "劳驾审批这笔报销。"),
        (2, 1, "zh", "缘由是月底要结账。"),
        (4, 1, "en", "Could you approve the budget?"),
        (4, 31, "en", "It helps us ship."),
    ]
    for s in data["sentences"]:
        assert set(s) == {"start", "end", "line", "column", "text", "lang", "tokens"}
        assert MIXED[s["start"] : s["end"]] == s["text"]
        assert "".join(s["tokens"]) == "".join(s["text"].split())
    assert "劳驾" in data["sentences"][0]["tokens"]  # lexicon phrases are kept whole
    assert data["sentences"][2]["tokens"] == [
        "Could", "you", "approve", "the", "budget", "?",
    ]  # fmt: skip
    bundled = {"ask", "value", "date", "number", "delay", "escalation", "praise", "command"}
    assert bundled | {"greeting", "tp_ask", "tp_why"} <= set(data["features"])
    assert data["features"]["tp_ask"] == [
        {"start": 0, "end": 2, "line": 1, "column": 1, "text": "劳驾"}
    ]
    assert data["features"]["tp_why"] == [
        {"start": 10, "end": 13, "line": 2, "column": 1, "text": "缘由是"}
    ]


def test_analyze_text(cli, pack, mixed):
    run = cli("analyze", "--rules", pack, mixed)
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{mixed}: lang en (segments: zh 0-{EN_START}, en {EN_START}-{len(MIXED)})"
    assert lines[1:3] == ["", "sentences:"]
    assert lines[3] == "    1  1:1  [zh]  劳驾审批这笔报销。"
    assert lines[4].startswith("       tokens: 劳驾 | ")
    assert lines[5] == "    2  2:1  [zh]  缘由是月底要结账。"
    assert lines[7] == "    3  4:1  [en]  Could you approve the budget?"
    assert lines[8] == "       tokens: Could | you | approve | the | budget | ?"
    assert lines[9] == "    4  4:31  [en]  It helps us ship."
    assert "features:" in lines
    assert f"  {'tp_ask':<12} 1:1  劳驾" in lines
    assert f"  {'tp_why':<12} 2:1  缘由是" in lines


def test_analyze_forced_language(cli, pack, mixed):
    data = json.loads(
        cli("analyze", "--rules", pack, "--lang", "zh", "--format", "json", mixed).stdout
    )
    assert data["segments"] == [{"lang": "zh", "start": 0, "end": len(MIXED)}]
    assert {s["lang"] for s in data["sentences"]} == {"zh"}


def test_analyze_stdin(cli, pack):
    data = json.loads(cli("analyze", "--format", "json", "-", input="劳驾。").stdout)
    assert data["path"] == "<stdin>"
    assert [s["text"] for s in data["sentences"]] == ["劳驾。"]


def test_analyze_bad_input(cli, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    run = cli("analyze", path)
    assert assert_one_line_error(run) == f"msglint: error: {path}: file is empty; nothing to lint"
