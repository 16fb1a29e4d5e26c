"""The language server's pure parts: settings, document kinds, suppression lines, the
document -> message seam. The protocol itself is tested end to end in test_lsp_server.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.config import Config
from linter.errors import UsageError
from linter.integrations.lsp import document_message
from linter.integrations.lsp_edits import (
    document_kind,
    header_lines,
    suppression_comment,
    suppression_insertion,
)
from linter.integrations.lsp_settings import is_config_file, names_settings, parse_settings
from linter.integrations.positions import LineIndex

# --- settings --------------------------------------------------------------------------------


def test_settings_wrapped_or_not_and_selectors_split(tmp_path):
    wrapped = parse_settings({"msglint": {"select": "zh, en.bypass", "ignore": ["flattery"]}})
    bare = parse_settings({"select": ["zh", "en.bypass"], "ignore": "flattery"})
    assert wrapped.select == bare.select == ("zh", "en.bypass")
    assert wrapped.ignore == bare.ignore == ("flattery",)


def test_relative_rule_paths_are_from_the_workspace_root(tmp_path):
    settings = parse_settings({"rules": ["team-rules", "/abs/rules.yaml"]}, tmp_path)
    assert settings.rules == (str(tmp_path / "team-rules"), "/abs/rules.yaml")


def test_only_given_settings_override_the_files():
    base = Config(lang="zh", select=("zh",), rule_dirs=("/team",))
    assert parse_settings(None).config(base) == base
    config = parse_settings({"ignore": "flattery", "rules": "/more"}).config(base)
    assert config.lang == "zh" and config.select == ("zh",)
    assert config.ignore == ("flattery",)
    assert config.rule_dirs == ("/team", "/more")
    assert parse_settings({"spacyModels": {"en": "en_core_web_sm"}}).config(base).models == (
        ("en", "en_core_web_sm"),
    )


def test_unknown_keys_are_noted_not_fatal():
    settings = parse_settings({"lang": "en", "trace": "verbose"})
    assert settings.lang == "en" and settings.unknown == ("trace",)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"lang": "fr"}, "'lang' is 'fr'"),
        ({"select": 3}, "'select' must be a string or a list"),
        ({"rules": [1]}, "'rules' must be a string or a list"),
        ({"spacyModels": {"de": "x"}}, "'spacyModels' must map zh/en"),
        ({"debounce": -1}, "'debounce' must be a whole number"),
        ({"debounce": True}, "'debounce' must be a whole number"),
        (["zh"], "settings must be an object"),
    ],
)
def test_bad_settings_name_the_key(raw, fragment):
    with pytest.raises(UsageError, match=fragment):
        parse_settings(raw)


def test_which_pushed_settings_are_for_msglint():
    assert names_settings({"msglint": {}})
    assert names_settings({"select": "zh"})
    assert not names_settings(None)
    assert not names_settings({})
    assert not names_settings({"pylsp": {"plugins": {}}})
    assert not names_settings({"msglint": "on"})


def test_debounce_default_and_zero():
    assert parse_settings({}).debounce_ms == 300
    assert parse_settings({"debounce": 0}).debounce_ms == 0


def test_which_changed_files_reload_the_rules(tmp_path):
    rules = (str(tmp_path / "team"), str(tmp_path / "one.yml"))
    assert is_config_file(Path("/repo/msglint.yaml"), ())
    assert is_config_file(Path("/repo/sub/.msglint.yaml"), ())
    assert is_config_file(Path("/repo/pyproject.toml"), ())
    assert is_config_file(tmp_path / "team" / "zh" / "extra.yaml", rules)
    assert is_config_file(tmp_path / "one.yml", rules)
    assert not is_config_file(tmp_path / "other" / "x.yaml", rules)
    assert not is_config_file(tmp_path / "team" / "notes.txt", rules)
    assert not is_config_file(Path("/repo/.github/workflows/ci.yml"), rules)


# --- documents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "language_id", "kind"),
    [
        ("file:///a/notes.txt", "plaintext", "text"),
        ("file:///a/README.md", "plaintext", "markdown"),
        ("file:///a/notes", "markdown", "markdown"),
        ("file:///a/%E5%91%A8%E6%8A%A5.markdown", None, "markdown"),
        ("file:///a/msg.eml", None, "email"),
        ("file:///tmp/neomutt-host-1000-42-1", "text", "email"),
        ("file:///tmp/mutt-host-1000-42-1", "", "email"),
        ("file:///tmp/reply.txt", "mail", "email"),
        ("untitled:Untitled-1", "plaintext", "text"),
    ],
)
def test_document_kind(uri, language_id, kind):
    assert document_kind(uri, language_id) == kind


def test_comment_forms():
    assert suppression_comment("text", "zh.x") == "msglint-disable-next-line zh.x"
    assert suppression_comment("email", "zh.x") == "msglint-disable-next-line zh.x"
    assert suppression_comment("markdown", "zh.x") == "<!-- msglint-disable-next-line zh.x -->"


def test_email_header_block():
    assert header_lines(LineIndex("Subject: hi\nTo: a@b\n\nbody\n")) == 3
    assert header_lines(LineIndex("Dear team,\n\nbody: text\n")) == 0
    assert header_lines(LineIndex("Subject: only headers")) == 1


def test_suppression_keeps_indentation_and_line_breaks():
    index = LineIndex("a\r\n\t  b\r\n")
    insertion = suppression_insertion(index, "text", 1, "en.x")
    assert insertion is not None
    assert insertion.offset == 3
    assert insertion.text == "\t  msglint-disable-next-line en.x\r\n"


def test_no_suppression_under_another_directive_or_in_headers():
    index = LineIndex("msglint-disable-next-line en.a\nYou are a genius.\n")
    assert suppression_insertion(index, "text", 1, "en.b") is None
    index = LineIndex("<!-- msglint-disable-next-line en.a -->\nYou are a genius.\n")
    assert suppression_insertion(index, "markdown", 1, "en.b") is None
    index = LineIndex("Subject: genius\n\nbody\n")
    assert suppression_insertion(index, "email", 0, "en.b") is None
    assert suppression_insertion(index, "email", 2, "en.b") is not None


# --- the document -> message seam ------------------------------------------------------------


def test_documents_are_read_like_files_of_their_kind():
    text = "# 标题\n\n```\n你们领导\n```\n正文\n"
    markdown = document_message("file:///notes/a.md", text, "markdown")
    assert markdown.kind == "markdown"
    assert markdown.text == text
    assert "你们领导" not in markdown.lint_text  # code blocks are not prose
    assert len(markdown.lint_text) == len(text) or markdown.offsets is not None
    plain = document_message("file:///notes/a.txt", text, "plaintext")
    assert plain.kind == "text" and "你们领导" in plain.lint_text
    mail = document_message("file:///tmp/neomutt-host-1", "Subject: hi\n\nbody\n", None)
    assert mail.kind == "email"
    template = document_message("file:///t/notice.md.j2", "Hi {{ name }}!\n", "jinja")
    assert template.template


def test_lsp_findings_come_back_in_document_offsets():
    from linter.api import Linter
    from linter.config import Config
    from linter.integrations.lsp import OpenDocument, lint_document

    text = "Intro with `code`.\n\nYou are **truly a genius**, honestly.\n"
    doc = OpenDocument("file:///d.md", text, 1, "markdown")
    located = lint_document(Linter(Config(select=("en.flattery",))), doc)
    assert located, "the flattery rule should fire on the Markdown prose"
    assert any("genius" in text[item.start : item.end] for item in located)
    for item in located:
        assert (item.start, item.end) == (item.finding.start, item.finding.end)
        assert item.start >= text.index("You")
