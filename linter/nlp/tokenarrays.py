"""Token offsets as plain lists, without a Token object per token.

Iterating a Doc creates a Python Token object per token; the sentence component, the feature
search and the analysis each walked every token that way, which cost more than spaCy's own
tokenizer. The offsets come from `Doc.to_array` (one C call) or, on the blank pipelines, from
jieba and spaCy's tokenizer without a Doc at all (chinese_token_arrays, english_token_arrays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported where a Doc is built, never for blank-pipeline zh
    from spacy.tokens import Doc

_KEY = "msglint_token_arrays"


@dataclass(frozen=True)
class TokenArrays:
    starts: list[int]  # character offset of each token
    ends: list[int]  # offset just past each token
    is_space: list[bool]  # whether each token is whitespace

    @cached_property
    def start_set(self) -> set[int]:
        return set(self.starts)

    @cached_property
    def end_set(self) -> set[int]:
        return set(self.ends)


def chinese_token_arrays(text: str) -> TokenArrays:
    """The tokens spaCy's Chinese tokenizer (segmenter "jieba") makes of `text`, without
    building its Doc: jieba's words where they occur (spacy.util.get_words_and_spaces), one
    space after a word kept as that word's trailing whitespace, any other gap a whitespace
    token. Building the Doc (a lexeme lookup per word) cost a third as much as jieba itself.
    jieba's words cover the text exactly, so offsets add up: its blocks come from
    linter.nlp.zhsegment (each distinct block cut once), everything between blocks is one
    token per character as jieba yields it, whitespace aside. tests/test_fast_tokens.py checks
    the offsets equal the Doc's on real text."""
    import jieba

    from linter.nlp.zhsegment import block_cache, cut_block

    cache = block_cache()
    ends: list[int] = []
    space: list[bool] = []
    add_end, add_space = ends.append, space.append
    # Each token starts where the one before it ends, except after a space kept as that one's
    # trailing whitespace: these tokens' indexes, the starts are filled in at the end.
    shifted: list[int] = []
    cur, n = 0, len(text)  # cur: where the text is accounted for up to
    pos = 0
    # With its capturing group, split alternates: text between blocks at even indexes, the
    # blocks jieba segments at odd ones (jieba tests each with re_han.match: the same pieces).
    pieces = jieba.re_han_default.split(text)
    last = len(pieces) - 1
    for i in range(0, last + 1, 2):
        gap = pieces[i]
        size = len(gap)
        if size == 1 and not gap.isspace():  # most gaps: one punctuation mark
            if pos > cur:
                add_end(pos)
                add_space(True)
            pos += 1
            add_end(pos)
            add_space(False)
            if pos < n and text[pos] == " ":
                cur = pos + 1
                shifted.append(len(ends))
            else:
                cur = pos
        elif size:
            for at in range(pos, pos + size):  # jieba yields these one character at a time
                if text[at].isspace():
                    continue
                if at > cur:
                    add_end(at)
                    add_space(True)
                cur = at + 1
                add_end(cur)
                add_space(False)
                if cur < n and text[cur] == " ":
                    cur += 1
                    shifted.append(len(ends))
            pos += size
        if i == last:
            break
        block = pieces[i + 1]
        words = cache.get(block)
        if words is None:
            words = cut_block(block)
        if pos > cur:
            add_end(pos)
            add_space(True)
        ends += [pos + end for end in words] if pos else words
        space += [False] * len(words)
        pos += len(block)
        if pos < n and text[pos] == " ":
            cur = pos + 1
            shifted.append(len(ends))
        else:
            cur = pos
    if cur < n:
        add_end(n)
        add_space(True)
    starts = [0, *ends[:-1]] if ends else []
    count = len(ends)
    for index in shifted:
        if index < count:
            starts[index] += 1
    return TokenArrays(starts, ends, space)


_RUNS = re.compile(r"\s+|\S+")
# Tokens of each whitespace-free chunk, as (start, end) within it. Chunks repeat a lot across
# messages ("the", "Thanks,", "-----Original"); cleared when it grows past CHUNK_CACHE.
_chunk_tokens: dict[str, tuple[tuple[int, int], ...]] = {}
CHUNK_CACHE = 200_000


def english_token_arrays(text: str, tokenizer) -> TokenArrays:
    """The tokens spaCy's tokenizer makes of `text`, without building a Doc per message.
    spaCy splits the text into whitespace and non-whitespace runs and tokenizes each
    non-whitespace run on its own (affixes, infixes, special cases never look past it; a special
    case matched across a space is looked up by its text, spaces included, and never applies),
    so each distinct run is tokenized once and reused. A run of whitespace is a token, except
    one space right after a word, which is that word's trailing whitespace.
    tests/test_fast_tokens.py checks the offsets equal the Doc's on real mail."""
    starts: list[int] = []
    ends: list[int] = []
    space: list[bool] = []
    pos = 0
    after_word = False
    cache = _chunk_tokens
    for piece in _RUNS.findall(text):  # the runs cover the text exactly, in order
        size = len(piece)
        if piece[0].isspace():
            skip = 1 if after_word and piece[0] == " " else 0
            if size > skip:
                starts.append(pos + skip)
                ends.append(pos + size)
                space.append(True)
            after_word = False
        else:
            tokens = cache.get(piece)
            if tokens is None:
                tokens = _tokenize_chunk(piece, tokenizer)
            if tokens is _WHOLE:
                starts.append(pos)
                ends.append(pos + size)
                space.append(False)
            else:
                starts.extend(pos + s for s, _ in tokens)
                ends.extend(pos + e for _, e in tokens)
                space.extend([False] * len(tokens))
            after_word = True
        pos += size
    return TokenArrays(starts, ends, space)


_WHOLE = ((-1, -1),)  # marks a chunk that is one token (never a real token list)


def _tokenize_chunk(piece: str, tokenizer) -> tuple[tuple[int, int], ...]:
    """A chunk not seen before. Most are one token, and spaCy's own prefix, suffix and infix
    searches and special cases tell so without running the tokenizer (a Doc and a lexeme per
    new word: four fifths of a new chunk's cost); the others go through a copy of the
    tokenizer whose vocabulary computes no lexical attributes (same rules, same tokens)."""
    if len(_chunk_tokens) >= CHUNK_CACHE:
        _chunk_tokens.clear()
    if _one_token(piece, tokenizer):
        tokens = _WHOLE
    else:
        arrays = token_arrays(_bare(tokenizer)(piece))
        tokens = tuple(zip(arrays.starts, arrays.ends, strict=True))
        if tokens == ((0, len(piece)),):
            tokens = _WHOLE
    _chunk_tokens[piece] = tokens
    return tokens


def _one_token(piece: str, tokenizer) -> bool:
    """spaCy's tokenizer keeps a whitespace-free string whole when no special case names it and
    neither its prefix, suffix nor infix search finds anything in it (Tokenizer._split_affixes
    and _attach_tokens); when unsure, say no and let the tokenizer decide."""
    if piece in tokenizer.rules:
        return False
    prefix, suffix, infix = (
        tokenizer.prefix_search,
        tokenizer.suffix_search,
        tokenizer.infix_finditer,
    )
    return (
        (prefix is None or prefix(piece) is None)
        and (suffix is None or suffix(piece) is None)
        and (infix is None or next(infix(piece), None) is None)
    )


_bare_tokenizers: dict[int, tuple[object, object]] = {}


def _bare(tokenizer):
    """The tokenizer with the same rules over an empty Vocab: a new word's lexeme no longer
    runs the language's attribute functions (like_num, shape, ...), which tokens never need,
    and the pipeline's vocabulary does not grow with every word of a batch."""
    kept = _bare_tokenizers.get(id(tokenizer))
    if kept is None or kept[0] is not tokenizer:
        from spacy.tokenizer import Tokenizer
        from spacy.vocab import Vocab

        bare = Tokenizer(
            Vocab(),
            rules=tokenizer.rules,
            prefix_search=tokenizer.prefix_search,
            suffix_search=tokenizer.suffix_search,
            infix_finditer=tokenizer.infix_finditer,
            token_match=tokenizer.token_match,
            url_match=tokenizer.url_match,
            faster_heuristics=tokenizer.faster_heuristics,
        )
        if len(_bare_tokenizers) >= 8:  # a few pipelines per process, unless built in a loop
            _bare_tokenizers.clear()
        kept = _bare_tokenizers[id(tokenizer)] = (tokenizer, bare)
    return kept[1]


def token_arrays(doc: Doc) -> TokenArrays:
    """The arrays of this Doc (cached in doc.user_data; a Doc's tokens never change here)."""
    cached = doc.user_data.get(_KEY)
    if cached is not None and len(cached.starts) == len(doc):
        return cached
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    rows = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist() if len(doc) else []
    arrays = TokenArrays(
        [idx for idx, _, _ in rows],
        [idx + length for idx, length, _ in rows],
        [bool(space) for _, _, space in rows],
    )
    doc.user_data[_KEY] = arrays
    return arrays


_TEXT = "msglint_text"


def doc_text(doc: Doc) -> str:
    """The Doc's text. `Doc.text` joins every token's text anew on each call; the analyzer
    hands the string it tokenized over in user_data, so components never rebuild it."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def make_doc(nlp, text: str) -> Doc:
    """nlp(text), keeping the text at hand for doc_text()."""
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT] = text
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc
