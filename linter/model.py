"""Plain data passed between the stages: findings and lint results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
# Higher rank is more severe; `--fail-on never` is above every rank.
SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3, "never": 99}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a message; offsets are code points into the message text."""

    rule: str
    pitfall: str
    severity: Severity
    message: str
    suggestion: str
    start: int
    end: int
    replacement: str | None = None


@dataclass(slots=True)
class LintResult:
    """What lint_text returns: the findings in text order and the message's score."""

    text: str
    lang: str
    findings: list[Finding] = field(default_factory=list)
    score: int = 100

    @property
    def pitfall_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.pitfall for f in self.findings).items()))

    @property
    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in SEVERITIES}

    def worst_rank(self) -> int:
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=0)
