"""jieba's segmentation of a text, with each block segmented once per process.

`jieba.cut` splits a text with its `re_han_default` pattern into blocks of CJK characters,
ASCII letters and digits, and segments each block on its own (dictionary DAG, then the HMM for
runs of single characters): nothing outside a block changes how it is cut. Whatever lies
between blocks (punctuation, whitespace, other scripts) comes out one character at a time,
whitespace included. So a block's words depend only on the block and on jieba's dictionary;
real messages repeat clauses ("您好", "现将有关情况答复如下"), and a third of the blocks of the
official replies recur. Each block is cut once and its word boundaries kept; the cache is
dropped whenever jieba's dictionary may have changed (a rule pack adding words, a library user
calling `jieba.add_word`).

A block is cut by cut_dag below: jieba 0.42.1's own `Tokenizer.__cut_DAG` (dictionary DAG,
best route by log frequency, unknown runs to jieba's HMM `finalseg.cut`), the same arithmetic
in the same order, with the DAG and the route found in one pass and each word's log frequency
computed once per dictionary rather than once per occurrence; it took a third off jieba's time.
The HMM runs go to linter.nlp.zhhmm (finalseg's Viterbi unrolled, same arithmetic, under half
its time), and a block's words are kept as where each ends, never as strings.
(rjieba, jieba-rs, was tried and is not used: ten times as fast, but where two routes tie
exactly, "咚咚咚" = 咚咚 + 咚 or 咚 + 咚咚, its rounding picks the other one; with msglint's
words added that changed one block of the corpus.) tests/test_fast_tokens.py checks the tokens
equal spaCy's and a plain `jieba.cut` on every reply and question of the corpus, on edge cases
and on random text; any other jieba version falls back to `jieba.cut`.
"""

from __future__ import annotations

from math import log

from linter.nlp.zhhmm import word_lengths

# Where each word of each block ends, within the block (a word starts where the one before it
# ends); cleared when it grows past BLOCK_CACHE (a few hundred bytes a block) or when the
# dictionary changes.
_blocks: dict[str, tuple[int, ...]] = {}
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
    _forget_all()
    _state = None


def _forget_all() -> None:
    _blocks.clear()
    _entries.clear()
    _hmm.clear()


def forget_texts() -> None:
    """Forgets the blocks and HMM runs seen, keeping what depends on the dictionary alone (the
    bench measures latency as if each message were new)."""
    _blocks.clear()
    _hmm.clear()


def block_cache() -> dict[str, tuple[int, ...]]:
    """The cache of block words, emptied first if jieba's dictionary changed since it was
    filled (initialising jieba first, as its first cut would)."""
    global _state
    import jieba

    if not jieba.dt.initialized:
        jieba.initialize()
    state = dictionary_state()
    if state != _state:
        _forget_all()
        _state = state
    return _blocks


def cut_block(block: str) -> tuple[int, ...]:
    """Where the words of one block end, cut by jieba and cached."""
    import jieba

    if jieba.__version__ == "0.42.1":
        ends = cut_dag(block)
    else:
        ends = []
        at = 0
        for word in jieba.cut(block, cut_all=False):
            at += len(word)
            ends.append(at)
    words = tuple(ends)
    if len(_blocks) >= BLOCK_CACHE:
        _blocks.clear()
    _blocks[block] = words
    return words


# log(frequency) - log(total) of each dictionary entry met, as jieba's calc computes it, or
# _PREFIX_ONLY for an entry that is only the start of longer words (frequency 0); emptied with
# the block cache whenever the dictionary changes.
_PREFIX_ONLY = object()
_entries: dict[str, object] = {}
# The lengths of the words the HMM makes of each run of single characters (runs like 的是 recur
# far more than whole blocks); the model is fixed, its forced splits are part of the dictionary
# state.
_hmm: dict[str, tuple[int, ...]] = {}


def cut_dag(sentence: str) -> list[int]:
    """Where each word of jieba.cut(sentence) (HMM on) ends, as jieba 0.42.1's
    Tokenizer.__cut_DAG cuts it: for each position, every dictionary word starting there (a
    prefix of the text in FREQ with a frequency; the lone character if none), the route score
    log(freq or 1) - log(total) + the score after it, the best by score then by the longer
    word; then the route walked, runs of single characters gathered and handed to the HMM
    unless the run is a word."""
    import jieba

    freq = jieba.dt.FREQ
    logtotal = log(jieba.dt.total)
    n = len(sentence)
    score = [0.0] * (n + 1)  # jieba's route[n] = (0, 0): w + 0 == w + 0.0 for every float w
    step = [0] * (n + 1)
    get = freq.get
    entries = _entries
    entry = entries.get
    lone = -logtotal  # a character with no word: `FREQ.get(char) or 1` is 1, log(1) is 0.0
    for k in range(n - 1, -1, -1):
        # jieba: `while i < n and frag in FREQ`, then `if FREQ[frag]`; the lone character first
        frag = sentence[k]
        weight = entry(frag)  # one lookup for a dictionary entry met before
        if weight is None:
            count = get(frag)
            if count is None:  # no word starts here: the character alone
                score[k] = lone + score[k + 1]
                step[k] = k + 1
                continue
            weight = entries[frag] = log(count) - logtotal if count else _PREFIX_ONLY
        j = k + 1  # the fragment is sentence[k:j]
        best = None if weight is _PREFIX_ONLY else weight + score[j]
        best_end = j
        while j < n:
            j += 1
            frag = sentence[k:j]
            weight = entry(frag)
            if weight is None:
                count = get(frag)
                if count is None:
                    break
                weight = entries[frag] = log(count) - logtotal if count else _PREFIX_ONLY
            if weight is not _PREFIX_ONLY:
                total = weight + score[j]
                if best is None or total >= best:  # max((score, end)): ties to the later end
                    best = total
                    best_end = j
        if best is None:  # only longer words start here: the character alone, as above
            best = lone + score[k + 1]
        score[k] = best
        step[k] = best_end
    ends: list[int] = []
    x = 0
    run = -1  # where the current run of single characters began
    while x < n:
        y = step[x]
        if y - x == 1:
            if run < 0:
                run = x
        else:
            if run >= 0:
                if x - run == 1:  # a lone single character is itself
                    ends.append(x)
                else:
                    _run_ends(sentence, run, x, freq, ends)
                run = -1
            ends.append(y)
        x = y
    if run >= 0:
        _run_ends(sentence, run, n, freq, ends)
    return ends


def _run_ends(sentence: str, start: int, end: int, freq: dict, ends: list[int]) -> None:
    """A run of single characters: itself if one, each character if the run is a word, else
    what jieba's HMM makes of it."""
    if end - start == 1:
        ends.append(end)
        return
    buf = sentence[start:end]
    if freq.get(buf):
        ends.extend(range(start + 1, end + 1))
        return
    lengths = _hmm.get(buf)
    if lengths is None:
        if len(_hmm) >= BLOCK_CACHE:
            _hmm.clear()
        lengths = _hmm[buf] = tuple(word_lengths(buf))
    for length in lengths:
        start += length
        ends.append(start)
