"""jieba's HMM (`jieba.finalseg.cut`) for the runs of single characters its dictionary route
leaves, as the lengths of the words it yields.

jieba 0.42.1's `finalseg.viterbi` builds a list of dicts, a list of candidate tuples per state
and a copy of the best path per state at every character; here the four states are unrolled
into local variables with back-pointers, and a run costs about a third of `finalseg.cut`'s
time (measured on the replies' distinct runs). The arithmetic is jieba's, term for term and in
the same order (`V[t-1][y0] + trans_p[y0].get(y, MIN_FLOAT) + em_p`), and so is the tie-break:
`max` over (probability, state) tuples takes the later letter on a tie. The words are then
read off the states as `finalseg.__cut` reads them, and a word in `Force_Split_Words` is split
into its characters as `finalseg.cut` splits it. tests/test_zhhmm.py compares the result with
`finalseg.cut` on every block of the corpus, on random text and with a forced split.
"""

from __future__ import annotations

# Emission log-probabilities of each character met, (B, M, E, S); they belong to one model.
_emissions: dict[str, tuple[float, float, float, float]] = {}
_model: list = [None]  # (start_P, trans_P, emit_P, MIN_FLOAT, starts, transitions)


def word_lengths(run: str) -> list[int]:
    """The lengths of the words `finalseg.cut(run)` yields, in order."""
    from jieba import finalseg

    lengths: list[int] = []
    if finalseg.re_han.fullmatch(run):  # most runs: one Han piece, as split would leave it
        _han_lengths(run, finalseg, lengths)
        return lengths
    # With its capturing group, split alternates: other text at even indexes, Han runs at odd
    # ones (finalseg.cut tests each piece with re_han.match: the same pieces).
    for i, piece in enumerate(finalseg.re_han.split(run)):
        if not piece:
            continue
        if i % 2:
            _han_lengths(piece, finalseg, lengths)
        else:
            lengths.extend(len(x) for x in finalseg.re_skip.split(piece) if x)
    return lengths


def _han_lengths(text: str, finalseg, lengths: list[int]) -> None:
    """finalseg.__cut(text), each word split into characters if it is a forced split."""
    states = _viterbi(text, finalseg)
    forced = finalseg.Force_Split_Words
    begin = nexti = 0
    for i, state in enumerate(states):
        if state == _B:
            begin = i
        elif state == _E:
            if forced and text[begin : i + 1] in forced:
                lengths.extend([1] * (i + 1 - begin))
            else:
                lengths.append(i + 1 - begin)
            nexti = i + 1
        elif state == _S:
            lengths.append(1)  # a single character is split into itself either way
            nexti = i + 1
    if nexti < len(text):
        if forced and text[nexti:] in forced:
            lengths.extend([1] * (len(text) - nexti))
        else:
            lengths.append(len(text) - nexti)


_B, _M, _E, _S = range(4)  # the states, as indexes into each step's back-pointers


def _model_constants(finalseg) -> tuple:
    """The start and transition log-probabilities each unrolled step adds, read once per
    model (finalseg's three tables; the emission cache belongs to them too)."""
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    cached = _model[0]
    if cached is not None and cached[0] is start and cached[1] is trans and cached[2] is emit:
        return cached
    low = finalseg.MIN_FLOAT
    _emissions.clear()
    cached = _model[0] = (
        start,
        trans,
        emit,
        low,
        (start["B"], start["M"], start["E"], start["S"]),
        tuple(trans[y0].get(y, low) for y0, y in ("EB", "SB", "MM", "BM", "SS", "ES", "BE", "ME")),
    )
    return cached


def _viterbi(obs: str, finalseg) -> list[int]:
    """The state path finalseg.viterbi(obs, 'BMES', ...) returns."""
    _, _, emit, low, (s_b, s_m, s_e, s_s), trans = _model_constants(finalseg)
    t_eb, t_sb, t_mm, t_bm, t_ss, t_es, t_be, t_me = trans
    known = _emissions.get
    e_b, e_m, e_e, e_s = known(obs[0]) or _emitted(obs[0], emit, low)
    v_b, v_m, v_e, v_s = s_b + e_b, s_m + e_m, s_e + e_e, s_s + e_s
    back: list[tuple[int, int, int, int]] = []
    for char in obs[1:]:
        e_b, e_m, e_e, e_s = known(char) or _emitted(char, emit, low)
        # Each state from its two predecessors (finalseg.PrevStatus), in jieba's order of
        # addition; on a tie max() picks the later letter: S over E, M over B. The pointers
        # are the states' indexes: B 0, M 1, E 2, S 3.
        a, b = v_e + t_eb + e_b, v_s + t_sb + e_b
        if a > b:
            n_b, p_b = a, 2
        else:
            n_b, p_b = b, 3
        a, b = v_m + t_mm + e_m, v_b + t_bm + e_m
        if b > a:
            n_m, p_m = b, 0
        else:
            n_m, p_m = a, 1
        a, b = v_s + t_ss + e_s, v_e + t_es + e_s
        if b > a:
            n_s, p_s = b, 2
        else:
            n_s, p_s = a, 3
        a, b = v_b + t_be + e_e, v_m + t_me + e_e
        if a > b:
            n_e, p_e = a, 0
        else:
            n_e, p_e = b, 1
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
        back.append((p_b, p_m, p_e, p_s))
    state = _E if v_e > v_s else _S
    states = [state]
    for pointers in reversed(back):
        state = pointers[state]
        states.append(state)
    states.reverse()
    return states


def _emitted(char: str, emit: dict, low: float) -> tuple[float, float, float, float]:
    found = _emissions[char] = (
        emit["B"].get(char, low),
        emit["M"].get(char, low),
        emit["E"].get(char, low),
        emit["S"].get(char, low),
    )
    return found
