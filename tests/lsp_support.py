"""Shared by the language-server tests: a pytest-lsp client that records every
publishDiagnostics, the test rules with substitutions, and small protocol helpers."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import yaml
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from support import HEADER

SERVER = [sys.executable, "-m", "linter", "lsp"]
SELECT = ["zh.testpack", "en.testpack", "zh.lsptest", "en.lsptest"]
SETTINGS = {"rules": ["pack"], "select": SELECT}
TIMEOUT = 30

SWAP_RULES = {
    "zh": {
        "id": "zh.lsptest.swap",
        "swap": {"马上": "在周五前"},
        "examples": {"flag": ["请马上回复。"], "pass": ["请在周五前回复。"]},
    },
    "en": {
        "id": "en.lsptest.asap",
        "swap": {"ASAP": "by Friday"},
        "examples": {"flag": ["Reply ASAP."], "pass": ["Reply by Friday."]},
    },
}


def write_swap_rules(directory: Path, en_replacement: str = "by Friday") -> Path:
    """A substitution rule per language, so code actions have a replacement to apply."""
    for lang, spec in SWAP_RULES.items():
        swap = {k: en_replacement for k in spec["swap"]} if lang == "en" else spec["swap"]
        rule = {
            **spec,
            **HEADER,
            "kind": "substitution",
            "pitfall": "vague-commitment",
            "severity": "info",
            "message": "“{match}” is no date",
            "suggestion": "Write “{replacement}”.",
            "rationale": "A date can be planned around; urgency cannot.",
            "swap": swap,
        }
        path = directory / f"swap-{lang}.yaml"
        path.write_text(
            yaml.safe_dump({"lang": lang, "rules": [rule]}, allow_unicode=True), "utf-8"
        )
    return directory / "swap-en.yaml"


def make_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics in order (with its version)
    and the capabilities the server registers."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    del features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]
    register_lsp_features(client, features)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.published.append(params)  # type: ignore[attr-defined]
        client.diagnostics[params.uri] = params.diagnostics

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_client)


# "😀" is two UTF-16 units, every Chinese character one: 这 是 😀 测 试 ， 领 导 = 9 units.
PRAISE = "第一行。\n这是😀测试，领导英明。\n"


# --- helpers ---------------------------------------------------------------------------------

_counter = iter(range(1, 1000))


def new_uri(workspace: Path, suffix: str = ".txt") -> str:
    return from_fs_path(str(workspace / f"doc{next(_counter)}{suffix}"))


async def published(client: LanguageClient, uri: str, after: int, version: int | None = None):
    """The first publishDiagnostics for `uri` (and `version`) among those received after the
    first `after` ones."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while loop.time() < deadline:
        for params in client.published[after:]:  # type: ignore[attr-defined]
            if params.uri == uri and (version is None or params.version == version):
                return params
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics for {uri} version {version} within {TIMEOUT} s")


async def open_doc(client, uri: str, text: str, language_id: str = "plaintext"):
    mark = len(client.published)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language_id, version=1, text=text
            )
        )
    )
    return await published(client, uri, mark, 1)


def change(client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def rng(line: int, start: int, end: int) -> types.Range:
    return types.Range(start=types.Position(line, start), end=types.Position(line, end))


def codes(params) -> list[str]:
    return [d.code for d in params.diagnostics]


def apply_utf16(text: str, edit: types.TextEdit) -> str:
    """Applies an edit the way an editor does, counting UTF-16 units (independently of the
    server's own conversion)."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = "\n".join(lines[: pos.line]) + ("\n" if pos.line else "")
        units = lines[pos.line].encode("utf-16-le")[: pos.character * 2].decode("utf-16-le")
        return len(before) + len(units)

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


async def code_actions(client, uri: str, diagnostic: types.Diagnostic):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
