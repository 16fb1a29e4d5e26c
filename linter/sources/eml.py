"""Email (.eml, RFC 5322/MIME): the subject and the text/plain part (or the text of the HTML
part when there is no plain one), without quoted replies or the signature.

The standard library's email package parses every header and part and decodes them; this
module only finds where each of them sits in the file, so that a finding in a quoted-printable
or base64 body, or in an RFC 2047 encoded subject, still points at the bytes the user sees.
A quoted-printable or base64 body decoded here is checked against the email package's own
decoding; if they ever differ, the email package wins and the part's findings point at the
start of the part.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage

from linter.org import Envelope, parse_addresses
from linter.sources import html as html_reader
from linter.sources.markdown import Extract
from linter.sources.offsets import OffsetMap, TextBuilder

_BLANK_LINE = re.compile(r"\r?\n\r?\n|\r\r")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_QP_ESCAPE = re.compile(r"=([0-9A-Fa-f]{2})")

# A quoted thread starts at one of these lines and runs to the end of the body.
_THREAD_START = re.compile(
    r"^(?:\s*-{2,}\s*(?:原始邮件|Original Message|Forwarded message|转发的邮件)\s*-{2,}\s*"
    r"|\s*_{20,}\s*"
    r"|On\b.{0,300}\bwrote:\s*"
    r"|在.{0,120}写道[:：]\s*"
    r"|\s*(?:发件人|From)\s*[:：].*(?=\n\s*(?:发送时间|日期|Sent|Date|收件人|To)\s*[:：]))$",
    re.M | re.I,
)
_WROTE_SPLIT = re.compile(r"^On\b[^\n]{0,300}\n[^\n]{0,100}\bwrote:\s*$", re.M)
_QUOTED = re.compile(r"^[ \t]*>.*$", re.M)
_SIGNATURE = re.compile(r"^--[ \t]?$", re.M)
# git format-patch: the commit message ends at a "---" line, then the diffstat and the diff.
_PATCH_DIFF = re.compile(r"^diff --git ", re.M)
_PATCH_SEPARATOR = re.compile(r"^---[ \t]*\r?$", re.M)
_NEXT_TEXT_LINE = re.compile(r"\s*([^\n]*)")


@dataclass
class Part:
    """One MIME part: its parsed headers and where its body sits in the file."""

    message: EmailMessage
    body_start: int
    body_end: int


@dataclass
class EmailExtract(Extract):
    envelope: Envelope = field(default_factory=Envelope)
    body_span: tuple[int, int] = (0, 0)  # the linted body, in the file


def extract(source: str) -> EmailExtract:
    header_end, body_start = _split(source, 0, len(source))
    message = email.message_from_string(source, policy=policy.default)
    out = TextBuilder(source)
    envelope = Envelope()
    _headers(source, 0, header_end, out, envelope, message)
    chosen = _choose(source, Part(message, body_start, len(source)))
    if chosen is None:
        out.mask(header_end, len(source))
        text, offsets = out.result()
        return EmailExtract(text, offsets, envelope=envelope)
    part, is_html = chosen
    out.mask(header_end, part.body_start)
    body, body_map = _decode_body(source, part)
    if is_html:
        inner = html_reader.extract(body)
        body = inner.text
        body_map = inner.offsets.then(body_map) if inner.offsets else body_map
    body = _drop_quotes_and_signature(body)
    body = _mask_directives(body)
    out.put_mapped(body, body_map.starts, body_map.ends)
    out.mask(part.body_end, len(source))
    text, offsets = out.result()
    return EmailExtract(
        text, offsets, envelope=envelope, body_span=(part.body_start, part.body_end)
    )


def _split(source: str, start: int, end: int) -> tuple[int, int]:
    """(end of the header block, start of the body) of the entity at source[start:end]."""
    if source.startswith(("\r\n", "\n"), start):  # no headers at all
        return start, start + (2 if source.startswith("\r\n", start) else 1)
    m = _BLANK_LINE.search(source, start, end)
    if not m:
        return end, end
    return m.start() + (
        2 if source[m.start()] == "\r" and source[m.start() + 1] == "\n" else 1
    ), m.end()


def _headers(
    source: str,
    start: int,
    end: int,
    out: TextBuilder,
    envelope: Envelope,
    message: EmailMessage,
) -> None:
    """Masks the header block, keeping the Subject's text, and records where From/To/Cc are."""
    fields: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        m = _LINE.match(source, pos, end)
        if not m or m.end() == pos:
            break
        if source[pos] in " \t" and fields:
            fields[-1] = (fields[-1][0], m.end())
        else:
            fields.append((pos, m.end()))
        pos = m.end()
    for f_start, f_end in fields:
        raw = source[f_start:f_end]
        name, colon, _ = raw.partition(":")
        key = name.strip().lower()
        if not colon:
            out.mask(f_start, f_end)
            continue
        value_start = f_start + len(name) + 1
        if key == "subject":
            out.mask(f_start, value_start)
            _subject(source, value_start, f_end, out)
            continue
        lint_start = len(out)
        out.mask(f_start, f_end)
        if key in ("from", "to", "cc") and key not in envelope.spans:
            content_end = f_start + len(raw.rstrip("\r\n"))
            envelope.spans[key] = (lint_start, lint_start + (content_end - f_start))
    envelope.sender = parse_addresses(str(message.get("From", "")))
    envelope.to = [a for v in message.get_all("To", []) for a in parse_addresses(str(v))]
    envelope.cc = [a for v in message.get_all("Cc", []) for a in parse_addresses(str(v))]
    envelope.date = _date(message)


def _date(message: EmailMessage):
    from email.utils import parsedate_to_datetime

    raw = message.get("Date")
    if raw is None:
        return None
    try:
        return parsedate_to_datetime(str(raw)).date()
    except (TypeError, ValueError, IndexError):
        return None


def _subject(source: str, start: int, end: int, out: TextBuilder) -> None:
    """The subject's decoded text, each character tied to its place (an encoded word as a
    whole); folding line breaks become spaces."""
    pos = start
    previous_word_end = None
    for m in _ENCODED_WORD.finditer(source, start, end):
        gap = source[pos : m.start()]
        if not (previous_word_end is not None and not gap.strip()):  # RFC 2047: dropped
            _copy_unfolded(source, pos, m.start(), out)
        try:
            decoded = str(make_header(decode_header(m.group())))
        except (LookupError, UnicodeError, ValueError, binascii.Error):
            decoded = m.group()
        out.put(decoded, m.start(), m.end())
        pos = previous_word_end = m.end()
    _copy_unfolded(source, pos, end, out)


def _copy_unfolded(source: str, start: int, end: int, out: TextBuilder) -> None:
    for i in range(start, end):
        if source[i] in "\r\n":
            last_line = source.find("\n", i) == -1 or source[i + 1 : end].strip() == ""
            out.put("\n" if last_line and source[i] == "\n" else " ", i, i + 1)
        else:
            out.copy(i, i + 1)


def _choose(source: str, entity: Part) -> tuple[Part, bool] | None:
    """The first text/plain part that is not an attachment, else the first text/html one."""
    plain: Part | None = None
    html_part: Part | None = None
    for part in _walk(source, entity):
        msg = part.message
        if msg.get_content_disposition() == "attachment":
            continue
        ctype = msg.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html_part is None:
            html_part = part
    if plain is not None:
        return plain, False
    if html_part is not None:
        return html_part, True
    return None


def _walk(source: str, entity: Part):
    msg = entity.message
    if not msg.is_multipart():
        yield entity
        return
    boundary = msg.get_boundary()
    if not boundary:
        return
    delimiter = re.compile(r"^--" + re.escape(boundary) + r"(--)?[ \t]*\r?$", re.M)
    marks = list(delimiter.finditer(source, entity.body_start, entity.body_end))
    for this, following in zip(marks, marks[1:], strict=False):
        if this.group(1):  # the closing delimiter
            break
        part_start = this.end() + (1 if source[this.end() : this.end() + 1] == "\n" else 0)
        # The line break before the next delimiter belongs to the delimiter (RFC 2046).
        part_end = following.start()
        if source[part_end - 2 : part_end] == "\r\n":
            part_end -= 2
        elif source[part_end - 1 : part_end] == "\n":
            part_end -= 1
        part_end = max(part_end, part_start)
        sub = email.message_from_string(source[part_start:part_end], policy=policy.default)
        _, body_start = _split(source, part_start, part_end)
        yield from _walk(source, Part(sub, min(body_start, part_end), part_end))


def _decode_body(source: str, part: Part) -> tuple[str, OffsetMap]:
    """The part's text and, for each character, the span of the file it was decoded from."""
    msg = part.message
    cte = str(msg.get("Content-Transfer-Encoding", "7bit")).strip().lower()
    charset = msg.get_content_charset() or "us-ascii"
    start, end = part.body_start, part.body_end
    expected = None
    if cte in ("quoted-printable", "base64"):
        try:
            expected = msg.get_content()
        except (LookupError, UnicodeError, ValueError, KeyError):
            expected = None
        raw = _qp_bytes if cte == "quoted-printable" else _base64_bytes
        data, spans = raw(source, start, end)
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = "utf-8"
        text, starts, ends = _decode_spans(data, spans, charset)
    else:  # 7bit/8bit: the body is in the file as it is (already decoded with the file)
        text = source[start:end]
        starts = list(range(start, end))
        ends = list(range(start + 1, end + 1))
    if expected is not None and _normal(text) != _normal(expected):
        # Trust the email package's decoding; point every character at the part's start.
        text = expected
        starts = [start] * len(text)
        ends = [min(start + 1, end)] * len(text)
    text, starts, ends = _crlf_as_lf(text, starts, ends)
    return text, OffsetMap(starts, ends, len(source))


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip("\n")


def _crlf_as_lf(text: str, starts: list[int], ends: list[int]):
    """Decoded CRLF becomes one newline (spanning both), as the email package presents it."""
    if "\r\n" not in text:
        return text, starts, ends
    out, s_out, e_out = [], [], []
    i = 0
    while i < len(text):
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            out.append("\n")
            s_out.append(starts[i])
            e_out.append(ends[i + 1])
            i += 2
            continue
        out.append(text[i])
        s_out.append(starts[i])
        e_out.append(ends[i])
        i += 1
    return "".join(out), s_out, e_out


def _qp_bytes(source: str, start: int, end: int) -> tuple[bytes, list[tuple[int, int]]]:
    data = bytearray()
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = source[i]
        if ch == "=":
            if source.startswith("\r\n", i + 1):
                i += 3
                continue
            if source.startswith("\n", i + 1):
                i += 2
                continue
            m = _QP_ESCAPE.match(source, i, end)
            if m:
                data.append(int(m.group(1), 16))
                spans.append((i, i + 3))
                i += 3
                continue
        for byte in ch.encode("utf-8"):
            data.append(byte)
            spans.append((i, i + 1))
        i += 1
    return bytes(data), spans


def _base64_bytes(source: str, start: int, end: int) -> tuple[bytes, list[tuple[int, int]]]:
    """Every 4 base64 characters are 3 bytes; each byte points at its group of 4."""
    positions = [i for i in range(start, end) if not source[i].isspace()]
    data = bytearray()
    spans: list[tuple[int, int]] = []
    for g in range(0, len(positions) - 3, 4):
        group = positions[g : g + 4]
        try:
            decoded = base64.b64decode("".join(source[i] for i in group))
        except (binascii.Error, ValueError):
            break
        for byte in decoded:
            data.append(byte)
            spans.append((group[0], group[-1] + 1))
    return bytes(data), spans


def _decode_spans(data: bytes, spans: list[tuple[int, int]], charset: str):
    """Decodes bytes one at a time so each character knows the bytes (and so the source) it
    came from."""
    decoder = codecs.getincrementaldecoder(charset)("replace")
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_start: int | None = None
    for byte, (s, e) in zip(data, spans, strict=True):
        if pending_start is None:
            pending_start = s
        out = decoder.decode(bytes([byte]))
        for ch in out:
            chars.append(ch)
            starts.append(pending_start)
            ends.append(e)
        if out:
            pending_start = None
    tail = decoder.decode(b"", final=True)
    for ch in tail:
        chars.append(ch)
        starts.append(
            pending_start if pending_start is not None else (spans[-1][0] if spans else 0)
        )
        ends.append(spans[-1][1] if spans else 0)
    return "".join(chars), starts, ends


def _mask_directives(body: str) -> str:
    """msglint-disable lines of their own are directives, not prose."""
    from linter.suppress import own_line_spans

    chars = list(body)
    for start, end in own_line_spans(body):
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _drop_quotes_and_signature(body: str) -> str:
    """Quoted replies, the quoted thread below "On ... wrote:" / "-----原始邮件-----" / a
    From:+Sent: block, the signature below "-- " and a patch's diff become spaces (same
    length). An "On ... wrote:" line followed by quoted lines only introduces them: the
    replies written between the quotes (inline, as mutt users reply) are the sender's own."""
    cut = len(body)
    blank: list[tuple[int, int]] = []
    for regex in (_SIGNATURE, _THREAD_START, _WROTE_SPLIT):
        for m in regex.finditer(body):
            if regex is not _SIGNATURE and _introduces_quotes(body, m):
                blank.append((m.start(), m.end()))
                continue
            cut = min(cut, m.start())
            break
    if _PATCH_DIFF.search(body):
        m = _PATCH_SEPARATOR.search(body)
        if m:
            cut = min(cut, m.start())
    blank += [(m.start(), m.end()) for m in _QUOTED.finditer(body, 0, cut)]
    blank.append((cut, len(body)))
    chars = list(body)
    for start, end in blank:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


def _introduces_quotes(body: str, attribution: re.Match) -> bool:
    """An attribution line ("On ... wrote:", "在…写道：") whose next non-blank line is quoted."""
    text = attribution.group()
    if not (text.rstrip().endswith(("wrote:", "写道:", "写道："))):
        return False
    following = _NEXT_TEXT_LINE.match(body, attribution.end())
    return following is not None and following.group(1).lstrip(" \t").startswith(">")
