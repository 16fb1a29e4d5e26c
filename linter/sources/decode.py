"""Bytes to text without guessing wrong: BOMs (UTF-8/16/32), then UTF-8, and only for bytes that
are not valid UTF-8, charset-normalizer choosing among GB18030 (a superset of GBK), Big5 and
Windows-1252 (a superset of Latin-1's printable range).

Trying GB18030 blindly, as before, read short German or French text ("Grüße Müller") as Chinese:
its bytes happen to form valid GB18030 pairs. charset-normalizer weighs how plausible each
decoding is, and a decoding it still finds messy is refused rather than guessed."""

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
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _detect(data, name)
    if _looks_binary(text):
        raise InputError(name, "binary file (control characters); not linted")
    return text, encoding


def decode_mail(data: bytes, name: str) -> tuple[str, str]:
    """As decode(), for a whole email: its parts can mix encodings that no single one decodes
    (a UTF-8 body under a header with a stray Latin-1 byte). Such mail is read as UTF-8 with the
    undecodable bytes replaced, since it must still be linted and the bytes delivered are the
    raw ones anyway; bytes that are not text at all still raise InputError."""
    try:
        return decode(data, name)
    except InputError:
        if b"\x00" in data[:65536]:
            raise
        text = data.decode("utf-8", "replace")
        if _looks_binary(text):
            raise
        return text, "utf-8 (undecodable bytes replaced)"


# Legacy encodings msglint's users write in; charset-normalizer only chooses among these.
LEGACY = ("gb18030", "big5", "cp1252")
# A decoding charset-normalizer rates messier than this is not trusted (its own default is 0.2).
MAX_CHAOS = 0.1


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY), threshold=MAX_CHAOS).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise InputError(
            name, "not valid UTF-8, GB18030/GBK, Big5 or Windows-1252 text; re-save it as UTF-8"
        )
    encoding = best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):  # never expected: the detector decoded it already
        raise InputError(name, f"cannot decode as {encoding}; re-save it as UTF-8") from None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"invalid {encoding} at byte {exc.start}") from None


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return controls > max(2, len(sample) // 100)
