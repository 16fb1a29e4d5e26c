"""What a document is (plain text, Markdown, email) and the suppression comment it takes.

The comment forms are the ones the linter's suppression support reads (issue 4): a line
`msglint-disable-next-line RULE` above the finding in plain text and email bodies, and
`<!-- msglint-disable-next-line RULE -->` in Markdown, where a bare line would show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from linter.integrations.positions import LineIndex

MARKDOWN_IDS = {"markdown", "md", "mdx"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
EMAIL_IDS = {"mail", "email", "eml", "message"}  # "message": Emacs message-mode (eglot)
EMAIL_SUFFIXES = {".eml", ".msg", ".mbox"}
# Drafts mutt, neomutt and aerc hand to the editor: /tmp/neomutt-host-1000-123-456, etc.
EMAIL_DRAFT = re.compile(r"^(?:neo)?mutt-|^aerc-")
_HEADER = re.compile(r"^[!-9;-~]+:")
_DIRECTIVE = re.compile(r"msglint-disable-next-line\b")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def document_kind(uri: str, language_id: str | None) -> str:
    """'markdown', 'email' or 'text', from the editor's language id, else the file name."""
    lid = (language_id or "").lower()
    if lid in MARKDOWN_IDS:
        return "markdown"
    if lid in EMAIL_IDS:
        return "email"
    name = PurePosixPath(unquote(urlparse(uri).path)).name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in EMAIL_SUFFIXES or EMAIL_DRAFT.match(name):
        return "email"
    return "text"


def suppression_comment(kind: str, rule: str) -> str:
    if kind == "markdown":
        return f"<!-- msglint-disable-next-line {rule} -->"
    return f"msglint-disable-next-line {rule}"


def header_lines(index: LineIndex) -> int:
    """How many lines an email's header block takes (0 when the text starts with no header):
    a line inserted there would become a header or end the headers early."""
    if index.line_count == 0 or not _HEADER.match(index.line_text(0)):
        return 0
    for line in range(index.line_count):
        if not index.line_text(line).strip():
            return line + 1
    return index.line_count


def line_break(text: str) -> str:
    """The document's own line break, so an inserted line matches the others."""
    match = _LINE_BREAK.search(text)
    return match.group(0) if match else "\n"


@dataclass(frozen=True)
class Insertion:
    """Text to insert at a code-point offset."""

    offset: int
    text: str


def suppression_insertion(index: LineIndex, kind: str, line: int, rule: str) -> Insertion | None:
    """A comment line above `line`, indented like it; None where it would do harm: in an
    email's headers, or right under another directive (the new line would become the
    line that directive silences)."""
    if kind == "email" and line < header_lines(index):
        return None
    if line > 0 and _DIRECTIVE.search(index.line_text(line - 1)):
        return None
    content = index.line_text(line)
    indent = content[: len(content) - len(content.lstrip(" \t"))]
    comment = indent + suppression_comment(kind, rule) + line_break(index.text)
    return Insertion(index.starts[line], comment)
