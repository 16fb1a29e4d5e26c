"""The literal text a regex cannot match without, so most patterns are never run on a message.

A rule pack holds hundreds of patterns and a typical message triggers a handful, yet every
pattern used to scan every message. Most patterns start with words (`\\b(?:please|kindly)\\s+…`,
`抄送.{0,6}领导`): if none of those words is in the message, the pattern cannot match and its
scan is skipped. The words come from the parsed pattern (the stdlib's own parser), so a team's
patterns get the same treatment as ours; a pattern whose start is not literal is always run.

The test is sound by construction: every match of the pattern contains one of the returned
strings, and both sides are compared case-folded, which only ever lets more through.
tests/test_regex_literals.py checks it on every bundled pattern against the labelled corpora.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# More alternatives than this and the test would cost about as much as the scan it saves.
MAX_ALTERNATIVES = 64
# Shorter start literals ("i", "a") occur so often that trying each place costs more than a scan.
MIN_START_LENGTH = 2
ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | (
    {C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set()
)


@dataclass(frozen=True)
class Literals:
    """Case-folded strings one of which every match contains (and one of each `also` set,
    and `counts` characters); `starts`, when set, are strings every match starts with (after
    zero-width assertions), so only those places need trying."""

    strings: tuple[str, ...]
    # Where a match may start, when the pattern opens with look-arounds the engine cannot skip
    # ahead over (it tries those at every character); None when its own search does better.
    starts: tuple[str, ...] | None = None

    # Further sets the match must also hold one string of each (tested after `strings`).
    also: tuple[tuple[str, ...], ...] = ()
    # (characters, n): the match holds at least n of these characters in all, from a repeat
    # such as `(?:[^，]{1,60}，){12,}` (a message with fewer commas is skipped).
    counts: tuple[tuple[str, int], ...] = ()
    # Characters no match can contain (the sentence ends of `[^，。！？\n]{1,60}`), given only
    # with `counts` and for patterns without anchors or look-arounds: a match then lies within
    # one stretch between these characters that holds the counted characters itself, so only
    # such stretches are scanned (see windows()).
    barriers: str = ""

    def __post_init__(self) -> None:
        groups = tuple(frozenset(group) for group in (self.strings, *self.also))
        object.__setattr__(self, "groups", groups)

    @property
    def searches(self) -> tuple:
        """One search per set for any of its strings (without a pack's scanner), compiled on
        first use and never pickled."""
        found = self.__dict__.get("_searches")
        if found is None:
            found = tuple(_any_of(group) for group in (self.strings, *self.also))
            object.__setattr__(self, "_searches", found)
        return found

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_searches"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


def _any_of(strings: tuple[str, ...]):
    alternation = "|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True))
    return re.compile(alternation).search


def required_literals(source: str, flags: int = 0) -> Literals | None:
    """The literals of a pattern, or None when it has none worth testing (a pattern that is all
    classes and repeats is simply always run)."""
    try:
        parsed = sre_parse.parse(source, flags)
    except Exception:  # noqa: BLE001 - a pattern the stdlib cannot parse is simply always run
        return None
    items = list(parsed)
    required: list[set[str]] = []
    found, _kind = _sequence(items, collect=required)
    if not _useful(found):
        return None
    minimal = _minimal(found)
    # Every other literal run the match must hold is a further test ("call" and "me" in
    # `(?:call|email)\s+(?:me|us)`): a message must pass them all.
    others = {tuple(sorted(_minimal(c))) for c in required} - {tuple(sorted(minimal))}
    starts = None
    if items and _opens_zero_width(items):
        leading, kind = _sequence(items, prefer_leading=True)
        folded = {s.casefold() for s in leading}
        if kind != CONTAINS and _useful(leading) and min(map(len, folded)) >= MIN_START_LENGTH:
            starts = tuple(
                sorted(s for s in folded if not any(o != s and s.startswith(o) for o in folded))
            )
    counts = _counts(items)
    barriers = _barriers(items, parsed.state.flags) if counts else ""
    return Literals(tuple(sorted(minimal)), starts, tuple(sorted(others)), counts, barriers)


def _counts(items: list) -> tuple[tuple[str, int], ...]:
    """Repeats of the pattern's top level that need one of a few characters per round."""
    found: list[tuple[str, int]] = []
    for op, av in items:
        if op in REPEATS and av[0] >= 2:
            strings, _kind = _sequence(list(av[2]))
            folded = {s.casefold() for s in strings}
            if _useful(strings) and all(len(s) == 1 for s in strings | folded):
                found.append(("".join(sorted(folded)), av[0]))
    return tuple(found)


# Character classes a positive set may hold, as the engine that runs the pattern spells them.
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}


def _barriers(items: list, flags: int) -> str:
    """The characters that no item of the pattern can match, so no match contains them: those
    a negated class or `.` leaves out everywhere, less any a literal, a positive class or
    another negated class accepts. Empty for a pattern with anchors, look-arounds or
    back-references (what they test lies outside the match) or anything not understood."""
    leaves: list[tuple] = []
    if flags & (re.ASCII | re.LOCALE) or not _leaves(items, leaves):
        return ""
    candidates: set[str] = set()
    for op, av in leaves:
        if op == C.NOT_LITERAL:
            candidates.add(chr(av))
        elif op == C.IN and av and av[0][0] == C.NEGATE:
            candidates |= {chr(code) for kind, code in av if kind == C.LITERAL}
        elif op == C.ANY and not flags & re.DOTALL:
            candidates.add("\n")
    ignorecase = bool(flags & re.IGNORECASE)
    return "".join(sorted(c for c in candidates if not any(
        _accepts(op, av, c, ignorecase, flags) for op, av in leaves
    )))  # fmt: skip


def _leaves(items: list, out: list) -> bool:
    """Collects the items that consume a character; False for anything else but groups,
    alternatives and repeats."""
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
            out.append((op, av))
        elif op == C.SUBPATTERN:
            if (len(av) > 2 and (av[1] or av[2])) or not _leaves(list(av[-1]), out):
                return False  # (?s:...) and the like change what the items inside match
        elif hasattr(C, "ATOMIC_GROUP") and op == C.ATOMIC_GROUP:
            if not _leaves(list(av), out):
                return False
        elif op == C.BRANCH:
            if not all(_leaves(list(alt), out) for alt in av[1]):
                return False
        elif op in REPEATS:
            if not _leaves(list(av[2]), out):
                return False
        else:
            return False
    return True


def _variants(c: str, ignorecase: bool) -> set[str]:
    return {c, c.lower(), c.upper(), c.casefold()} if ignorecase else {c}


def _accepts(op, av, c: str, ignorecase: bool, flags: int) -> bool:
    """Whether the item may match `c` (erring towards yes: a wrong yes only scans more)."""
    if op == C.ANY:
        return c != "\n" or bool(flags & re.DOTALL)
    if op == C.LITERAL:
        return bool(_variants(c, ignorecase) & _variants(chr(av), ignorecase))
    if op == C.NOT_LITERAL:
        return c != chr(av)
    negated = bool(av) and av[0][0] == C.NEGATE
    if negated:  # a listed character is left out whatever the case; anything else may match
        return not any(kind == C.LITERAL and chr(code) == c for kind, code in av)
    forms = _variants(c, ignorecase)
    for kind, value in av:
        if kind == C.LITERAL and forms & _variants(chr(value), ignorecase):
            return True
        if kind == C.RANGE and any(value[0] <= ord(f) <= value[1] for f in forms if len(f) == 1):
            return True
        if kind == C.CATEGORY:
            import regex

            spelled = _CATEGORIES.get(value)
            engine_flags = regex.V0 | (regex.IGNORECASE if ignorecase else 0)
            if spelled is None or regex.match(spelled, c, engine_flags):
                return True
        elif kind not in (C.LITERAL, C.RANGE):
            return True
    return False


def windows(literals: Literals, text: str, folded_text: str) -> list[tuple[int, int]] | None:
    """The stretches of `text` between barrier characters that hold every counted character
    often enough: the only places a match can be. None when the pattern has no barriers (or
    folding changed the length, so offsets would not line up)."""
    if not literals.barriers or len(folded_text) != len(text):
        return None
    found = []
    for stretch in _stretches(literals.barriers).finditer(text):
        start, end = stretch.span()
        part = folded_text[start:end]
        if all(sum(part.count(c) for c in chars) >= least for chars, least in literals.counts):
            found.append((start, end))
    return found


_STRETCHES: dict[str, re.Pattern] = {}


def _stretches(barriers: str) -> re.Pattern:
    found = _STRETCHES.get(barriers)
    if found is None:
        found = _STRETCHES[barriers] = re.compile(f"[^{re.escape(barriers)}]+")
    return found


def _minimal(strings: set[str]) -> set[str]:
    """Case-folded, without the strings another one covers ("please" covers "please do")."""
    folded = {s.casefold() for s in strings}
    return {s for s in folded if not any(o != s and o in s for o in folded)}


def _opens_zero_width(items: list) -> bool:
    r"""Whether the pattern opens with a choice between anchors and look-behinds
    (`(?:^|(?<=\n)|(?<=[.!?]\s))`): the engine tries each of them at every character, so
    trying only where a start literal occurs is much faster. A leading `\b` or a single
    look-behind costs the engine little, and its own scan beats trying each literal."""
    op, av = items[0]
    if op == C.SUBPATTERN:
        inner = list(av[-1])
        return bool(inner) and _opens_zero_width(inner)
    if op == C.BRANCH:
        alternatives = [list(alt) for alt in av[1]]
        return all(alt and all(o in ZERO_WIDTH for o, _ in alt) for alt in alternatives)
    return False


# What a piece of a pattern tells about its matches: COMPLETE, the strings are all it can
# match; PREFIX, every match starts with one of them; CONTAINS, every match contains one.
COMPLETE, PREFIX, CONTAINS = "complete", "prefix", "contains"


def _useful(strings: set[str]) -> bool:
    return bool(strings) and all(s.strip() for s in strings)


def _best(candidates: list[set[str]]) -> set[str]:
    """The most selective usable set: longest shortest string, then fewest strings."""
    usable = [c for c in candidates if _useful(c)]
    if not usable:
        return {""}
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)))


def _sequence(
    items: list, prefer_leading: bool = False, collect: list[set[str]] | None = None
) -> tuple[set[str], str]:
    run = {""}  # the literal text matched by the items read so far, while it stays literal
    at_start = True  # `run` begins where the match begins
    candidates: list[tuple[set[str], bool]] = []
    for i, (op, av) in enumerate(items):
        if op in ZERO_WIDTH:
            continue
        if op == C.LITERAL:
            run = {r + chr(av) for r in run}
            continue
        step = _item(op, av, prefer_leading)
        if step is None and prefer_leading and at_start and op in REPEATS and av[0] == 0:
            step = _optional_then_rest(av[2], items[i + 1 :])
        if step is not None and step[1] != CONTAINS:
            strings, kind = step
            if len(run) == 1 or len(strings) * len(run) <= MAX_ALTERNATIVES:
                run = {r + s for r in run for s in strings}
                if kind == COMPLETE:
                    continue
                candidates.append((run, at_start))
            else:
                candidates += [(run, at_start), (strings, False)]
        else:
            candidates.append((run, at_start))
            if step is not None:
                candidates.append((step[0], False))
        run, at_start = {""}, False
    if at_start:
        return run, COMPLETE
    candidates.append((run, False))
    if collect is not None:
        collect.extend(c for c, _ in candidates if _useful(c))
    # A set that starts every match is preferred: it tells where to try, not only whether.
    leading = [c for c, first in candidates if first and _useful(c)]
    if leading and prefer_leading:
        return leading[0], PREFIX
    best = _best([c for c, _ in candidates])
    return best, PREFIX if any(c is best for c in leading) else CONTAINS


def _optional_then_rest(item: list, rest: list) -> tuple[set[str], str] | None:
    r"""A match that opens with an optional part ("(?:also\s+)?call") starts with the part or
    with what follows it; the rest is already accounted for, so this ends the sequence."""
    found, kind = _sequence(list(item), prefer_leading=True)
    after, after_kind = _sequence(list(rest), prefer_leading=True)
    if CONTAINS in (kind, after_kind) or not _useful(found) or not _useful(after):
        return None
    return found | after, PREFIX


def _item(op, av, prefer_leading: bool = False) -> tuple[set[str], str] | None:
    """What one item of a sequence tells, or None when it matches no particular text."""
    if op == C.IN:
        if all(kind == C.LITERAL for kind, _ in av):
            return {chr(code) for _, code in av}, COMPLETE
        return None
    if op == C.SUBPATTERN:
        return _sequence(list(av[-1]), prefer_leading)
    if hasattr(C, "ATOMIC_GROUP") and op == C.ATOMIC_GROUP:
        return _sequence(list(av), prefer_leading)
    if op == C.BRANCH:
        results = [_sequence(list(alternative), prefer_leading) for alternative in av[1]]
        strings = set().union(*(found for found, _ in results))
        kinds = {kind for _, kind in results}
        if kinds == {COMPLETE}:
            return strings, COMPLETE
        if not _useful(strings):
            return None
        return strings, PREFIX if CONTAINS not in kinds else CONTAINS
    if op in REPEATS:
        low, high, item = av
        found, kind = _sequence(list(item), prefer_leading)
        if low == 0:
            # An optional literal ("s?", "(?:ly)?") still lets the text around it join up.
            return (found | {""}, COMPLETE) if high == 1 and kind == COMPLETE else None
        if low == high == 1:
            return found, kind
        return found, PREFIX if kind in (COMPLETE, PREFIX) else CONTAINS
    return None


def may_match(literals: Literals | None, folded_text: str) -> bool:
    """False only when the pattern certainly has no match in the text (each set's strings
    searched for in turn; a pack's LiteralScanner answers for all its patterns at once)."""
    if literals is None:
        return True
    for search in literals.searches:  # noqa: SIM110 - a plain loop beats all() here
        if search(folded_text) is None:
            return False
    return has_counts(literals, folded_text)


def has_counts(literals: Literals, folded_text: str) -> bool:
    """The text holds each counted set of characters often enough (may_match's last test)."""
    for chars, least in literals.counts:
        if sum(folded_text.count(c) for c in chars) < least:
            return False
    return True


def candidate_starts(starts: tuple[str, ...], folded_text: str) -> list[int]:
    """Sorted offsets where a start literal occurs: the only places a match can start."""
    found: set[int] = set()
    for literal in starts:
        i = folded_text.find(literal)
        while i != -1:
            found.add(i)
            i = folded_text.find(literal, i + 1)
    return sorted(found)


_VALUE = itemgetter(1)  # (end, value) -> value, without a Python frame per occurrence


class LiteralScanner:
    """Every literal of a rule pack in one Aho-Corasick automaton (pyahocorasick, in C): one
    pass over a message tells which literals occur, overlapping ones included, and each
    pattern's test becomes a set lookup. Testing each pattern's literals in turn took a
    quarter of the time per English message."""

    def __init__(self, literal_sets: list[Literals]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        strings = {s for lits in literal_sets for group in lits.groups for s in group}
        for string in strings:
            self.automaton.add_word(string, string)
        self.empty = not strings
        if not self.empty:
            self.automaton.make_automaton()
        self._last: tuple[str | None, frozenset[str]] = (None, frozenset())
        # Which sets' first group holds each literal, to find every set that passes at once.
        self._groups = [lits.groups for lits in literal_sets]
        self._by_first: dict[str, list[int]] = {}
        for slot, groups in enumerate(self._groups):
            for string in groups[0]:
                self._by_first.setdefault(string, []).append(slot)
        self._passing: tuple[str | None, frozenset[int]] = (None, frozenset())

    def passing(self, folded_text: str) -> frozenset[int]:
        """The positions (in the list given) of the literal sets whose every group has a
        string in the text: may_match's group test for all of a pack's patterns at once,
        kept for the last text, so each pattern's test is one set lookup."""
        last = self._passing
        if last[0] is folded_text:
            return last[1]
        found = self.present(folded_text)
        candidates: set[int] = set()
        by_first = self._by_first
        for string in found:
            slots = by_first.get(string)
            if slots:
                candidates.update(slots)
        groups = self._groups
        result = frozenset(
            slot
            for slot in candidates
            if all(not group.isdisjoint(found) for group in groups[slot][1:])
        )
        self._passing = (folded_text, result)
        return result

    def present(self, folded_text: str) -> frozenset[str]:
        """The literals occurring in the text (kept for the last text: many patterns ask)."""
        last = self._last
        if last[0] is folded_text:
            return last[1]
        found = (
            frozenset() if self.empty else frozenset(map(_VALUE, self.automaton.iter(folded_text)))
        )
        self._last = (folded_text, found)
        return found
