"""HTML: text nodes only, through the standard library's HTML parser.

The parser is run with character references left alone, so every text chunk it reports is the
source itself and its offset is exact; an entity becomes its character mapped to the whole
`&...;`. Script, style and other non-rendered elements are skipped. Block elements end a
paragraph (a synthetic blank line tied to the tag), and line breaks inside a text node are
layout, not sentence ends, so they become spaces (same offsets), as a browser shows them.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from linter.sources.markdown import Extract, mask_urls
from linter.sources.offsets import TextBuilder

SKIPPED = {"script", "style", "template", "noscript", "head", "svg", "math", "textarea", "code"}
BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th",
    "thead", "tbody", "blockquote", "pre", "hr", "form", "fieldset", "figure", "figcaption",
    "address", "details", "summary", "title", "body", "html",
}  # fmt: skip
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Reader(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source)]
        self.out = TextBuilder(source)
        self.skip_depth = 0
        self.pre_depth = 0
        self.title = ""

    def _at(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _break(self, at: int, length: int) -> None:
        if len(self.out) and self.out.last_char() != "\n":
            self.out.put("\n\n", at, at + length)

    def handle_starttag(self, tag: str, attrs) -> None:
        raw = self.get_starttag_text() or ""
        if tag in SKIPPED:
            self.skip_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        if tag == "br":
            self.out.put("\n", self._at(), self._at() + len(raw))
        elif tag in BLOCKS:
            self._break(self._at(), len(raw))

    def handle_startendtag(self, tag: str, attrs) -> None:
        raw = self.get_starttag_text() or ""
        if tag == "br":
            self.out.put("\n", self._at(), self._at() + len(raw))
        elif tag in BLOCKS:
            self._break(self._at(), len(raw))

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag in BLOCKS:
            self._break(self._at(), len(tag) + 3)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        start = self._at()
        if self.source[start : start + len(data)] != data:  # never expected; stay exact
            return
        if self.pre_depth:
            self.out.copy(start, start + len(data))
            return
        for i, ch in enumerate(data):
            if ch in "\r\n\t":
                self.out.put(" ", start + i, start + i + 1)
            else:
                self.out.copy(start + i, start + i + 1)

    def _reference(self, raw: str) -> None:
        if self.skip_depth:
            return
        start = self._at()
        end = start + len(raw)
        if self.source[end : end + 1] == ";":
            end += 1
        char = html.unescape(self.source[start:end])
        self.out.put(char, start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)


def extract(source: str) -> Extract:
    reader = _Reader(source)
    reader.feed(source)
    reader.close()
    text, offsets = reader.out.result()
    return Extract(mask_urls(text), offsets)
