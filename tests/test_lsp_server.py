"""`msglint lsp` end to end: a real LSP client (pytest-lsp, on pygls) starts `python -m linter
lsp` as a subprocess and talks to it over stdio.

The client announces the capabilities real editors send (pytest-lsp ships recorded ones): VS
Code for the shared server (UTF-16 positions, versioned edits, pulled configuration, watched
files), Neovim 0.11 (negotiates UTF-8) and Emacs 29 (UTF-32) for the encoding tests. The rules
are the tests' own pack (support.py) plus two substitution rules written here, selected by
settings, so the bundled pack can change without breaking these tests (lsp_support.py).
"""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path

import pytest
import pytest_lsp
from lsp_support import (
    CONFIG,
    PRAISE,
    SETTINGS,
    TIMEOUT,
    apply_utf16,
    change,
    code_actions,
    codes,
    new_uri,
    open_doc,
    published,
    rng,
    write_swap_rules,
)
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities
from support import write_pack

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lsp-workspace")
    write_pack(root / "pack")
    write_swap_rules(root / "pack")
    return root


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):
    """One server for the module, initialised as VS Code; settings are pulled."""
    lsp_client.set_configuration(copy.deepcopy(SETTINGS), section="msglint")
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=from_fs_path(str(workspace)),
        )
    )
    assert result.capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    yield
    await lsp_client.shutdown_session()


# --- diagnostics -----------------------------------------------------------------------------


async def test_diagnostics_on_open_in_utf16_after_chinese_and_emoji(client, workspace):
    uri = new_uri(workspace)
    params = await open_doc(client, uri, PRAISE)
    assert codes(params) == ["zh.testpack.praise"]
    diagnostic = params.diagnostics[0]
    assert diagnostic.range == rng(1, 9, 11)
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.source == "msglint"
    assert diagnostic.message == "恭维：英明"


async def test_change_is_debounced_and_the_latest_text_wins(client, workspace):
    uri = new_uri(workspace)
    await open_doc(client, uri, "我再和你确认一下。")
    mark = len(client.published)
    change(client, uri, 2, "领导英明。")
    change(client, uri, 3, "领导英明，不然我就去找你们领导。")
    change(client, uri, 4, "🙂不然我就去找你们领导。")
    params = await published(client, uri, mark, 4)
    assert codes(params) == ["zh.testpack.threat"]
    assert params.diagnostics[0].range == rng(0, 8, 12)  # after 🙂 (2 units) and six characters
    assert params.diagnostics[0].severity == types.DiagnosticSeverity.Error
    later = [p.version for p in client.published[mark:] if p.uri == uri]
    assert later == [4], "only the last of three quick changes is linted"


async def test_save_lints_again(client, workspace):
    uri = new_uri(workspace)
    await open_doc(client, uri, "You are a genius.")
    mark = len(client.published)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri), text="I will talk to your boss."
        )
    )
    params = await published(client, uri, mark)
    assert codes(params) == ["en.testpack.threat"]


async def test_close_clears_the_diagnostics(client, workspace):
    uri = new_uri(workspace)
    await open_doc(client, uri, "You are a genius.")
    mark = len(client.published)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    params = await published(client, uri, mark)
    assert list(params.diagnostics) == []


async def test_clean_text_publishes_no_diagnostics(client, workspace):
    uri = new_uri(workspace)
    params = await open_doc(client, uri, "请在周五前回复，缘由是月底要结账。")
    assert list(params.diagnostics) == []


# --- hover -----------------------------------------------------------------------------------


async def test_hover_shows_rationale_and_suggestion(client, workspace):
    uri = new_uri(workspace)
    await open_doc(client, uri, "🎉🎉 Please reply ASAP.")
    # 🎉🎉 is four UTF-16 units; "ASAP" starts at unit 18.
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(0, 19))
    )
    assert hover is not None
    assert hover.range == rng(0, 18, 22)
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert "en.lsptest.asap" in text
    assert "Write “by Friday”." in text
    assert "A date can be planned around; urgency cannot." in text
    outside = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(0, 6))
    )
    assert outside is None


# --- code actions ----------------------------------------------------------------------------


async def test_replacement_action_applies_the_substitution(client, workspace):
    uri = new_uri(workspace)
    text = "各位好😀：\n  请马上回复，谢谢。\n"
    params = await open_doc(client, uri, text)
    assert codes(params) == ["zh.lsptest.swap"]
    diagnostic = params.diagnostics[0]
    assert diagnostic.range == rng(1, 3, 5)
    actions = await code_actions(client, uri, diagnostic)
    replace = [a for a in actions if a.title.startswith("Replace")]
    assert len(replace) == 1 and replace[0].is_preferred
    assert replace[0].kind == types.CodeActionKind.QuickFix
    assert replace[0].diagnostics[0].code == "zh.lsptest.swap"
    (doc_edit,) = replace[0].edit.document_changes  # VS Code takes versioned edits
    assert doc_edit.text_document.version == 1
    (edit,) = doc_edit.edits
    assert edit.new_text == "在周五前"
    fixed = apply_utf16(text, edit)
    assert fixed == "各位好😀：\n  请在周五前回复，谢谢。\n"
    mark = len(client.published)
    change(client, uri, 2, fixed)
    assert list((await published(client, uri, mark, 2)).diagnostics) == []


async def test_suppression_action_inserts_a_comment_line_above(client, workspace):
    uri = new_uri(workspace)
    text = "第一行。\n  领导英明。\n"
    params = await open_doc(client, uri, text)
    actions = await code_actions(client, uri, params.diagnostics[0])
    (suppress,) = [a for a in actions if a.title.startswith("Suppress")]
    (edit,) = suppress.edit.document_changes[0].edits
    assert edit.range == rng(1, 0, 0)
    assert apply_utf16(text, edit) == (
        "第一行。\n  msglint-disable-next-line zh.testpack.praise\n  领导英明。\n"
    )


async def test_suppression_in_markdown_is_an_html_comment(client, workspace):
    uri = new_uri(workspace, ".md")
    text = "# 周报\r\n\r\n😀 领导英明。\r\n"
    params = await open_doc(client, uri, text, "markdown")
    actions = await code_actions(client, uri, params.diagnostics[0])
    (suppress,) = [a for a in actions if a.title.startswith("Suppress")]
    (edit,) = suppress.edit.document_changes[0].edits
    assert edit.range == rng(2, 0, 0)
    assert edit.new_text == "<!-- msglint-disable-next-line zh.testpack.praise -->\r\n"


async def test_no_suppression_comment_in_email_headers(client, workspace):
    uri = new_uri(workspace, ".eml")
    text = "Subject: You are a genius\nTo: ops@example.com\n\nYou are a genius.\n"
    params = await open_doc(client, uri, text, "mail")
    header, body = params.diagnostics
    assert (header.range.start.line, body.range.start.line) == (0, 3)
    in_header = await code_actions(client, uri, header)
    assert not [a for a in in_header if a.title.startswith("Suppress")]
    in_body = await code_actions(client, uri, body)
    (suppress,) = [a for a in in_body if a.title.startswith("Suppress")]
    assert suppress.edit.document_changes[0].edits[0].range == rng(3, 0, 0)


async def test_no_actions_for_a_stale_lint(client, workspace):
    """Positions of the last lint mean nothing once the text changed; no edit is offered
    until the new text is linted."""
    uri = new_uri(workspace)
    params = await open_doc(client, uri, "请马上回复。")
    change(client, uri, 2, "好的，请马上回复。")
    actions = await code_actions(client, uri, params.diagnostics[0])
    assert not actions


# --- configuration without a restart ---------------------------------------------------------


async def test_watches_config_and_rule_files(client):
    watched = [r for r in client.registrations if r.method == "workspace/didChangeWatchedFiles"]
    assert watched
    globs = [w["globPattern"] for w in watched[0].register_options["watchers"]]  # raw JSON
    assert {"**/msglint.yaml", "**/.msglint.yaml", "**/pyproject.toml", "**/*.yaml"} <= set(globs)


async def test_pushed_settings_relint_every_open_document(client, workspace):
    first, second = new_uri(workspace), new_uri(workspace)
    assert codes(await open_doc(client, first, "领导英明。")) == ["zh.testpack.praise"]
    assert codes(await open_doc(client, second, "You are a genius.")) == ["en.testpack.genius"]
    mark = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"msglint": {**SETTINGS, "ignore": "flattery"}})
    )
    assert list((await published(client, first, mark)).diagnostics) == []
    assert list((await published(client, second, mark)).diagnostics) == []
    mark = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"msglint": SETTINGS})
    )
    assert codes(await published(client, first, mark)) == ["zh.testpack.praise"]


async def test_pulled_settings_on_a_bare_change_notification(client, workspace):
    uri = new_uri(workspace)
    assert codes(await open_doc(client, uri, "You are a genius.")) == ["en.testpack.genius"]
    mark = len(client.published)
    client.set_configuration({**SETTINGS, "select": ["en.testpack.threat"]}, section="msglint")
    try:
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert list((await published(client, uri, mark)).diagnostics) == []
    finally:
        client.set_configuration(copy.deepcopy(SETTINGS), section="msglint")
        mark = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert codes(await published(client, uri, mark)) == ["en.testpack.genius"]


async def test_a_bad_setting_is_reported_and_the_rules_stay(client, workspace):
    uri = new_uri(workspace)
    await open_doc(client, uri, "You are a genius.")
    shown = len(client.messages)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"msglint": {**SETTINGS, "select": "no.such.rule"}}
        )
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while len(client.messages) == shown and loop.time() < deadline:
        await asyncio.sleep(0.02)
    (message,) = client.messages[shown:]
    assert message.type == types.MessageType.Error
    assert "'no.such.rule' names no rule" in message.message
    mark = len(client.published)
    change(client, uri, 2, "You are a genius, truly.")
    assert codes(await published(client, uri, mark, 2)) == ["en.testpack.genius"]
    # Restore a working configuration for the tests after this one.
    mark = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"msglint": SETTINGS})
    )
    await published(client, uri, mark)


async def test_a_changed_rule_file_is_reloaded(client, workspace):
    uri = new_uri(workspace)
    params = await open_doc(client, uri, "Reply ASAP.")
    assert codes(params) == ["en.lsptest.asap"]
    path = write_swap_rules(workspace / "pack", en_replacement="by Thursday noon")
    try:
        mark = len(client.published)
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(uri=from_fs_path(str(path)), type=types.FileChangeType.Changed)
                ]
            )
        )
        params = await published(client, uri, mark)
        actions = await code_actions(client, uri, params.diagnostics[0])
        (replace,) = [a for a in actions if a.title.startswith("Replace")]
        assert replace.edit.document_changes[0].edits[0].new_text == "by Thursday noon"
    finally:
        write_swap_rules(workspace / "pack")
        mark = len(client.published)
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(uri=from_fs_path(str(path)), type=types.FileChangeType.Changed)
                ]
            )
        )
        await published(client, uri, mark)
