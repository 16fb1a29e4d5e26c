"""Rules as text and JSON for `msglint rules list` and `explain`."""

from __future__ import annotations

from typing import Any

from linter.checks.base import Rule


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "lang": rule.lang,
        "kind": rule.kind,
        "pitfall": rule.pitfall,
        "severity": rule.severity,
        "weight": rule.weight,
        "scope": rule.scope,
        "message": rule.message,
        "source": f"{rule.source}:{rule.line}",
    }


def rule_line(rule: Rule) -> str:
    return f"{rule.id:<44} {rule.kind:<12} {rule.severity:<8} {rule.pitfall}"


def explain(rule: Rule) -> str:
    lines = [
        f"{rule.id}  ({rule.kind}, {rule.severity}, pitfall: {rule.pitfall})",
        f"defined in {rule.source}:{rule.line}; scope {rule.scope}; weight {rule.weight}",
        "",
        f"message:    {rule.message}",
        f"suggestion: {rule.suggestion}",
        "",
        "why:",
        f"  {rule.rationale}",
        "",
        "flags:",
        *[f"  ✗ {e}" for e in rule.examples.get("flag", [])],
        "passes:",
        *[f"  ✓ {e}" for e in rule.examples.get("pass", [])],
    ]
    return "\n".join(lines) + "\n"
