"""Inline suppression in each format's comment form, and unused directives reported."""

from __future__ import annotations

import json

import pytest


def found(run) -> list[tuple[int, int, str]]:
    assert "Traceback" not in run.stderr, run.stderr
    return [
        (f["line"], f["column"], f["rule"])
        for entry in json.loads(run.stdout)["files"]
        for f in entry["findings"]
    ]


def lint(check, tmp_path, name: str, text: str, *args: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check("--format", "json", *args, path)


def test_markdown_disable_enable_and_next_line(check, tmp_path):
    text = (
        "You are a genius.\n"  # 1: reported
        "\n"
        "<!-- msglint-disable en.testpack.genius -->\n"
        "A genius again. I will talk to your boss.\n"  # 4: genius silenced, threat reported
        "<!-- msglint-enable -->\n"
        "\n"
        "<!-- msglint-disable-next-line flattery -->\n"
        "Genius number three.\n"  # 8: silenced by pitfall id
        "Genius number four.\n"  # 9: reported
    )
    assert found(lint(check, tmp_path, "a.md", text)) == [
        (1, 11, "en.testpack.genius"),
        (4, 32, "en.testpack.threat"),
        (9, 1, "en.testpack.genius"),
    ]


def test_html_comment_without_rules_silences_every_rule(check, tmp_path):
    text = "<p>genius</p>\n<!-- msglint-disable -->\n<p>genius and your boss</p>\n"
    assert found(lint(check, tmp_path, "a.html", text)) == [(1, 4, "en.testpack.genius")]


def test_plain_text_directive_is_a_line_of_its_own_and_is_not_linted(check, tmp_path):
    text = (
        "领导英明。\n"
        "msglint-disable-next-line zh.testpack.praise\n"
        "领导英明。\n"
        "注意：写在句中的 msglint-disable 不算指令。\n"
        "领导英明。\n"
    )
    assert found(lint(check, tmp_path, "a.txt", text)) == [
        (1, 3, "zh.testpack.praise"),
        (5, 3, "zh.testpack.praise"),
    ]


def test_jinja_comment_form_in_templates(check, tmp_path):
    text = "{# msglint-disable-next-line en.testpack #}\nHi {{ name }}, genius.\nGenius.\n"
    assert found(lint(check, tmp_path, "a.txt.j2", text)) == [(3, 1, "en.testpack.genius")]


def test_suppressed_findings_do_not_lower_the_score(check, tmp_path):
    run = lint(check, tmp_path, "a.md", "<!-- msglint-disable -->\nYou are a genius.\n")
    assert json.loads(run.stdout)["files"][0]["score"] == 100
    assert run.exit_code == 0


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("a.md", "<!-- msglint-disable-next-line en.testpack.threat -->\nYou are a genius.\n", (1, 1)),
        ("b.txt", "plain line\nmsglint-disable bypass\nnothing to silence\n", (2, 1)),
    ],
)  # fmt: skip
def test_report_unused_disables(check, tmp_path, name, text, where):
    quiet = lint(check, tmp_path, name, text)
    assert "msglint.unused-disable" not in [r for _, _, r in found(quiet)]
    run = lint(check, tmp_path, name, text, "--report-unused-disables")
    unused = [(line, col) for line, col, rule in found(run) if rule == "msglint.unused-disable"]
    assert unused == [where]
    assert run.exit_code == 0  # a warning; fails only with --fail-on warning
    run = lint(check, tmp_path, name, text, "--report-unused-disables", "--fail-on", "warning")
    assert run.exit_code == 1
