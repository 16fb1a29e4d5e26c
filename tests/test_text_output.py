"""Text output: `path:line:col: severity rule-id [pitfall]`, the source line, a caret underline
that lines up under full-width characters, the message and suggestion, the score line and the
final summary line."""

from __future__ import annotations

import io
import unicodedata

import pytest

from linter.model import Finding, LintResult
from linter.report.text import TextReporter


def width(text: str) -> int:
    """Terminal columns, computed here independently of the code under test."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def lint_file(check, tmp_path, text: str, *args: str):
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    run = check(*args, path)
    assert run.stderr == ""
    return path, run.stdout


def block(stdout: str, header_start: str) -> list[str]:
    """The six lines of the finding whose header starts with `header_start`."""
    lines = stdout.split("\n")
    (i,) = [n for n, line in enumerate(lines) if line.startswith(header_start)]
    return lines[i : i + 6]


def caret(block_lines: list[str], line_no: int) -> tuple[str, int, int]:
    """(source as shown, caret start column, caret width) from a finding block."""
    gutter = " " * len(str(line_no))
    source_prefix = f" {line_no} | "
    caret_prefix = f" {gutter} | "
    assert block_lines[1] == f" {gutter} |"
    assert block_lines[2].startswith(source_prefix)
    assert block_lines[3].startswith(caret_prefix)
    shown = block_lines[2][len(source_prefix) :]
    underline = block_lines[3][len(caret_prefix) :]
    stripped = underline.lstrip(" ")
    assert set(stripped) == {"^"}, underline
    return shown, len(underline) - len(stripped), len(stripped)


def test_full_finding_block_after_chinese(check, tmp_path):
    path, out = lint_file(check, tmp_path, "王经理：\n您好！领导英明，请看一下。\n")
    assert out.split("\n") == [
        f"{path}:2:6: warning zh.testpack.praise [flattery]",
        "   |",
        " 2 | 您好！领导英明，请看一下。",
        "   |           ^^^^",
        "   = 恭维：英明",
        "   = → 删掉恭维，直接说事。",
        "",
        f"{path}: score 90/100 (flattery 1)",
        "",
        "Found 1 finding (1 warning) in 1 message.",
        "",
    ]


@pytest.mark.parametrize(
    ("line", "excerpt"),
    [
        pytest.param("您好！领导英明，请看一下。", "英明", id="after-chinese"),
        pytest.param("Dear Ann, you are a genius.", "genius", id="after-ascii"),
        pytest.param("Q3 的 KPI 领导英明", "英明", id="after-mixed"),
        pytest.param("ＯＫ，领导英明", "英明", id="after-fullwidth-latin"),
        pytest.param("😀 you are a genius", "genius", id="after-emoji"),
    ],
)
def test_caret_lines_up_under_the_excerpt(check, tmp_path, line, excerpt):
    path, out = lint_file(check, tmp_path, line + "\n")
    column = line.index(excerpt) + 1
    lines = block(out, f"{path}:1:{column}: ")
    shown, start, length = caret(lines, 1)
    assert shown == line
    assert start == width(line[: column - 1])
    assert length == width(excerpt)


def test_caret_after_a_tab(check, tmp_path):
    line = "x\t领导英明"
    path, out = lint_file(check, tmp_path, line + "\n")
    lines = block(out, f"{path}:1:5: warning zh.testpack.praise")  # the tab is one column
    shown, start, length = caret(lines, 1)
    assert "\t" not in shown  # expanded, so the terminal cannot put it elsewhere
    assert shown == "x    领导英明"
    assert start == width("x    领导") == 9
    assert length == 4


def test_caret_after_a_leading_tab_in_english(check, tmp_path):
    line = "\tYou are a genius."
    path, out = lint_file(check, tmp_path, line + "\n")
    shown, start, length = caret(block(out, f"{path}:1:12: "), 1)
    assert shown == "    You are a genius."
    assert shown[start : start + length] == "genius"


def test_long_line_is_windowed_and_caret_still_lines_up(check, tmp_path):
    line = "这是一段很长的说明。" * 8 + "领导英明" + "后面还有很多内容。" * 8
    path, out = lint_file(check, tmp_path, line + "\n")
    column = line.index("英明") + 1
    shown, start, length = caret(block(out, f"{path}:1:{column}: "), 1)
    assert shown.startswith("…") and shown.endswith("…")
    assert width(shown) < width(line)
    before = shown[: shown.index("英明")]
    assert start == width(before)
    assert length == 4


def test_gutter_widens_with_the_line_number(check, tmp_path):
    text = "好。\n" * 11 + "领导英明。\n"
    path, out = lint_file(check, tmp_path, text)
    lines = block(out, f"{path}:12:3: ")
    assert lines[1] == "    |"
    assert lines[2] == " 12 | 领导英明。"
    assert lines[3] == "    |     ^^^^"
    assert lines[4] == "    = 恭维：英明"


def test_findings_in_order_then_score_then_summary(check, tmp_path):
    text = "你们领导英明。我们尽量吧。\n\nYou are a genius.\n"  # two paragraphs, two languages
    path, out = lint_file(check, tmp_path, text)
    headers = [line for line in out.split("\n") if line.startswith(f"{path}:")]
    assert headers == [
        f"{path}:1:1: error zh.testpack.threat [bypass]",
        f"{path}:1:5: warning zh.testpack.praise [flattery]",
        f"{path}:1:10: info zh.testpack.maybe [vague-commitment]",
        f"{path}:3:11: warning en.testpack.genius [flattery]",
        f"{path}: score 40/100 (bypass 1, flattery 2, vague-commitment 1)",
    ]
    assert out.endswith(
        f"{path}: score 40/100 (bypass 1, flattery 2, vague-commitment 1)\n\n"
        "Found 4 findings (1 error, 2 warnings, 1 info) in 1 message.\n"
    )


def test_clean_files_score_line_and_summary(check, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("周五前给您答复。", encoding="utf-8")
    b.write_text("Thanks, see you Friday.", encoding="utf-8")
    assert check(a, b).stdout == (
        f"{a}: score 100/100, no findings\n"
        f"{b}: score 100/100, no findings\n"
        "No findings in 2 messages.\n"
    )


def test_summary_over_several_files(check, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("我们尽量吧。", encoding="utf-8")
    b.write_text("We will try, genius.", encoding="utf-8")
    out = check(a, b).stdout
    assert out.endswith("Found 3 findings (1 warning, 2 info) in 2 messages.\n")
    assert f"{a}: score 98/100 (vague-commitment 1)\n" in out


def test_no_colour_unless_asked(check, tmp_path):
    _, plain = lint_file(check, tmp_path, "领导英明。")
    assert "\x1b[" not in plain
    _, coloured = lint_file(check, tmp_path, "领导英明。", "--color")
    assert "\x1b[" in coloured
    assert "\x1b[33m" in coloured  # warnings are yellow
    _, json_out = lint_file(check, tmp_path, "领导英明。", "--color", "--format", "json")
    assert "\x1b[" not in json_out


def test_finding_spanning_lines_underlines_to_the_end_of_its_first_line():
    text = "第一行英明\n第二行"
    finding = Finding("zh.t.x", "flattery", "warning", "m", "", start=3, end=8)
    out = io.StringIO()
    reporter = TextReporter(out)
    reporter.add("f.txt", LintResult(text, "zh", [finding], 90))
    reporter.finish()
    assert out.getvalue().split("\n")[:5] == [
        "f.txt:1:4: warning zh.t.x [flattery]",
        "   |",
        " 1 | 第一行英明",
        "   |       ^^^^",
        "   = m",
    ]
    assert "→" not in out.getvalue()  # no suggestion line for an empty suggestion


def test_finding_at_the_end_of_the_text_still_gets_a_caret():
    text = "ab"
    finding = Finding("en.t.x", "flattery", "info", "m", "s", start=2, end=2)
    out = io.StringIO()
    TextReporter(out).add("f.txt", LintResult(text, "en", [finding], 98))
    lines = out.getvalue().split("\n")
    assert lines[0] == "f.txt:1:3: info en.t.x [flattery]"
    assert lines[3] == "   |   ^"
