"""Templated announcements: placeholders are masked (never a finding, never a broken sentence),
--vars renders Jinja2 and maps findings back to the template, and the template-defect rules
catch a leftover placeholder, a wrong weekday, a dateless relative deadline and no contact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.api import Linter, message_from_text
from linter.config import Config
from linter.sources.placeholders import FILLER, mask, scan

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def findings(run) -> list[tuple[int, int, str, str]]:
    assert "Traceback" not in run.stderr, run.stderr
    report = json.loads(run.stdout)
    return [
        (f["line"], f["column"], f["excerpt"], f["rule"])
        for entry in report["files"]
        for f in entry["findings"]
    ]


# --- recognising placeholders ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "placeholder", "form", "control"),
    [
        ("Hi {{ name }}!", "{{ name }}", "mustache", False),
        ("Hi {{ name | title }}!", "{{ name | title }}", "jinja", False),
        ("{% if vip %}VIP{% endif %}", "{% if vip %}", "jinja", True),
        ("note {# a comment #} here", "{# a comment #}", "jinja", True),
        ("{{#items}}x{{/items}}", "{{#items}}", "mustache", True),
        ("raw {{{ html }}} here", "{{{ html }}}", "mustache", False),
        ("您好 {username}，", "{username}", "format", False),
        ("共 {count, plural, one {# 条} other {# 条}} 回复", "{count, plural, one {# 条} other {# 条}}", "format", False),
        ("path ${HOME} here", "${HOME}", "shell", False),
        ("hello %s and %(team)s", "%(team)s", "printf", False),
        ("您好【XX】，", "【XX】", "blank", False),
        ("Dear [Customer Name],", "[Customer Name]", "blank", False),
        ("in [x] days", "[x]", "blank", False),
        ("请于____前交回", "____", "blank", False),
        ("定于X月X日召开", "X", "blank", False),
    ],
)  # fmt: skip
def test_placeholder_forms(text, placeholder, form, control):
    found = {text[p.start : p.end]: p for p in scan(text)}
    assert placeholder in found, [text[p.start : p.end] for p in scan(text)]
    assert found[placeholder].form == form
    assert found[placeholder].control is control


@pytest.mark.parametrize(
    "text",
    [
        "【通知】本周五开会。",
        "Revenue grew 50% since June, 100% sure.",
        "See reference [1] and [External] tags.",
        "集合写作 {1, 2, 3}。",
        "a [link](http://example.com) here",
        "________",  # a separator line, not a blank to fill in
        "Price: $100 and $5.",
    ],
)
def test_not_placeholders(text):
    assert [text[p.start : p.end] for p in scan(text)] == []


def test_masking_keeps_offsets_and_joins_control_only_lines():
    text = "Hi {{ name }},\n{% if vip %}\nwelcome.\n"
    masked = mask(text, scan(text))
    assert len(masked) == len(text)
    assert masked.startswith("Hi " + FILLER * len("{{ name }}") + ",\n")
    # The {% if %} line is gone without leaving a blank line that would split the paragraph.
    assert "\n\n" not in masked
    assert masked.endswith("welcome.\n")


def test_placeholders_do_not_trigger_rules_and_findings_around_them_keep_positions(check, tmp_path):
    path = tmp_path / "notice.j2"
    text = "Hi {{ genius }}, your team is genius and {name} knows it.\n"
    path.write_text(text, encoding="utf-8")
    assert text.index("genius and") + 1 == 31
    assert findings(check("--format", "json", path)) == [(1, 31, "genius", "en.testpack.genius")]


def test_a_placeholder_does_not_split_a_sentence(lib):
    analysis = lib.analyze("请{{ owner }}在周五前提交报告。")
    assert len(analysis.sentences) == 1


# --- template-defect rules -------------------------------------------------------------------

ANNOUNCEMENT = (
    "---\n"
    "date: 2024-11-20\n"
    "---\n"
    "# 关于年终评审的通知\n"
    "\n"
    "各位同事：\n"
    "\n"
    "年终评审会定于12月9日（周五）下午两点召开，请【XX】提前准备材料。\n"  # 8
    "如有疑问，请联系人事部李娜。\n"
)


def test_fixture_announcement_reports_wrong_weekday_and_leftover_placeholder(cli, tmp_path):
    path = tmp_path / "announcement.md"
    path.write_text(ANNOUNCEMENT, encoding="utf-8")
    run = cli("check", "--format", "json", "--select", "template-defect", "--today", "2025-12-01", path)  # fmt: skip
    assert findings(run) == [
        (8, 8, "12月9日（周五）", "zh.template.weekday-mismatch"),
        (8, 25, "【XX】", "zh.template.unresolved-placeholder"),
    ]
    assert run.exit_code == 1


def test_the_same_file_linted_as_a_template_keeps_its_placeholder(cli, tmp_path):
    path = tmp_path / "announcement.md"
    path.write_text(ANNOUNCEMENT, encoding="utf-8")
    run = cli("check", "--format", "json", "--select", "template-defect", "--input-type", "template", path)  # fmt: skip
    assert [f[3] for f in findings(run)] == ["zh.template.weekday-mismatch"]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Notice: the office closes Wednesday, December 4.\n", "2024-10-01", []),
        ("Notice: the office closes Wednesday, December 4.\n", "2025-10-01", ["Thursday"]),
        # Written in December about early January: the coming January is meant.
        ("Notice: we reopen Friday, January 3.\n", "2024-12-20", []),
        ("Notice: we reopen Friday, January 3.\n", "2025-12-20", ["Saturday"]),
        # A year in the text wins over --today.
        ("Notice: in 2024 we close Wednesday, December 4.\n", "2025-10-01", []),
    ],
)
def test_weekday_year_comes_from_text_or_today(cli, tmp_path, text, today, expected):
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    run = cli("check", "--format", "json", "--select", "en.template.weekday-mismatch", "--today", today, path)  # fmt: skip
    report = json.loads(run.stdout)
    messages = [f["message"] for f in report["files"][0]["findings"]]
    assert len(messages) == len(expected)
    for message, weekday in zip(messages, expected, strict=True):
        assert weekday in message


def test_bad_today_is_a_usage_error(cli, tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("hello\n", encoding="utf-8")
    run = cli("check", "--today", "tomorrow", path)
    assert run.exit_code == 2
    assert "--today 'tomorrow' is not a date" in run.stderr


def test_relative_deadline_needs_a_date_somewhere(cli, tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("Dear all,\n\nplease submit your timesheets by Friday.\n", encoding="utf-8")
    run = cli("check", "--format", "json", "--select", "en.template.relative-deadline", path)
    assert findings(run) == [(3, 31, "by Friday", "en.template.relative-deadline")]
    dated = tmp_path / "dated.txt"
    dated.write_text("Dear all,\n\nplease submit them by Friday, December 13.\n", encoding="utf-8")
    assert findings(cli("check", "--format", "json", "--select", "en.template.relative-deadline", dated)) == []  # fmt: skip


# --- --vars: render, then map back to the template -------------------------------------------

TEMPLATE = (
    "{# a note for the template's authors: genius #}\n"
    "Dear {{ name }},\n"
    "\n"
    "you are a genius and {{ praise }}.\n"
    "{% if extra %}\n"
    "We will try harder.\n"
    "{% endif %}\n"
)


def test_vars_renders_and_maps_findings_back_to_the_template(check, tmp_path):
    path = tmp_path / "letter.txt.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    variables = tmp_path / "vars.yaml"
    variables.write_text("name: Li\npraise: a genius too\nextra: true\n", encoding="utf-8")
    run = check("--format", "json", "--vars", variables, path)
    assert findings(run) == [
        (4, 11, "genius", "en.testpack.genius"),
        (4, 22, "{{ praise }}", "en.testpack.genius"),
        (6, 1, "We will try", "en.testpack.maybe"),
    ]


def test_missing_variable_is_a_finding_at_its_placeholder(cli, pack, tmp_path):
    path = tmp_path / "letter.txt.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    variables = tmp_path / "vars.yaml"
    variables.write_text("name: Li\nextra: false\n", encoding="utf-8")
    run = cli("check", "--format", "json", "--rules", pack, "--select", "en.testpack,template-defect", "--vars", variables, path)  # fmt: skip
    assert findings(run) == [
        (4, 11, "genius", "en.testpack.genius"),
        (4, 22, "{{ praise }}", "en.template.unresolved-placeholder"),
    ]


def test_missing_variable_used_in_a_tag_is_reported_at_the_tag(cli, pack, tmp_path):
    path = tmp_path / "letter.txt.j2"
    path.write_text(TEMPLATE, encoding="utf-8")
    variables = tmp_path / "vars.yaml"
    variables.write_text("name: Li\npraise: thanks\n", encoding="utf-8")
    run = cli("check", "--format", "json", "--select", "template-defect", "--vars", variables, path)
    assert findings(run) == [(5, 1, "{% if extra %}", "en.template.unresolved-placeholder")]


def test_template_syntax_error_is_one_line_exit_2(cli, tmp_path):
    path = tmp_path / "broken.j2"
    path.write_text("Hello {% if %}\n", encoding="utf-8")
    variables = tmp_path / "vars.yaml"
    variables.write_text("{}\n", encoding="utf-8")
    run = cli("check", "--vars", variables, path)
    assert run.exit_code == 2
    assert run.stderr.startswith(f"msglint: error: {path}: template syntax error at line 1")
    assert "Traceback" not in run.stderr


def test_vars_file_must_be_a_mapping(cli, tmp_path):
    path = tmp_path / "t.j2"
    path.write_text("Hello {{ x }}\n", encoding="utf-8")
    variables = tmp_path / "vars.yaml"
    variables.write_text("- a\n- b\n", encoding="utf-8")
    run = cli("check", "--vars", variables, path)
    assert run.exit_code == 2
    assert "must be a mapping" in run.stderr


# --- real templates: no finding caused by a placeholder ----------------------------------------


def _corpus(name: str, filename: str) -> list[dict]:
    path = SHARED / name / filename
    if not path.is_file():
        pytest.skip(f"{path} is not present (the shared corpora sit beside the repository)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def bundled() -> Linter:
    import datetime as dt

    return Linter(Config(today=dt.date(2025, 6, 2)))


@pytest.mark.parametrize(
    ("corpus", "filename", "key"),
    [
        ("templates-en-postmark", "postmark_templates.jsonl", "path"),
        ("templates-zh-flarum", "flarum_zh_templated_strings.jsonl", "key"),
    ],
)
def test_real_templates_have_no_finding_caused_by_a_placeholder(bundled, corpus, filename, key):
    records = _corpus(corpus, filename)
    assert records
    for record in records:
        text = record["text"]
        message = message_from_text(text, name=record[key], template=True)
        result = bundled.lint_message(message)
        spans = [(p.start, p.end) for p in scan(message.lint_text)]
        for finding in result.findings:
            assert finding.pitfall != "template-defect" or finding.rule.endswith("no-contact"), (
                record[key],
                finding,
            )
            overlapping = [text[s:e] for s, e in spans if s < finding.end and finding.start < e]
            assert not overlapping, (record[key], finding.rule, overlapping)
            assert FILLER not in text[finding.start : finding.end]


def test_real_templates_linted_as_finished_text_do_report_their_placeholders(bundled):
    records = _corpus("templates-en-postmark", "postmark_templates.jsonl")
    welcome = next(r for r in records if r["template"] == "welcome")
    result = bundled.lint_message(message_from_text(welcome["text"], name="welcome"))
    leftovers = {
        welcome["text"][f.start : f.end]
        for f in result.findings
        if f.rule == "en.template.unresolved-placeholder"
    }
    assert "{{name}}" in leftovers or "{{ name }}" in leftovers
    assert "[Product Name]" in leftovers


@pytest.mark.parametrize(("front_year", "expected"), [("2024", 1), ("2022", 0)])
def test_weekday_year_from_front_matter_beats_today(cli, tmp_path, front_year, expected):
    path = tmp_path / "announcement.md"
    path.write_text(ANNOUNCEMENT.replace("2024-11-20", f"{front_year}-11-20"), encoding="utf-8")
    # 2022-12-09 was a Friday, 2024-12-09 a Monday; --today (2025) is not consulted.
    run = cli("check", "--format", "json", "--select", "zh.template.weekday-mismatch", "--today", "2025-12-01", path)  # fmt: skip
    assert len(findings(run)) == expected


def test_vars_renders_any_input_as_a_template(check, tmp_path):
    path = tmp_path / "notice.md"
    path.write_text("Hi **{{ name }}**, you are {{ praise }}.\n", encoding="utf-8")
    variables = tmp_path / "vars.yaml"
    variables.write_text("name: Li\npraise: a genius\n", encoding="utf-8")
    assert findings(check("--format", "json", "--vars", variables, path)) == [
        (1, 28, "{{ praise }}", "en.testpack.genius")
    ]


def test_an_email_is_read_against_its_date_header(cli, tmp_path):
    mail = (
        "From: a@example.com\nTo: b@example.com\nDate: Tue, 20 Nov 2001 09:00:00 -0600\n"
        "Subject: meeting\n\nThe review is on Tuesday, December 4 in room 2.\n"
    )
    path = tmp_path / "m.eml"
    path.write_text(mail, encoding="utf-8")
    select = ("--select", "en.template.weekday-mismatch")
    # 2001-12-04 was a Tuesday; read against --today in 2024 it would be a Wednesday.
    assert findings(cli("check", "--format", "json", *select, path)) == []
    run = cli("check", "--format", "json", *select, "--today", "2024-11-20", path)
    assert [f[3] for f in findings(run)] == ["en.template.weekday-mismatch"]
