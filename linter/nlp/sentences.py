"""Sentence boundaries by punctuation and line structure, shared by both languages.

A blank pipeline has no parser, and spaCy's rule-based sentencizer neither knows Chinese
closing quotes nor line-structured messages (greeting line, bullet lists, hard-wrapped email
lines), so boundaries are found on characters and then applied to tokens.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import TYPE_CHECKING

from linter.nlp.tokenarrays import TokenArrays, doc_text, token_arrays

if TYPE_CHECKING:
    from spacy.tokens import Doc

TERMINALS = set("。！？!?…；")
CLOSERS = set("”’」』）)]】》〉\"'")
_ABBREVIATIONS = {
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "vs", "etc", "inc", "ltd", "co", "jr", "sr", "st",
    "approx", "no", "fig", "dept", "est", "u.s", "a.m", "p.m", "cf", "al",
}  # fmt: skip
# Abbreviations that rule out a boundary only before a lower-case word ("incl. tax", "ext. 5"
# stays split before a capital, as before). Words that also end sentences as plain words (art,
# sun, wed, temp) are left out: chat-style text starts sentences in lower case too.
_LOWER_ABBREVIATIONS = {
    "messrs", "prof", "corp", "ave", "blvd", "rd", "mt", "incl", "excl", "nos", "nr", "figs",
    "viz", "ibid", "attn", "ca", "esp", "resp", "govt", "assn", "assoc", "asst", "bldg", "div",
    "mgmt", "mgr", "acct", "amt", "qty", "tel", "ext", "pg", "pp", "vol", "vols", "ch", "sec",
    "secs", "para", "eq", "min", "mins", "max", "avg", "hr", "hrs", "wk", "wks", "yr", "yrs",
    "mo", "mos", "ft", "lb", "lbs", "oz", "jan", "feb", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "tues", "thu", "thur", "thurs", "fri", "misc",
    "orig", "prev", "req", "std", "univ", "intl", "dist", "cont",
}  # fmt: skip
_LIST_ITEM = re.compile(
    r"\s*(?:[-*•·●▪]\s|\d{1,2}[.)、．]\s?|[（(]?\d{1,2}[)）]|[一二三四五六七八九十]+、)"
)
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
# A line at least this wide (in terminal columns) with no closing punctuation looks hard-wrapped.
WRAP_WIDTH = 60


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0f":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _is_period_boundary(text: str, i: int) -> bool:
    """A '.' ends a sentence unless it belongs to a number, an abbreviation, an address or an
    ellipsis. A lower-case word after it still starts a new sentence ("ok. so we met"): chat and
    quick emails often skip capitals, and keeping such text as one sentence made run-ons."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt and not nxt.isspace() and nxt not in CLOSERS and nxt != ".":
        return False  # "3.5", "v1.2", "app.example.com", "e.g"
    window = max(0, i - 8)
    newline = text.rfind("\n", window, i)
    line_start = newline + 1 if newline != -1 else (0 if window == 0 else None)
    if line_start is not None and text[line_start:i].strip().isdigit():
        return False  # "1. " opening a numbered list item
    word = _WORD_BEFORE.search(text, max(0, i - 12), i)
    before = word.group(1).strip(".") if word else ""
    if before.lower() in _ABBREVIATIONS:
        return False
    rest = text[i + 1 : i + 40].lstrip(". \t" + "".join(CLOSERS))
    if not rest[:1].islower():
        return True
    if nxt == "." or (i > 0 and text[i - 1] == "."):
        return False  # an ellipsis pausing mid-sentence: "wait... what"
    # an abbreviation ("incl. tax"), an initial ("J. doe"), an unlisted dotted one ("a.k.a. the")
    abbreviated = (
        before.lower() in _LOWER_ABBREVIATIONS
        or len(before) == 1
        or ("." in before and all(len(part) <= 2 for part in before.split(".")))
    )
    return not abbreviated


def _line_breaks_sentence(text: str, nl: int, lang: str) -> bool:
    """Whether the single newline at `nl` ends a sentence (blank lines always do)."""
    line_start = text.rfind("\n", 0, nl) + 1
    prev_line = text[line_start:nl].rstrip()
    next_end = text.find("\n", nl + 1)
    next_line = text[nl + 1 : next_end if next_end != -1 else len(text)]
    if not prev_line.strip() or not next_line.strip():
        return True
    if _LIST_ITEM.match(next_line) or _LIST_ITEM.match(prev_line):
        return True
    if prev_line[-1] in TERMINALS or prev_line[-1] in ",，:：、" or prev_line[-1] in CLOSERS:
        return True
    # A long line with no closing punctuation was most likely wrapped by the mail client.
    return display_width(prev_line) < WRAP_WIDTH


# Where the walk below has anything to do: the next non-space character while a sentence is
# pending, else the next character that may end one (every other character is passed over).
_NON_SPACE = re.compile(r"\S")
_MAY_END = re.compile("[" + re.escape("".join(sorted(TERMINALS)) + ";.\n") + "]")


def sentence_starts(text: str, lang: str) -> list[int]:
    """Character offsets where sentences begin (the first non-space character of each).
    Jumps by regex search to the characters that matter rather than looking at each one in
    Python: while a sentence is pending, whitespace changes nothing; otherwise only terminals,
    ';', '.' and newlines do."""
    starts: list[int] = []
    n = len(text)
    i = 0
    pending = True  # the next non-space character starts a sentence
    while i < n:
        found = (_NON_SPACE if pending else _MAY_END).search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if pending:
            starts.append(i)
            pending = False
        if ch in TERMINALS or (ch == ";" and lang == "zh"):
            j = i + 1
            while j < n and (text[j] in TERMINALS or text[j] in CLOSERS or text[j] == "."):
                j += 1
            pending = True
            i = j
            continue
        if ch == "." and _is_period_boundary(text, i):
            j = i + 1
            while j < n and (text[j] in CLOSERS or text[j] == "."):
                j += 1
            pending = True
            i = j
            continue
        if ch == "\n" and not pending and _line_breaks_sentence(text, i, lang):
            pending = True
        i += 1
    return starts


def first_tokens(text: str, lang: str, arrays: TokenArrays) -> list[int]:
    """Indices of the tokens that begin sentences: the token holding, or first following, each
    boundary (a boundary inside a whitespace gap belongs to no token and is passed over);
    token 0 always. A message has a few boundaries, so plain bisection beats array work."""
    starts, ends = arrays.starts, arrays.ends
    if not starts:
        return []
    hits = {0}
    for boundary in sentence_starts(text, lang):
        holder = bisect_right(ends, boundary)
        if holder < len(starts) and starts[holder] <= boundary:
            hits.add(holder)
    return sorted(hits)


def set_sentence_starts(doc: Doc) -> Doc:
    """The `msglint_sentences` pipeline component (registered by linter.nlp.pipelines when it
    builds a pipeline, so spaCy is not imported to split Chinese text): sets the boundaries on
    the Doc in one from_array call; assigning token.is_sent_start checks the whole doc each
    time, which made long inputs quadratic."""
    if not len(doc):
        return doc
    import numpy
    from spacy.attrs import SENT_START

    values = numpy.full((len(doc), 1), -1, dtype="int64")
    values[first_tokens(doc_text(doc), doc.lang_, token_arrays(doc)), 0] = 1
    doc.from_array([SENT_START], values.astype("uint64"))  # -1 wraps, as to_array gives it
    return doc
