"""Code-point offsets <-> LSP positions in UTF-16 (the default), UTF-8 and UTF-32."""

from __future__ import annotations

import pytest

from linter.integrations.positions import LineIndex, Position

# "请" is one UTF-16 unit and 3 UTF-8 bytes; "😀" (U+1F600) is 2 UTF-16 units and 4 bytes.
TEXT = "第一行\n请😀看：领导英明\r\nlast😀 line\rend"
TARGET = TEXT.index("英明")  # line 1, after six code points: 请 😀 看 ： 领 导


def test_utf16_counts_an_emoji_as_two_units():
    index = LineIndex(TEXT, "utf-16")
    assert index.position(TARGET) == Position(1, 7)
    assert index.position(TARGET + 2) == Position(1, 9)
    assert index.offset(Position(1, 7)) == TARGET


@pytest.mark.parametrize(
    ("encoding", "character"),
    [("utf-16", 7), ("utf-8", 3 + 4 + 3 * 4), ("utf-32", 6)],
)
def test_each_encoding_round_trips(encoding, character):
    index = LineIndex(TEXT, encoding)
    assert index.position(TARGET) == Position(1, character)
    assert index.offset(Position(1, character)) == TARGET


def test_every_offset_round_trips_in_every_encoding():
    for encoding in ("utf-16", "utf-8", "utf-32"):
        index = LineIndex(TEXT, encoding)
        for offset in range(len(TEXT) + 1):
            if TEXT[offset - 1 : offset + 1] == "\r\n":
                continue  # between \r and \n is no position of its own
            assert index.offset(index.position(offset)) == offset, (encoding, offset)


def test_lsp_line_breaks_only():
    """\\r\\n, \\r and \\n end lines; U+2028 and form feeds (str.splitlines) do not."""
    text = "a\u2028b\x0cc\r\nd\re\nf"
    index = LineIndex(text)
    assert index.line_count == 4
    assert index.position(text.index("d")) == Position(1, 0)
    assert index.position(text.index("e")) == Position(2, 0)
    assert index.position(text.index("c")) == Position(0, 4)
    assert index.line_text(0) == "a\u2028b\x0cc"


def test_positions_past_a_line_or_inside_a_character_are_clamped():
    index = LineIndex("😀x\nyz", "utf-16")
    assert index.offset(Position(0, 1)) == 0  # half of the surrogate pair: the emoji itself
    assert index.offset(Position(0, 99)) == 2  # past the end: before the line break
    assert index.offset(Position(9, 0)) == len("😀x\nyz")
    assert index.position(99) == Position(1, 2)
    assert index.position(2) == Position(0, 3)


def test_empty_text():
    index = LineIndex("")
    assert index.position(0) == Position(0, 0)
    assert index.offset(Position(0, 5)) == 0


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="utf-7"):
        LineIndex("x", "utf-7")
