"""`msglint lsp` with a client that negotiates another position encoding
(general.positionEncodings): Neovim 0.11 lists UTF-8 first, so positions count UTF-8 bytes. It
passes its settings as initializationOptions (its pulled configuration is empty) and takes
plain, unversioned workspace edits. UTF-32 goes through the same path; positions.py's tests
cover its counting. One more server start costs about 3 s, so one editor is enough here."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsp_support import (
    CONFIG,
    PRAISE,
    SETTINGS,
    change,
    code_actions,
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

# PRAISE's line 1 is 这 是 😀 测 试 ， 领 导 英明: "英明" starts after seven Chinese characters
# (3 bytes each) and the emoji (4 bytes): byte 25.
FINDING = rng(1, 25, 31)


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def editor(lsp_client: LanguageClient, tmp_path_factory):
    """One server for the module; each test opens its own documents."""
    root = tmp_path_factory.mktemp("lsp-neovim")
    write_pack(root / "pack")
    write_swap_rules(root / "pack")
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim@v0.11.0"),
            root_uri=from_fs_path(str(root)),
            initialization_options={"msglint": SETTINGS},
        )
    )
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_positions_in_utf8(editor):
    uri = from_fs_path(str(editor.root / "draft.txt"))
    params = await open_doc(editor, uri, PRAISE)
    assert [d.code for d in params.diagnostics] == ["zh.testpack.praise"]
    assert params.diagnostics[0].range == FINDING
    hover = await editor.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(1, 28))
    )
    assert hover is not None and hover.range == FINDING


async def test_a_ranged_change_counts_utf8_bytes(editor):
    """Even a client that sends ranged changes despite Full sync is applied correctly."""
    uri = from_fs_path(str(editor.root / "ranged.txt"))
    await open_doc(editor, uri, PRAISE)
    mark = len(editor.published)
    # Replace "英明" (the finding's own range) by "好": the praise is gone.
    editor.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=FINDING, text="好")],
        )
    )
    assert list((await published(editor, uri, mark, 2)).diagnostics) == []
    mark = len(editor.published)
    change(editor, uri, 3, PRAISE)
    assert (await published(editor, uri, mark, 3)).diagnostics[0].range == FINDING


async def test_unversioned_edit_in_utf8(editor):
    """Neovim declares no workspaceEdit.documentChanges, so it gets a plain `changes` map."""
    uri = from_fs_path(str(editor.root / "swap.txt"))
    params = await open_doc(editor, uri, "😀 Reply ASAP.")
    (diagnostic,) = params.diagnostics
    assert diagnostic.range == rng(0, 11, 15)  # 😀 is 4 bytes, then " Reply " (7)
    actions = await code_actions(editor, uri, diagnostic)
    (replace,) = [a for a in actions if a.title.startswith("Replace")]
    assert replace.edit.document_changes is None
    (edit,) = replace.edit.changes[uri]
    assert (edit.range, edit.new_text) == (diagnostic.range, "by Friday")
