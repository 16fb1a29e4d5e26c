"""Runs the selected checks on an analysed message and scores the result."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linter.checks import Check
from linter.errors import UsageError
from linter.model import Finding
from linter.nlp.analysis import Analysis

PITFALLS = (
    "flattery", "bypass", "need-without-value", "one-sided-demand", "buried-ask",
    "detail-overload", "unsupported-claim", "vague-commitment", "delay-without-plan",
    "missing-credit", "overstep", "template-defect",
)  # fmt: skip

# Share of the score one finding removes, before the rule's weight.
PENALTY = {"error": 0.25, "warning": 0.10, "info": 0.02}


def matches(selector: str, check: Check) -> bool:
    """A selector names a pitfall id, a rule id, or a rule id prefix (`zh`, `zh.flattery`)."""
    rule = check.rule
    prefix = selector if selector.endswith(".") else selector + "."
    return selector == rule.pitfall or rule.id == selector or rule.id.startswith(prefix)


def select_checks(
    checks: Sequence[Check], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Check]:
    select, ignore = _split(select), _split(ignore)
    for selector in select + ignore:
        if selector not in PITFALLS and not any(matches(selector, c) for c in checks):
            raise UsageError(f"'{selector}' names no rule, rule prefix or pitfall")
    return [
        c
        for c in checks
        if (not select or any(matches(s, c) for s in select))
        and not any(matches(s, c) for s in ignore)
    ]


def _split(selectors: Iterable[str]) -> list[str]:
    return [part.strip() for item in selectors for part in item.split(",") if part.strip()]


def score(findings: Iterable[Finding], weights: dict[str, float]) -> int:
    """100 times the product of (1 - penalty * weight): 100 with no findings, never rising as
    findings are added, and never below 0 however many there are."""
    remaining = 1.0
    for finding in findings:
        penalty = PENALTY[finding.severity] * weights.get(finding.rule, 1.0)
        remaining *= 1.0 - min(max(penalty, 0.0), 1.0)
    return int(round(100 * remaining))


def languages(analysis: Analysis) -> set[str]:
    """Where a rule of each language can fire: every kind reads only the parts of the message
    in its rule's language (its segments, sentences, paragraphs, placeholders) or the
    message's main language, so the other language's rules need not even start."""
    return {seg.lang for seg in analysis.segments} | {analysis.lang}


def run_checks(analysis: Analysis, checks: Sequence[Check]) -> list[Finding]:
    """The findings of `checks`, each once, in text order; the caller scores them after its own
    filters (suppression comments, severity overrides), so no score is computed here."""
    seen: set[tuple[str, int, int]] = set()
    findings: list[Finding] = []
    present = languages(analysis)
    for check in checks:
        if check.rule.lang not in present:
            continue
        for finding in check.run(analysis):
            key = (finding.rule, finding.start, finding.end)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings
