"""Code-point offsets <-> LSP positions, the one place the encodings meet.

msglint's findings carry code-point offsets into the text. LSP counts a position's `character`
in UTF-16 code units unless the client negotiated UTF-8 or UTF-32
(`general.positionEncodings`), and only `\\n`, `\\r\\n` and `\\r` end a line (unlike
str.splitlines, which also splits on U+2028, form feeds and the like). An astral-plane
character such as an emoji is one code point, two UTF-16 units and four UTF-8 bytes; a Chinese
character is one code point, one UTF-16 unit and three UTF-8 bytes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

ENCODINGS = ("utf-16", "utf-8", "utf-32")
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Position:
    """A zero-based LSP position: `character` is in the index's encoding units."""

    line: int
    character: int


def _units(text: str, encoding: str) -> int:
    """How many code units of `encoding` the text takes."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-16":
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
    return len(text.encode("utf-8", "surrogatepass"))


class LineIndex:
    """Converts between code-point offsets and positions for one version of a document."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown position encoding {encoding!r}")
        self.text = text
        self.encoding = encoding
        # Start offset of every line, and where its content ends (before its line break).
        self.starts = [0]
        self.ends: list[int] = []
        for match in _LINE_END.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def position(self, offset: int) -> Position:
        """The position of a code-point offset (clamped to the text; an offset inside a
        `\\r\\n` pair counts as the end of its line)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        column = self.text[start : min(offset, self.ends[line])]
        return Position(line, _units(column, self.encoding))

    def offset(self, position: Position) -> int:
        """The code-point offset of a position; past the end of a line means its end, and a
        position inside a character (half a surrogate pair, mid UTF-8 sequence) means the
        start of that character."""
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[position.line], self.ends[position.line]
        remaining = position.character
        for index in range(start, end):
            width = _units(self.text[index], self.encoding)
            if remaining < width:
                return index
            remaining -= width
        return end

    def line_text(self, line: int) -> str:
        """The line's content without its line break."""
        return self.text[self.starts[line] : self.ends[line]]

    @property
    def line_count(self) -> int:
        return len(self.starts)
