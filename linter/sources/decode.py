"""Bytes to text without guessing wrong: BOMs (UTF-8/16/32), UTF-8, then GB18030 (a superset of
GBK)."""

from __future__ import annotations

import codecs

from linter.errors import InputError

_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1b")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Returns (text, encoding) or raises InputError saying why the bytes are not text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    # Before UTF-16: the UTF-32-LE BOM (FF FE 00 00) starts with the UTF-16-LE one.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _strict(data, "utf-32", name), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data[:65536]:
        raise InputError(name, "binary file (contains NUL bytes); not linted")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError(name, "binary file (control characters); not linted")
        return text, encoding
    raise InputError(name, "not valid UTF-8 or GB18030/GBK text; re-save it as UTF-8")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"invalid {encoding} at byte {exc.start}") from None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return controls > max(2, len(sample) // 100)
