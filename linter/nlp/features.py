"""Feature span groups (ask, value, date, ...) defined in YAML lexicons, not in Python.

Each language has a features.yaml; every feature may combine `phrases` (token-aligned), `regex`
(character patterns) and `patterns` (spaCy Matcher token patterns), minus `except` phrases that
look like the feature but are not (e.g. "请查收" is a courtesy, not a request), and minus
`except_regex` matches for the exclusions no phrase list can enumerate (a request inside a
conditional instruction, "如有疑问，请……", is not a request of the reader).

A feature may also `include` other features: their spans (after their own exceptions) join its
own, and then its own exceptions apply. That lets a broad group be the union of narrower ones
(`ask` = `direct_ask` + courtesy formulas + proposals) while a rule that must not see the
courtesy formulas reads the narrow group, with no lexicon written twice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter import userregex
from linter.errors import RuleError
from linter.nlp.phrases import PhraseIndex
from linter.nlp.tokenarrays import TokenArrays, token_arrays

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    from linter.yamlfile import YamlDocument

# (first token, end token, start char, end char) of a feature span within its segment.
Span = tuple[int, int, int, int]

# Token attributes a blank pipeline never sets; patterns using them could never match.
MODEL_ATTRS = {"POS", "TAG", "DEP", "LEMMA", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "HEAD"}


@dataclass
class Feature:
    name: str
    lang: str
    description: str
    phrases: PhraseIndex
    regexes: list[userregex.Pattern]
    patterns: list[list[dict[str, Any]]]
    exceptions: PhraseIndex
    raw_phrases: list[str] = field(default_factory=list)
    except_regexes: list[userregex.Pattern] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    source: str = ""
    line: int | None = None


@dataclass
class FeatureSet:
    """The compiled features of one language; also the words jieba must keep whole."""

    lang: str
    features: dict[str, Feature]

    @property
    def words(self) -> set[str]:
        words: set[str] = set()
        for feature in self.features.values():
            words.update(feature.phrases.phrases)
            words.update(feature.exceptions.phrases)
        return words

    def merge(self, other: FeatureSet) -> FeatureSet:
        """A team's own pack may add features or extend ours; phrases and patterns accumulate."""
        merged = dict(self.features)
        for name, feat in other.features.items():
            if name in merged:
                base = merged[name]
                phrases = base.raw_phrases + feat.raw_phrases
                merged[name] = Feature(
                    name=name,
                    lang=self.lang,
                    description=base.description,
                    phrases=PhraseIndex(phrases, ignorecase=True),
                    regexes=base.regexes + feat.regexes,
                    patterns=base.patterns + feat.patterns,
                    exceptions=PhraseIndex(
                        base.exceptions.phrases + feat.exceptions.phrases, ignorecase=True
                    ),
                    raw_phrases=phrases,
                    except_regexes=base.except_regexes + feat.except_regexes,
                    include=base.include + [i for i in feat.include if i not in base.include],
                    source=base.source,
                    line=base.line,
                )
            else:
                merged[name] = feat
        return FeatureSet(self.lang, merged)

    @cached_property
    def order(self) -> list[str]:
        """Feature names with every included feature before the features that include it."""
        done: list[str] = []
        visiting: list[str] = []

        def visit(name: str) -> None:
            if name in done or name not in self.features:
                return
            feat = self.features[name]
            if name in visiting:
                cycle = " -> ".join(visiting[visiting.index(name) :] + [name])
                raise RuleError(f"feature '{name}': include cycle {cycle}", feat.source, feat.line)
            visiting.append(name)
            for inc in feat.include:
                visit(inc)
            visiting.pop()
            done.append(name)

        for name in self.features:
            visit(name)
        return done

    def check_includes(self) -> None:
        """Every included feature exists and no feature includes itself, directly or not."""
        for name, feat in self.features.items():
            for inc in feat.include:
                if inc not in self.features:
                    known = ", ".join(sorted(self.features))
                    raise RuleError(
                        f"feature '{name}': includes unknown feature '{inc}' (known for "
                        f"{self.lang}: {known})",
                        feat.source,
                        feat.line,
                    )
        self.order  # noqa: B018 - raises on a cycle

    def find(
        self, name: str, text: str, tokens: TokenArrays, pattern_hits: dict, memo: dict
    ) -> list[Span]:
        """The spans of one feature in one segment's text, longest non-overlapping matches
        first. Computed only when a rule asks for the feature (most messages never need most
        features), on character offsets with the tokens as arrays, as spaCy's char_span and
        filter_spans would give them."""
        feat = self.features.get(name)
        if feat is None:
            return []
        if name in memo:  # an included feature is computed once per segment
            return memo[name]
        self.order  # noqa: B018 - a cycle of includes is a rule error, not a recursion
        starts, ends = tokens.starts, tokens.ends
        start_set, end_set = tokens.start_set, tokens.end_set

        def aligned(s: int, e: int) -> bool:
            return s in start_set and e in end_set

        blocked = list(feat.exceptions.finditer(text, aligned))
        blocked += [
            m.span() for m in _regex_matches(name, feat.except_regexes, text) if m.end() > m.start()
        ]
        spans: list[Span] = []
        for s, e in feat.phrases.finditer(text, aligned):
            spans.append((bisect_left(starts, s), bisect_left(ends, e) + 1, s, e))
        for m in _regex_matches(name, feat.regexes, text):
            s, e = m.start(), m.end()
            # Leading/trailing whitespace (a `^\s*` anchor) would expand to a whole
            # whitespace token, pulling the span back over blank lines.
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:  # widened to the tokens it touches, as alignment_mode="expand"
                first, last = bisect_right(starts, s) - 1, bisect_left(ends, e)
                spans.append((first, last + 1, starts[first], ends[last]))
        spans.extend(pattern_hits.get(name, []))
        for included in feat.include:
            spans.extend(self.find(included, text, tokens, pattern_hits, memo))
        spans = [sp for sp in spans if not any(bs < sp[3] and sp[2] < be for bs, be in blocked)]
        memo[name] = found = filter_token_spans(spans)
        return found

    def matcher_for(self, vocab) -> Matcher | None:
        patterns = {n: f.patterns for n, f in self.features.items() if f.patterns}
        if not patterns:
            return None
        from spacy.matcher import Matcher

        matcher = Matcher(vocab, validate=True)
        for name, pats in patterns.items():
            matcher.add(name, pats)
        return matcher


def load_features(path: Path, display: str | None = None) -> FeatureSet:
    from linter.yamlfile import load_yaml

    return compile_features(load_yaml(path.read_text(encoding="utf-8"), display or str(path)))


def compile_features(doc: YamlDocument) -> FeatureSet:
    """A feature file already read and parsed (the rule loader has it in hand)."""
    from linter.schema import validate_document  # with PyYAML: only when YAML is compiled

    source = doc.source
    validate_document(doc, "features")
    lang = doc.data["lang"]
    features: dict[str, Feature] = {}
    for name, spec in doc.data["features"].items():
        line = doc.line_of(("features", name))
        regexes: list[userregex.Pattern] = []
        except_regexes: list[userregex.Pattern] = []
        for key, target in (("regex", regexes), ("except_regex", except_regexes)):
            for i, pattern in enumerate(spec.get(key, [])):
                try:
                    target.append(userregex.compile(pattern, userregex.IGNORECASE))
                except userregex.error as exc:
                    raise RuleError(
                        f"feature '{name}': invalid {key}: {exc}",
                        source,
                        doc.line_of(("features", name, key, i)),
                    ) from None
        patterns = spec.get("patterns", [])
        check_token_patterns(patterns, f"feature '{name}'", source, line)
        features[name] = Feature(
            name=name,
            lang=lang,
            description=spec.get("description", ""),
            phrases=PhraseIndex(spec.get("phrases", []), ignorecase=True),
            regexes=regexes,
            patterns=patterns,
            exceptions=PhraseIndex(spec.get("except", []), ignorecase=True),
            raw_phrases=list(spec.get("phrases", [])),
            except_regexes=except_regexes,
            include=list(spec.get("include", [])),
            source=source,
            line=doc.line_of(("features", name, "include")) if "include" in spec else line,
        )
    return FeatureSet(lang, features)


def check_token_patterns(patterns: list, what: str, source: str, line: int | None) -> None:
    """Rejects Matcher patterns that are malformed or that need a trained pipeline."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    for pattern in patterns:
        for token_spec in pattern:
            used = {k.upper() for k in token_spec if isinstance(k, str)} & MODEL_ATTRS
            if used:
                raise RuleError(
                    f"{what}: token attribute {sorted(used)[0]} needs a trained pipeline; "
                    "msglint runs on blank pipelines",
                    source,
                    line,
                )
    try:
        matcher = Matcher(Vocab(), validate=True)
        matcher.add("check", patterns)
    except Exception as exc:  # spaCy raises ValueError or MatchPatternError with long text
        lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
        # spaCy's first line names its own internal rule; the line with "->" names the bad key.
        detail = next((ln for ln in lines if "->" in ln), lines[0] if lines else type(exc).__name__)
        raise RuleError(f"{what}: invalid token pattern: {detail}", source, line) from None


def filter_token_spans(spans: list[Span]) -> list[Span]:
    """spaCy's filter_spans on (first token, end token, start char, end char): longest first
    (in tokens), then leftmost; a span is kept when its first and last tokens are free."""
    ordered = sorted(spans, key=lambda sp: (sp[1] - sp[0], -sp[0]), reverse=True)
    kept: list[Span] = []
    seen: set[int] = set()
    for span in ordered:
        if span[0] not in seen and span[1] - 1 not in seen:
            kept.append(span)
            seen.update(range(span[0], span[1]))
    return sorted(kept, key=lambda sp: sp[0])


def pattern_hits(matcher: Matcher | None, doc: Doc | None) -> dict[str, list[Span]]:
    """Token-pattern matches of every feature, once per segment (only when a pack has any)."""
    hits: dict[str, list[Span]] = {}
    if matcher is None or doc is None:
        return hits
    arrays = token_arrays(doc)
    for match_id, s, e in matcher(doc):
        span = (s, e, arrays.starts[s], arrays.ends[e - 1])
        hits.setdefault(doc.vocab.strings[match_id], []).append(span)
    return hits


def _regex_matches(name: str, regexes: list[userregex.Pattern], text: str) -> Iterator[Any]:
    """Every match of a feature's regexes; a runaway pattern is a rule error naming the feature."""
    for regex in userregex.runnable(regexes, text):
        try:
            yield from regex.finditer(text)
        except userregex.RegexTimeout as exc:
            raise RuleError(f"feature '{name}': {exc}") from None
