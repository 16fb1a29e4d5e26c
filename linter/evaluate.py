"""`msglint eval`: message-level precision, recall and F1 per pitfall against a labelled corpus.

A message counts as flagged for a pitfall when any finding carries it, which is how a reader
experiences the linter: one warning about flattery is right or wrong for the whole message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from linter.api import Linter
from linter.engine import PITFALLS
from linter.errors import InputError
from linter.model import SEVERITY_RANK


@dataclass(frozen=True)
class Example:
    id: str
    lang: str
    text: str
    pitfalls: frozenset[str]


@dataclass
class PitfallScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Miss:
    id: str
    pitfall: str
    kind: str  # "false positive" | "false negative"
    text: str
    rules: list[str]


@dataclass
class Evaluation:
    scores: dict[str, PitfallScore] = field(default_factory=dict)
    messages: int = 0
    clean: int = 0
    clean_flagged: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def evaluated(self) -> list[str]:
        """Pitfalls with a gold label or a prediction in this corpus; the macro average runs over
        these, so a pitfall nobody wrote examples for neither helps nor hurts."""
        return [
            p
            for p in PITFALLS
            if p in self.scores and (self.scores[p].tp + self.scores[p].fn + self.scores[p].fp)
        ]

    @property
    def macro_f1(self) -> float:
        names = self.evaluated
        return sum(self.scores[p].f1 for p in names) / len(names) if names else 0.0

    @property
    def clean_flagged_share(self) -> float:
        return self.clean_flagged / self.clean if self.clean else 0.0

    def as_dict(self) -> dict:
        return {
            "messages": self.messages,
            "clean_messages": self.clean,
            "clean_flagged": self.clean_flagged,
            "clean_flagged_share": round(self.clean_flagged_share, 4),
            "macro_f1": round(self.macro_f1, 4),
            "pitfalls": {
                p: {
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for p in self.evaluated
                for s in [self.scores[p]]
            },
            "misses": [m.__dict__ for m in self.misses],
        }


def read_corpus(path: Path) -> Iterator[Example]:
    """Labelled records, one JSON object per line: {"id", "lang", "text", "pitfalls": [...]}."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read corpus: {exc}") from None
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(where, 'record needs a "text" string')
        pitfalls = record.get("pitfalls", [])
        if not isinstance(pitfalls, list) or any(p not in PITFALLS for p in pitfalls):
            raise InputError(where, f"'pitfalls' must be a list of taxonomy ids, got {pitfalls!r}")
        lang = record.get("lang", "auto")
        if lang not in ("zh", "en", "auto"):
            raise InputError(where, f"unknown lang {lang!r}")
        yield Example(str(record.get("id", where)), lang, record["text"], frozenset(pitfalls))


def evaluate(linter: Linter, examples: Iterable[Example], min_severity: str = "info") -> Evaluation:
    result = Evaluation()
    floor = SEVERITY_RANK[min_severity]
    for example in examples:
        findings = [
            f
            for f in linter.lint_text(example.text, example.lang).findings
            if SEVERITY_RANK[f.severity] >= floor
        ]
        predicted = {f.pitfall for f in findings}
        result.messages += 1
        if not example.pitfalls:
            result.clean += 1
            result.clean_flagged += bool(findings)
        for pitfall in example.pitfalls | predicted:
            score = result.scores.setdefault(pitfall, PitfallScore())
            if pitfall in example.pitfalls and pitfall in predicted:
                score.tp += 1
            elif pitfall in predicted:
                score.fp += 1
                rules = sorted({f.rule for f in findings if f.pitfall == pitfall})
                result.misses.append(
                    Miss(example.id, pitfall, "false positive", example.text, rules)
                )
            else:
                score.fn += 1
                result.misses.append(Miss(example.id, pitfall, "false negative", example.text, []))
    return result


def format_table(evaluation: Evaluation, show_misses: bool = False) -> str:
    lines = [f"{'pitfall':<22}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for pitfall in evaluation.evaluated:
        s = evaluation.scores[pitfall]
        lines.append(
            f"{pitfall:<22}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
        )
    lines.append("")
    lines.append(f"macro F1: {evaluation.macro_f1:.2f} over {len(evaluation.evaluated)} pitfalls")
    lines.append(
        f"clean messages flagged: {evaluation.clean_flagged}/{evaluation.clean}"
        f" ({100 * evaluation.clean_flagged_share:.1f}%) of {evaluation.messages} messages"
    )
    if show_misses and evaluation.misses:
        lines.append("")
        for miss in evaluation.misses:
            rules = f" by {', '.join(miss.rules)}" if miss.rules else ""
            text = " ".join(miss.text.split())
            lines.append(f"{miss.kind}: {miss.pitfall} [{miss.id}]{rules}: {text[:160]}")
    return "\n".join(lines) + "\n"
