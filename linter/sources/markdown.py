"""Markdown: the prose only, through markdown-it-py (CommonMark + tables).

markdown-it gives block tokens their source lines, but inline tokens carry no offsets. So each
inline token's children (text, code, links, ...) are aligned with the source lines of their
block in order: prose characters are copied with their own offsets, inline markup (emphasis
delimiters, link brackets and destinations, backslash escapes) is dropped, an entity becomes its
character mapped to the whole entity, and inline code becomes one placeholder character. Every
other character (code blocks, front matter, HTML, table pipes, heading and quote markers)
becomes a space, newlines kept. Dropping inline markup rather than blanking it keeps Chinese
phrases whole: "请**尽快**审批" is linted as "请尽快审批".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linter.sources import frontmatter
from linter.sources.offsets import OffsetMap, TextBuilder
from linter.sources.placeholders import FILLER

if TYPE_CHECKING:  # markdown-it is imported when a Markdown file is read, not at start-up
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\u3000-\u303f\uff00-\uffef]*[^\s<>\u3000-\u303f\uff00-\uffef.,;:!?)'\"]",
    re.I,
)
_LIST_MARKER = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?=[ \t])")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass
class Extract:
    """What a reader hands on: the text to lint, its map back to the file, and metadata."""

    text: str
    offsets: OffsetMap | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)


def mask_urls(text: str) -> str:
    """A URL is not prose: one placeholder word of the same length."""
    return _URL.sub(lambda m: FILLER * len(m.group()), text)


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def extract(source: str) -> Extract:
    fm_end, fm = frontmatter.split(source)
    # Blank the front matter (newlines kept) so markdown-it sees the same line numbers.
    parse_text = "".join(c if c in "\r\n" else " " for c in source[:fm_end]) + source[fm_end:]
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", parse_text)]
    tokens = _parser().parse(parse_text)
    builder = TextBuilder(source)
    aligner = _Aligner(source, builder)
    list_lines = {t.map[0] for t in tokens if t.type == "list_item_open" and t.map}
    cursor = 0
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        start = line_starts[token.map[0]]
        end = line_starts[token.map[1]] if token.map[1] < len(line_starts) else len(source)
        region_start = max(cursor, start)
        _gap(builder, source, cursor, region_start)
        if token.map[0] in list_lines and region_start == start:
            marker = _LIST_MARKER.match(source, region_start, end)
            if marker:  # kept: the sentence splitter reads it as the start of a new item
                prefix = len(marker.group()) - len(marker.group().lstrip(" \t>"))
                builder.mask(region_start, region_start + prefix)
                builder.copy(region_start + prefix, marker.end())
                region_start = marker.end()
        cursor = aligner.align(token, region_start, end)
    _gap(builder, source, cursor, len(source))
    text, offsets = builder.result()
    return Extract(mask_urls(text), offsets, fm)


def _gap(builder: TextBuilder, source: str, start: int, end: int) -> None:
    """Non-prose between inline runs becomes spaces, newlines kept."""
    if end > start:
        builder.mask(start, end)


class _Aligner:
    def __init__(self, source: str, builder: TextBuilder) -> None:
        self.src = source
        self.out = builder

    def align(self, token: Token, start: int, end: int) -> int:
        """Copies the prose of one inline token from source[start:end]; returns where it ended.
        If the children cannot be lined up with the source, the region is copied verbatim
        (right offsets, some markup linted) rather than guessed."""
        mark = len(self.out)
        parts_mark = len(self.out.parts)
        try:
            return self._align(token.children or [], start, end)
        except _Misaligned:
            del self.out.parts[parts_mark:]
            del self.out.map.starts[mark:]
            del self.out.map.ends[mark:]
            line_end = end
            self.out.copy(start, line_end)
            return line_end

    def _align(self, children: list[Token], pos: int, end: int) -> int:
        skipping = 0  # inside an autolink: its text is the URL, already one placeholder
        for i, child in enumerate(children):
            kind = child.type
            if kind == "text":
                if not skipping:
                    pos = self._text(child.content, pos, end)
            elif kind == "softbreak":
                nl = self._find("\n", pos, end)
                before = self.out.last_char()
                after = _first_text(children[i + 1 :])
                if not (_CJK.match(before or "") and _CJK.match(after or "")):
                    self.out.put(" ", nl, nl + 1)
                pos = nl + 1
            elif kind == "hardbreak":
                nl = self._find("\n", pos, end)
                self.out.put("\n", nl, nl + 1)
                pos = nl + 1
            elif kind == "code_inline":
                m = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S).search(self.src, pos, end)
                if not m:
                    raise _Misaligned
                self.out.put(FILLER, m.start(), m.end())
                pos = m.end()
            elif kind == "html_inline":
                at = self._find(child.content, pos, end)
                if child.content.lower().startswith("<br"):
                    self.out.put("\n", at, at + len(child.content))
                pos = at + len(child.content)
            elif kind == "link_open":
                if child.markup == "autolink":
                    at = self._find("<", pos, end)
                    close = self._find(">", at, end)
                    self.out.put(FILLER, at, close + 1)
                    pos = close + 1
                    skipping += 1
                else:
                    pos = self._find("[", pos, end) + 1
            elif kind == "link_close":
                if child.markup == "autolink":
                    skipping -= 1
                else:
                    pos = self._after_link_target(self._find("]", pos, end) + 1, end)
            elif kind == "image":
                at = self._find("![", pos, end)
                close = _matching(self.src, at + 1, end, "[", "]")
                pos = self._after_link_target(close + 1, end)
            # emphasis and strikethrough delimiters are skipped by _text as markup
        return pos

    def _text(self, content: str, pos: int, end: int) -> int:
        src = self.src
        for ch in content:
            while True:
                if pos >= end:
                    raise _Misaligned
                here = src[pos]
                if here == "&":
                    m = _ENTITY.match(src, pos, end)
                    if m and html.unescape(m.group()) == ch:
                        self.out.put(ch, pos, m.end())
                        pos = m.end()
                        break
                if here == ch:
                    self.out.copy(pos, pos + 1)
                    pos += 1
                    break
                if here == "\\" and pos + 1 < end and src[pos + 1] == ch:
                    self.out.put(ch, pos, pos + 2)
                    pos += 2
                    break
                if here.isalnum() or _CJK.match(here):
                    raise _Misaligned  # prose we were not told about: do not guess
                if here.isspace():
                    self.out.mask(pos, pos + 1)  # indentation, the space after a pipe or >
                pos += 1  # markup (*, _, ~, [, ], |, >, #) is dropped
        return pos

    def _find(self, needle: str, pos: int, end: int) -> int:
        at = self.src.find(needle, pos, end)
        if at < 0:
            raise _Misaligned
        return at

    def _after_link_target(self, pos: int, end: int) -> int:
        """Skips `(destination "title")` or `[label]` after a link's text."""
        if pos < end and self.src[pos] == "(":
            return _matching(self.src, pos, end, "(", ")") + 1
        if pos < end and self.src[pos] == "[":
            return _matching(self.src, pos, end, "[", "]") + 1
        return pos


class _Misaligned(Exception):
    pass


def _matching(src: str, pos: int, end: int, open_: str, close: str) -> int:
    depth = 0
    i = pos
    while i < end:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _Misaligned


def _first_text(children: list[Token]) -> str:
    for child in children:
        if child.type == "text" and child.content:
            return child.content[0]
        if child.type in ("softbreak", "hardbreak", "code_inline", "image"):
            return ""
    return ""
