"""Phrase search that respects word boundaries in both languages.

`\\b` means nothing between two Chinese characters, so "请" would match inside "申请". Instead a
phrase matches only where its first and last characters fall on token boundaries of the
segmented text (jieba for Chinese, spaCy's tokenizer for English). Matching on characters
rather than on token sequences keeps a phrase found even when jieba splits it differently in
context than on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from linter.userregex import folded

Aligned = Callable[[int, int], bool]


def phrase_atoms(phrase: str, ignorecase: bool = True) -> list[str]:
    """A phrase as regex atoms: any run of spaces matches any whitespace, either apostrophe
    matches."""
    parts: list[str] = []
    for ch in phrase.strip():
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in "'’":
            parts.append("['’]")
        else:
            parts.append(re.escape(ch.lower() if ignorecase else ch))
    return parts


def phrase_regex(phrase: str) -> str:
    return "".join(phrase_atoms(phrase))


def trie_regex(phrases: Iterable[str], ignorecase: bool = True) -> str:
    """One regex for many phrases, shaped as a trie so the engine tests each position against
    the phrases' shared prefixes once instead of against every phrase in turn. Greedy optional
    tails keep the old semantics: at a position, the longest phrase wins, shorter ones on
    backtracking."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for atom in phrase_atoms(phrase, ignorecase):
            node = node.setdefault(atom, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [atom + build(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a phrase may end here: the longer continuations are optional
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return build(trie)


class PhraseIndex:
    """All phrases of one list compiled into a single alternation, longest first."""

    def __init__(self, phrases: Iterable[str], ignorecase: bool = True) -> None:
        self.phrases = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
        self.ignorecase = ignorecase
        # The same search without IGNORECASE over the case-folded text finds the same matches
        # about four times faster, when folding cannot disagree with IGNORECASE: phrases of
        # ASCII or caseless characters (Chinese), a text folded without changing any length.
        self.foldable = bool(self.phrases) and ignorecase and all(map(_folds_safely, self.phrases))
        self._compiled: tuple[re.Pattern, re.Pattern | None] | None = None

    def __getstate__(self) -> dict:
        # Compiled on first use, never pickled: a cached pack loads without compiling the
        # hundreds of phrase lists a run may never search.
        return {**self.__dict__, "_compiled": None}

    def _regexes(self) -> tuple[re.Pattern, re.Pattern | None]:
        compiled = self._compiled
        if compiled is None:
            source = trie_regex(self.phrases, self.ignorecase)
            flags = re.IGNORECASE if self.ignorecase else 0
            compiled = (re.compile(source, flags), re.compile(source) if self.foldable else None)
            self._compiled = compiled
        return compiled

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def finditer(self, text: str, aligned: Aligned, base: int = 0) -> Iterator[tuple[int, int]]:
        """(start, end) of each token-aligned occurrence, offsets shifted by `base`."""
        if not self.phrases:
            return
        regex, folded_regex = self._regexes()
        if folded_regex is not None:
            lowered = folded(text)
            if len(lowered) == len(text) and "ı" not in lowered:
                text, regex = lowered, folded_regex
        pos = 0
        while True:
            match = regex.search(text, pos)
            if match is None:
                return
            start, end = match.start() + base, match.end() + base
            if aligned(start, end):
                yield start, end
                pos = match.end()
            else:
                # A longer phrase may be misaligned where a shorter one at the same place is not.
                shorter = _aligned_prefix(regex, text, match.start(), match.end(), aligned, base)
                if shorter:
                    yield shorter
                    pos = shorter[1] - base
                else:
                    pos = match.start() + 1


def _aligned_prefix(
    regex: re.Pattern, text: str, start: int, end: int, aligned: Aligned, base: int
) -> tuple[int, int] | None:
    for cut in range(end - 1, start, -1):
        match = regex.fullmatch(text, start, cut)
        if match and aligned(start + base, cut + base):
            return start + base, cut + base
    return None


def _folds_safely(phrase: str) -> bool:
    """ASCII, or a character without case (Chinese): folding and IGNORECASE agree on it
    (dotless ı, which IGNORECASE pairs with i, is kept out of the folded path by the caller)."""
    return all(ch.isascii() or (ch.lower() == ch.upper() == ch.casefold()) for ch in phrase)
