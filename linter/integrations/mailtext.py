"""The words a person wrote in an email: its subject and the text/plain body without quoted
replies, the signature, a forwarded original or a patch's diff. Parsing uses the stdlib email
package; the raw bytes are only read, never rewritten."""

from __future__ import annotations

import email
import email.policy
import re

QUOTED = re.compile(r"^\s*>")
ATTRIBUTION = re.compile(r"(wrote|写道|寫道)\s*[:：]\s*$")
# Everything after these is someone else's text: signature, Outlook/Foxmail originals, forwards.
CUT_MARKERS = re.compile(
    r"^(-- |--|-{3,}\s*(Original Message|原始邮件|原始郵件)\s*-{3,}"
    r"|-{5,}\s*Forwarded message\s*-{5,}|-{3,}\s*转发的邮件\s*-{3,})\s*$",
    re.IGNORECASE,
)
PATCH_DIFF = re.compile(r"^diff --git ", re.MULTILINE)


def mail_texts(raw: bytes) -> list[tuple[str, str]]:
    """[("subject", ...), ("body", ...)], each only when it holds text. Raises on a message
    whose body cannot be decoded (an unknown charset, say); the caller decides what that means."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = " ".join(str(message.get("subject", "") or "").split())
    part = message.get_body(preferencelist=("plain",))
    body = own_words(_body_text(part)) if part is not None else ""
    return [(name, text) for name, text in (("subject", subject), ("body", body)) if text.strip()]


def _body_text(part) -> str:
    """The part's text. A body of 8-bit bytes with no charset parameter (some scripts and
    older clients send Chinese that way) would be read as ASCII, every Chinese character
    replaced; such bytes are decoded as a file would be (UTF-8, else GB18030, Big5 or
    Windows-1252)."""
    if part.get_param("charset") is None:
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and not payload.isascii():
            from linter.errors import InputError
            from linter.sources.decode import decode

            try:
                return decode(payload, "mail body")[0]
            except InputError:
                pass
    return part.get_content()


def own_words(body: str) -> str:
    """The body without what the sender did not write: quoted lines and their attribution
    line, and everything from a signature, forwarded original or patch diff on."""
    if PATCH_DIFF.search(body):
        head, sep, _ = body.partition("\n---\n")
        if sep:
            body = head + "\n"
    kept: list[str] = []
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if CUT_MARKERS.match(line):
            break
        if QUOTED.match(line):
            continue
        following = next((n for n in lines[i + 1 :] if n.strip()), "")
        if ATTRIBUTION.search(line) and QUOTED.match(following):
            continue
        kept.append(line)
    return "\n".join(kept).strip("\n") + "\n" if any(k.strip() for k in kept) else ""
