"""Where each character of the text we lint came from in the file the user sees.

Readers that can keep lengths mask non-prose with spaces and need no map. Where lengths must
differ (inline Markdown markup removed, HTML entities, MIME transfer encodings, a rendered Jinja
template) the reader builds the linted text with a TextBuilder, which records for every character
the span of the source it stands for. The api layer maps each finding back once; reporters only
ever see source offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """`starts[i]`/`ends[i]`: the source span that linted character i stands for."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    source_length: int = 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the linted span [start, end)."""
        n = len(self.starts)
        if n == 0:
            return 0, 0
        if end <= start:  # an empty span sits before character `start`
            at = self.starts[start] if start < n else self.ends[n - 1]
            return at, at
        start = min(max(start, 0), n - 1)
        end = min(max(end, start + 1), n)
        src_start = min(self.starts[i] for i in range(start, end))
        src_end = max(self.ends[i] for i in range(start, end))
        return src_start, src_end

    def then(self, outer: OffsetMap | None) -> OffsetMap:
        """This map followed by `outer` (linted -> intermediate -> source)."""
        if outer is None:
            return self
        composed = OffsetMap(source_length=outer.source_length)
        for s, e in zip(self.starts, self.ends, strict=True):
            a, b = outer.span(s, e)
            composed.starts.append(a)
            composed.ends.append(b)
        return composed


class TextBuilder:
    """Builds a text piece by piece, each piece tied to the source span it came from."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.map = OffsetMap(source_length=len(source))

    def __len__(self) -> int:
        return len(self.map.starts)

    def copy(self, start: int, end: int) -> None:
        """Source characters kept as they are."""
        self.parts.append(self.source[start:end])
        self.map.starts.extend(range(start, end))
        self.map.ends.extend(range(start + 1, end + 1))

    def mask(self, start: int, end: int, keep_newlines: bool = True) -> None:
        """Source characters replaced by spaces of the same length (newlines kept)."""
        chunk = self.source[start:end]
        masked = "".join(ch if keep_newlines and ch in "\r\n" else " " for ch in chunk)
        self.parts.append(masked)
        self.map.starts.extend(range(start, end))
        self.map.ends.extend(range(start + 1, end + 1))

    def put(self, text: str, start: int, end: int) -> None:
        """New text standing for the source span [start, end) (an entity, a decoded word, a
        synthetic paragraph break at a tag)."""
        self.parts.append(text)
        self.map.starts.extend([start] * len(text))
        self.map.ends.extend([end] * len(text))

    def put_mapped(self, text: str, starts: list[int], ends: list[int]) -> None:
        """New text whose characters each carry their own source span."""
        self.parts.append(text)
        self.map.starts.extend(starts)
        self.map.ends.extend(ends)

    def text(self) -> str:
        return "".join(self.parts)

    def last_char(self) -> str:
        for part in reversed(self.parts):
            if part:
                return part[-1]
        return ""

    def is_identity(self) -> bool:
        n = len(self.map.starts)
        return n == len(self.source) and all(
            s == i and e == i + 1
            for i, (s, e) in enumerate(zip(self.map.starts, self.map.ends, strict=True))
        )

    def result(self) -> tuple[str, OffsetMap | None]:
        """The built text and its map (None when every character sits where it was)."""
        text = self.text()
        return text, None if self.is_identity() else self.map
