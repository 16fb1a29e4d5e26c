"""`msglint lsp`: a language server over stdio (pygls 2.x) that lints open documents.

It calls the library (linter.api.Linter) and holds no lint logic of its own. Findings carry
code-point offsets; positions.LineIndex turns them into the negotiated position encoding (UTF-16
unless the client asked for UTF-8 or UTF-32) at the edge.

Why it works the way it does:
- Full document sync: every change carries the whole text. Messages are short, and it spares
  an incremental line model (pygls's splits lines on more characters than LSP does).
- One lint thread: spaCy pipelines are not shared between threads, and a single worker keeps
  lints in the order they were asked for, while the event loop stays free for hovers.
- Debounce with "latest text wins": a change (re)starts a timer per document; a lint whose
  document changed while it ran is dropped instead of published.
- A bad setting or rule file never takes diagnostics away: the error is shown once and the
  previous rules stay in use until the configuration is fixed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from linter.api import Linter
from linter.config import Config
from linter.errors import InputError, MsglintError
from linter.integrations.lsp_edits import document_kind, suppression_insertion
from linter.integrations.lsp_settings import (
    CONFIG_FILE_NAMES,
    Settings,
    base_config,
    is_config_file,
    names_settings,
    parse_settings,
)
from linter.integrations.positions import LineIndex, Position
from linter.model import Finding
from linter.sources.inputs import DEFAULT_MAX_BYTES, Message, message_from_text, too_large
from linter.sources.readers import kind_of
from linter.version import __version__

log = logging.getLogger("msglint.lsp")

SOURCE = "msglint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


# --- documents -> messages: the one seam for Markdown and email readers ---------------------


def document_message(uri: str, text: str, language_id: str | None) -> Message:
    """The document as the CLI reads the same file: Markdown and email through their readers,
    templates with their placeholders masked, suppression comments honoured."""
    kind = document_kind(uri, language_id)
    parsed = urlparse(uri)
    name = unquote(parsed.path) or uri
    template = kind_of(name)[1]
    path = Path(name) if parsed.scheme == "file" else None
    return message_from_text(text, name, kind, template, path=path)


# --- state ---------------------------------------------------------------------------------


TOO_LARGE = "msglint.too-large"  # the code of the one diagnostic a document above the limit gets


@dataclass(frozen=True)
class OpenDocument:
    """One version of an open document; a change replaces it, so a lint that finishes after
    the next keystroke can tell that its text is no longer the editor's."""

    uri: str
    text: str
    version: int
    language_id: str


@dataclass(frozen=True)
class Located:
    """A finding and where it lies in the document (code points)."""

    finding: Finding
    start: int
    end: int


@dataclass
class DocumentLint:
    """The last published lint of a document, kept for hovers and code actions: the text it
    saw, the linter that saw it (for rule rationales) and the findings."""

    doc: OpenDocument
    linter: Linter
    index: LineIndex
    found: list[Located] = field(default_factory=list)


def lint_document(linter: Linter, doc: OpenDocument) -> list[Located]:
    """Runs in the lint thread: every message of the document, findings in document offsets."""
    try:
        message = document_message(doc.uri, doc.text, doc.language_id)
    except InputError:  # e.g. an email too broken to parse: nothing to show yet
        return []
    # lint_message maps every finding back to the document's own offsets.
    return [Located(f, f.start, f.end) for f in linter.lint_message(message).findings]


class AnsweringProtocol(LanguageServerProtocol):
    """pygls logs a request whose params do not fit its method and drops it, so the editor
    waits forever for the answer; JSON-RPC says to answer it with -32602 (invalid params)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except Exception:
            request_id = data.get("id") if isinstance(data, dict) else None
            if isinstance(request_id, int | str) and "method" in data:
                method = str(data["method"])[:100]
                error = types.ResponseError(code=-32602, message=f"invalid params for {method}")
                self._send_response(request_id, error=error)
            raise


class MsglintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "msglint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=AnsweringProtocol,
        )
        self.documents: dict[str, OpenDocument] = {}
        self.lints: dict[str, DocumentLint] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.init_options: Any = None
        self.settings = Settings()
        self.config: Config | None = None
        self.linter: Linter | None = None
        self._linter_task: asyncio.Task | None = None
        # Set once the first settings are in, so no document is linted with the wrong ones.
        self.ready = asyncio.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="msglint-lint")

    # -- configuration --

    @property
    def root(self) -> Path | None:
        try:
            path = self.workspace.root_path
        except RuntimeError:  # before initialize
            return None
        return Path(path) if path else None

    @property
    def encoding(self) -> str:
        value = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(value, "value", value))

    def apply_settings(self, raw: Any) -> bool:
        """Reloads with new editor settings; False (and an error shown) if they are bad."""
        try:
            settings = parse_settings(raw, self.root)
        except MsglintError as exc:
            self.show_error(f"msglint: {exc}; keeping the previous settings")
            return False
        if settings.unknown:
            log.warning("msglint: unknown settings ignored: %s", ", ".join(settings.unknown))
        self.reload(settings)
        return True

    def reload(self, settings: Settings | None = None) -> None:
        """Builds a Linter for the settings (and the workspace's config files) in the lint
        thread, then re-lints every open document with it."""
        settings = settings or self.settings
        try:
            config = settings.config(base_config(self.root))
        except MsglintError as exc:  # a broken config file
            self.show_error(f"msglint: {exc}; keeping the previous settings")
            return
        self._linter_task = asyncio.get_running_loop().create_task(self._build(settings, config))
        for uri in self.documents:
            self.schedule(uri, 0)

    async def _build(self, settings: Settings, config: Config) -> Linter | None:
        """The new Linter, adopted with its settings only if it builds; otherwise the previous
        one stays (None before the first success)."""
        loop = asyncio.get_running_loop()
        try:
            linter = await loop.run_in_executor(self._executor, Linter, config)
        except Exception as exc:
            if not isinstance(exc, MsglintError):  # a bug in msglint: log it, keep serving
                log.exception("msglint: building the linter failed")
                exc = f"internal error: {type(exc).__name__}: {exc}"
            keeping = (
                "keeping the previous settings"
                if self.linter
                else "no diagnostics until it is fixed"
            )
            self.show_error(f"msglint: {exc}; {keeping}")
            return self.linter
        self.linter, self.settings, self.config = linter, settings, config
        return linter

    def show_error(self, message: str) -> None:
        log.error("%s", message)
        self.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))

    # -- linting --

    def schedule(self, uri: str, delay: float | None = None) -> None:
        """(Re)starts the document's timer; only the last request before it fires is linted."""
        if delay is None:
            delay = self.settings.debounce_ms / 1000
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        await self.lint(uri)
        if self.pending.get(uri) is asyncio.current_task():
            del self.pending[uri]

    async def lint(self, uri: str) -> None:
        doc = self.documents.get(uri)
        if doc is None:
            return
        await self.ready.wait()
        assert self._linter_task is not None
        # Shielded: a newer keystroke cancels this lint, never the shared linter build.
        linter = await asyncio.shield(self._linter_task)
        if linter is None:
            return
        refusal = too_large(len(doc.text.encode("utf-8", "surrogatepass")), DEFAULT_MAX_BYTES)
        if refusal:  # as `msglint check` does: say so once instead of stalling the lint thread
            self.lints.pop(uri, None)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri,
                    version=doc.version,
                    diagnostics=[
                        types.Diagnostic(
                            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                            message=f"msglint: not linted: this document's {refusal.split('; ')[0]}",
                            severity=types.DiagnosticSeverity.Information,
                            code=TOO_LARGE,
                            source=SOURCE,
                        )
                    ],
                )
            )
            return
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(self._executor, lint_document, linter, doc)
        except MsglintError as exc:
            self.show_error(f"msglint: {doc.uri}: {exc}")
            return
        except Exception as exc:
            log.exception("msglint: linting %s failed", uri)
            self.show_error(f"msglint: internal error on {uri}: {type(exc).__name__}: {exc}")
            return
        if self.documents.get(uri) is not doc:
            return  # the document changed (or closed) meanwhile: a newer lint will publish
        lint = DocumentLint(doc, linter, LineIndex(doc.text, self.encoding), found)
        self.lints[uri] = lint
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=doc.version,
                diagnostics=[diagnostic(lint, x) for x in found],
            )
        )

    def current_lint(self, uri: str) -> DocumentLint | None:
        """The last lint, only while it still describes the text the editor shows."""
        lint = self.lints.get(uri)
        if lint is None or self.documents.get(uri) is not lint.doc:
            return None
        return lint

    # -- hover and code actions --

    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        lint = self.current_lint(uri)
        if lint is None:
            return None
        offset = lint.index.offset(Position(position.line, position.character))
        under = [x for x in lint.found if x.start <= offset < x.end]
        if not under:
            return None
        markdown = self._client_takes_markdown()
        parts = [explain(lint.linter, x.finding, markdown) for x in under]
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                value=("\n\n---\n\n" if markdown else "\n\n").join(parts),
            ),
            range=to_range(lint.index, under[0].start, under[0].end),
        )

    def _client_takes_markdown(self) -> bool:
        hover = getattr(self.client_capabilities.text_document, "hover", None)
        formats = getattr(hover, "content_format", None)
        return formats is None or types.MarkupKind.Markdown in formats

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        lint = self.current_lint(uri)
        if lint is None:
            return None
        doc = lint.doc
        only = params.context.only
        if only and not any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
            return None
        start = lint.index.offset(Position(params.range.start.line, params.range.start.character))
        end = lint.index.offset(Position(params.range.end.line, params.range.end.character))
        kind = document_kind(uri, doc.language_id)
        actions: list[types.CodeAction] = []
        suppressed: set[tuple[str, int]] = set()
        for located in lint.found:
            if not (located.start <= end and start <= located.end):
                continue
            finding = located.finding
            found_diagnostic = diagnostic(lint, located)
            if finding.replacement is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Replace “{doc.text[located.start : located.end]}” with “{finding.replacement}”",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[found_diagnostic],
                        is_preferred=True,
                        edit=self.edit(
                            doc, lint.index, located.start, located.end, finding.replacement
                        ),
                    )
                )
            line = lint.index.position(located.start).line
            if (finding.rule, line) in suppressed:
                continue
            suppressed.add((finding.rule, line))
            insertion = suppression_insertion(lint.index, kind, line, finding.rule)
            if insertion is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Suppress {finding.rule} on this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[found_diagnostic],
                        edit=self.edit(
                            doc, lint.index, insertion.offset, insertion.offset, insertion.text
                        ),
                    )
                )
        return actions

    def edit(
        self, doc: OpenDocument, index: LineIndex, start: int, end: int, new_text: str
    ) -> types.WorkspaceEdit:
        """One text edit; versioned where the client supports it, so a stale one is refused."""
        text_edit = types.TextEdit(range=to_range(index, start, end), new_text=new_text)
        workspace = self.client_capabilities.workspace
        workspace_edit = getattr(workspace, "workspace_edit", None)
        if getattr(workspace_edit, "document_changes", False):
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=doc.uri, version=doc.version
                        ),
                        edits=[text_edit],
                    )
                ]
            )
        return types.WorkspaceEdit(changes={doc.uri: [text_edit]})

    # -- configuration sources --

    async def pull_settings(self) -> Any:
        """`workspace/configuration` section "msglint", when the client offers it."""
        workspace = self.client_capabilities.workspace
        if not getattr(workspace, "configuration", False):
            return None
        try:
            result = await asyncio.wait_for(
                self.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section="msglint")])
                ),
                timeout=5,
            )
        except Exception as exc:  # the client could not answer: keep what we have
            log.warning("msglint: workspace/configuration failed: %s", exc)
            return None
        return result[0] if result else None

    async def watch_config_files(self) -> None:
        """Asks the client to report changes to config and rule files (where it can)."""
        workspace = self.client_capabilities.workspace
        watched = getattr(workspace, "did_change_watched_files", None)
        if not getattr(watched, "dynamic_registration", False):
            return
        globs = [f"**/{name}" for name in CONFIG_FILE_NAMES] + ["**/*.yaml", "**/*.yml"]
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]
        )
        try:
            await self.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="msglint-config-files",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )
        except Exception as exc:
            log.warning("msglint: could not register file watchers: %s", exc)

    def config_file_changed(self, uris: list[str]) -> bool:
        rule_dirs = self.config.rule_dirs if self.config else self.settings.rules
        for uri in uris:
            path = to_fs_path(uri)
            if path and is_config_file(Path(path), tuple(rule_dirs)):
                return True
        return False


def diagnostic(lint: DocumentLint, located: Located) -> types.Diagnostic:
    finding = located.finding
    check = lint.linter.ruleset.get(finding.rule)
    link = check.rule.link if check else ""
    return types.Diagnostic(
        range=to_range(lint.index, located.start, located.end),
        message=finding.message,
        severity=SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        data={"pitfall": finding.pitfall},
    )


def explain(linter: Linter, finding: Finding, markdown: bool) -> str:
    """The finding with its rule's suggestion and rationale, for a hover."""
    check = linter.ruleset.get(finding.rule)
    rationale = check.rule.rationale.strip() if check else ""
    lines = []
    if markdown:
        lines.append(f"**msglint** `{finding.rule}` · {finding.pitfall} · {finding.severity}")
    else:
        lines.append(f"msglint {finding.rule} [{finding.pitfall}, {finding.severity}]")
    lines.append(finding.message)
    if finding.suggestion:
        lines.append(("**Suggestion:** " if markdown else "Suggestion: ") + finding.suggestion)
    if rationale:
        lines.append(("**Why:** " if markdown else "Why: ") + rationale)
    return "\n\n".join(lines)


def to_range(index: LineIndex, start: int, end: int) -> types.Range:
    a, b = index.position(start), index.position(end)
    return types.Range(
        start=types.Position(line=a.line, character=a.character),
        end=types.Position(line=b.line, character=b.character),
    )


def apply_change(text: str, change: Any, encoding: str) -> str:
    """A whole-text change, or (from a client that ignores our Full sync) a ranged one, whose
    positions are in the negotiated encoding like every other position."""
    if isinstance(change, types.TextDocumentContentChangePartial):
        index = LineIndex(text, encoding)
        start = index.offset(Position(change.range.start.line, change.range.start.character))
        end = index.offset(Position(change.range.end.line, change.range.end.character))
        return text[:start] + change.text + text[end:]
    return change.text


def build_server() -> MsglintServer:
    server = MsglintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: MsglintServer, params: types.InitializeParams) -> None:
        ls.init_options = params.initialization_options

    @server.feature(types.INITIALIZED)
    async def initialized(ls: MsglintServer, params: types.InitializedParams) -> None:
        raw = await ls.pull_settings()
        if not ls.apply_settings(raw or ls.init_options):
            ls.apply_settings(None)
        ls.ready.set()
        await ls.watch_config_files()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MsglintServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents[item.uri] = OpenDocument(item.uri, item.text, item.version, item.language_id)
        ls.schedule(item.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MsglintServer, params: types.DidChangeTextDocumentParams) -> None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return
        text = doc.text
        for change in params.content_changes:
            text = apply_change(text, change, ls.encoding)
        ls.documents[doc.uri] = replace(doc, text=text, version=params.text_document.version)
        ls.schedule(doc.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
    def did_save(ls: MsglintServer, params: types.DidSaveTextDocumentParams) -> None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return
        if params.text is not None and params.text != doc.text:
            ls.documents[doc.uri] = replace(doc, text=params.text)
        ls.schedule(doc.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MsglintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.documents.pop(uri, None)
        ls.lints.pop(uri, None)
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: MsglintServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: MsglintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        return ls.code_actions(params)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: MsglintServer, params: types.DidChangeConfigurationParams
    ) -> None:
        raw = params.settings
        if not names_settings(raw):  # pull model: the notification only says "ask me"
            raw = await ls.pull_settings() or ls.init_options  # as at start-up
        ls.apply_settings(raw)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: MsglintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if ls.config_file_changed([change.uri for change in params.changes]):
            ls.reload()

    return server


class OneLineFormatter(logging.Formatter):
    """Log records as one line each, an exception as `Type: message` rather than a traceback
    (editors show the server's stderr as its log; MSGLINT_DEBUG=1 keeps tracebacks)."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line += f": {type(error).__name__}: {error}"
        return line


def serve() -> None:
    """Speaks LSP on stdin/stdout. Anything else that writes to stdout (a library's print)
    would corrupt the protocol, so stdout is handed to pygls and sys.stdout becomes stderr."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("MSGLINT_DEBUG"):
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    else:
        handler.setFormatter(OneLineFormatter())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    build_server().start_io(stdin, stdout)
