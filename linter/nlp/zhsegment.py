"""jieba's segmentation of a text, with each block segmented once per process.

`jieba.cut` splits a text with its `re_han_default` pattern into blocks of CJK characters,
ASCII letters and digits, and segments each block on its own (dictionary DAG, then the HMM for
runs of single characters): nothing outside a block changes how it is cut. Whatever lies
between blocks (punctuation, whitespace, other scripts) comes out one character at a time,
whitespace included. So a block's words depend only on the block and on jieba's dictionary;
real messages repeat clauses ("您好", "现将有关情况答复如下"), and a third of the blocks of the
official replies recur. Each block is cut once with `jieba.cut` itself and its word boundaries
kept; the cache is dropped whenever jieba's dictionary may have changed (a rule pack adding
words, a library user calling `jieba.add_word`). tests/test_fast_tokens.py checks the tokens
equal spaCy's and a plain `jieba.cut` on every reply of the corpus and on edge cases.
"""

from __future__ import annotations

# Word boundaries of each block, as (starts, ends) within it; cleared when it grows past
# BLOCK_CACHE (a few hundred bytes a block) or when the dictionary changes.
_blocks: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
_state: tuple | None = None
BLOCK_CACHE = 100_000


def dictionary_state() -> tuple:
    """Changes whenever jieba's dictionary can have changed: a new dictionary is a new FREQ
    object; `add_word` adds entries or raises the total; a word added with frequency 0
    (`del_word`) joins finalseg's forced splits."""
    import jieba
    from jieba import finalseg

    dt = jieba.dt
    return (id(dt.FREQ), len(dt.FREQ), dt.total, len(finalseg.Force_Split_Words))


def clear() -> None:
    """Forgets every block (tests compare against an empty cache)."""
    global _state
    _blocks.clear()
    _state = None


def block_cache() -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """The cache of block words, emptied first if jieba's dictionary changed since it was
    filled (initialising jieba first, as its first cut would)."""
    global _state
    import jieba

    if not jieba.dt.initialized:
        jieba.initialize()
    state = dictionary_state()
    if state != _state:
        _blocks.clear()
        _state = state
    return _blocks


def cut_block(block: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The words of one block as (starts, ends), cut by jieba and cached."""
    import jieba

    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for word in jieba.cut(block, cut_all=False):  # a lone block: jieba cuts just this block
        starts.append(at)
        at += len(word)
        ends.append(at)
    words = (tuple(starts), tuple(ends))
    if len(_blocks) >= BLOCK_CACHE:
        _blocks.clear()
    _blocks[block] = words
    return words
