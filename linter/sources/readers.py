"""One reader per input kind, chosen by file suffix (or --input-type): each turns the decoded
file into the text to lint plus a map back to the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linter.errors import InputError
from linter.sources.markdown import Extract
from linter.sources.offsets import OffsetMap

KINDS = ("text", "markdown", "html", "email")
INPUT_TYPES = ("auto", *KINDS, "template")
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".eml": "email",
}
# A template's own kind is that of the suffix before its template suffix: notice.md.j2 is
# Markdown; a bare notice.j2 is plain text.
TEMPLATE_SUFFIXES = {
    ".j2",
    ".jinja",
    ".jinja2",
    ".tmpl",
    ".tpl",
    ".mustache",
    ".hbs",
    ".handlebars",
}
ALL_SUFFIXES = set(SUFFIXES) | TEMPLATE_SUFFIXES


def kind_of(name: str, input_type: str = "auto") -> tuple[str, bool]:
    """(kind, is_template) for a path and the --input-type option."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    template = bool(suffixes) and suffixes[-1] in TEMPLATE_SUFFIXES
    if template:
        suffixes = suffixes[:-1]
    if input_type == "template":
        return SUFFIXES.get(suffixes[-1] if suffixes else "", "text"), True
    if input_type not in ("auto", None):
        return input_type, template
    return SUFFIXES.get(suffixes[-1] if suffixes else "", "text"), template


def extract(source: str, kind: str) -> Extract:
    """Each reader is imported when its kind is first read: a hook linting one plain-text
    draft should not pay for the Markdown, HTML and email parsers at start-up."""
    if kind == "markdown":
        from linter.sources import markdown

        return markdown.extract(source)
    if kind == "html":
        from linter.sources import html

        return html.extract(source)
    if kind == "email":
        from linter.sources import eml

        return eml.extract(source)
    return _plain(source)


def _plain(source: str) -> Extract:
    """Plain text is linted as it is, except suppression directives (lines of their own)."""
    from linter.suppress import own_line_spans

    spans = own_line_spans(source)
    if not spans:
        return Extract(source)
    chars = list(source)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return Extract("".join(chars))


def read(
    source: str, name: str, kind: str, template: bool, variables: dict[str, Any] | None
) -> tuple[Extract, bool, list[tuple[str, int, int]]]:
    """(extract, still a template, missing variables). With variables, a template is rendered
    first and linted as finished text; the extract's map then leads back to the template."""
    if not (template and variables is not None):
        return extract(source, kind), template, []
    from linter.sources.template import render

    rendered = render(source, variables, name)
    if rendered.text is None:  # stopped at an undefined variable: lint the template itself
        return extract(source, kind), True, rendered.missing
    inner = extract(rendered.text, kind)
    offsets: OffsetMap | None = (
        inner.offsets.then(rendered.offsets) if inner.offsets else rendered.offsets
    )
    inner.offsets = offsets
    return inner, False, rendered.missing


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InputError(kind, f"unknown input type (use one of {', '.join(INPUT_TYPES)})")
