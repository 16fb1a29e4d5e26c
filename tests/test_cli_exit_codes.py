"""Exit codes: 0 nothing at/above --fail-on, 1 a finding at/above it, 2 a usage or input error."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from support import SELECT, assert_one_line_error, msglint

import linter

WARNING_TEXT = "领导英明，请看一下。\n"  # zh.testpack.praise: one warning
INFO_TEXT = "这件事我们尽量吧。\n"  # zh.testpack.maybe: one info
ERROR_TEXT = "不然我就去找你们领导。\n"  # zh.testpack.threat: one error
CLEAN_TEXT = "周五前给您答复。\n"


@pytest.fixture
def draft(tmp_path):
    def write(text: str, name: str = "draft.txt"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_clean_message_exits_0(check, draft):
    run = check(draft(CLEAN_TEXT))
    assert run.exit_code == 0
    assert run.stderr == ""
    assert run.stdout.endswith("No findings in 1 message.\n")


def test_warning_alone_exits_0_by_default(check, draft):
    """--fail-on defaults to error."""
    run = check(draft(WARNING_TEXT))
    assert "warning zh.testpack.praise [flattery]" in run.stdout
    assert run.exit_code == 0


def test_error_exits_1_by_default(check, draft):
    run = check(draft(ERROR_TEXT))
    assert "error zh.testpack.threat [bypass]" in run.stdout
    assert run.exit_code == 1


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on_with_a_warning(check, draft, fail_on, expected):
    run = check("--fail-on", fail_on, draft(WARNING_TEXT))
    assert run.stdout.count("warning zh.testpack.praise") == 1
    assert run.exit_code == expected


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("error", 0), ("warning", 0), ("info", 1), ("never", 0)]
)
def test_fail_on_with_an_info(check, draft, fail_on, expected):
    run = check("--fail-on", fail_on, draft(INFO_TEXT))
    assert run.stdout.count("info zh.testpack.maybe") == 1
    assert run.exit_code == expected


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on_with_an_error(check, draft, fail_on, expected):
    run = check("--fail-on", fail_on, draft(ERROR_TEXT))
    assert run.exit_code == expected


def test_worst_finding_over_all_files_decides(check, draft):
    clean = draft(CLEAN_TEXT, "a.txt")
    warning = draft(WARNING_TEXT, "b.txt")
    assert check("--fail-on", "warning", clean, warning).exit_code == 1
    assert check("--fail-on", "warning", clean).exit_code == 0


def test_unknown_option_is_a_usage_error(cli, draft):
    run = cli("check", "--no-such-option", draft(CLEAN_TEXT))
    assert run.exit_code == 2
    assert "Error: No such option '--no-such-option'" in run.stderr
    assert run.stdout == ""


def test_bad_choice_is_a_usage_error(check, draft):
    run = check("--fail-on", "sometimes", draft(CLEAN_TEXT))
    assert run.exit_code == 2
    assert "sometimes" in run.stderr


def test_no_path_is_a_usage_error(cli):
    run = cli("check")
    assert run.exit_code == 2
    assert "Missing argument" in run.stderr


@pytest.mark.parametrize("selector", ["zh.testpack.nope", "zh.nosuchprefix", "not-a-pitfall"])
def test_unknown_select_is_exit_2(cli, pack, draft, selector):
    run = cli("check", "--rules", pack, "--select", selector, draft(CLEAN_TEXT))
    line = assert_one_line_error(run)
    assert line == f"msglint: error: '{selector}' names no rule, rule prefix or pitfall"
    assert run.stdout == ""


def test_unknown_ignore_is_exit_2(check, draft):
    run = check("--ignore", "en.testpack.nope", draft(CLEAN_TEXT))
    assert_one_line_error(run, "'en.testpack.nope' names no rule")


def test_invalid_rule_file_is_exit_2(cli, tmp_path, draft):
    bad = tmp_path / "bad.yaml"
    bad.write_text("lang: zh\nrules: []\n", encoding="utf-8")
    run = cli("check", "--rules", bad, draft(CLEAN_TEXT))
    assert_one_line_error(run, f"{bad}:2: ", "'rules'")
    assert run.stdout == ""


def test_missing_rule_path_is_exit_2(cli, tmp_path, draft):
    missing = tmp_path / "nope.yaml"
    run = cli("check", "--rules", missing, draft(CLEAN_TEXT))
    line = assert_one_line_error(run)
    assert line == f"msglint: error: {missing}: rule file or directory not found"


def test_missing_path_is_exit_2(check, tmp_path):
    run = check(tmp_path / "nope.txt")
    line = assert_one_line_error(run)
    assert line == f"msglint: error: {tmp_path / 'nope.txt'}: no such file or directory"


# The real console entry point, end to end (slower: each starts Python and loads spaCy).


def test_console_script_exit_1_on_error_finding(pack, draft):
    run = msglint("check", "--rules", pack, "--select", SELECT, draft(ERROR_TEXT))
    assert run.exit_code == 1
    assert "error zh.testpack.threat [bypass]" in run.stdout
    assert run.stderr == ""


def test_console_script_exit_0_with_fail_on_never(pack, draft):
    path = draft(ERROR_TEXT)
    run = msglint("check", "--rules", pack, "--select", SELECT, "--fail-on", "never", path)
    assert run.exit_code == 0
    assert "error zh.testpack.threat [bypass]" in run.stdout


def test_console_script_exit_2_on_missing_path(tmp_path):
    run = msglint("check", tmp_path / "missing.txt")
    assert_one_line_error(run, "missing.txt: no such file or directory")


def test_console_script_exit_2_on_unknown_option():
    run = msglint("check", "--frobnicate", "x.txt")
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr
    assert "--frobnicate" in run.stderr


def test_check_uses_no_deprecated_click_api(check, draft):
    """click.get_text_stream is deprecated in Click 8.5 and gone in 9.0 (pyproject allows it)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = check(draft(WARNING_TEXT))
    assert run.exit_code == 0
    package = str(Path(linter.__file__).parent)
    ours = [
        str(w.message)
        for w in caught
        if issubclass(w.category, DeprecationWarning) and w.filename.startswith(package)
    ]
    assert ours == []
