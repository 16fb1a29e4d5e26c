"""Inline suppression: `msglint-disable RULE[,RULE]`, `msglint-enable`,
`msglint-disable-next-line`, each in its format's comment form.

`<!-- ... -->` in Markdown and HTML, `{# ... #}` in Jinja templates, and in plain text (and an
email body) a line of its own. Rules are named like --select: rule ids, id prefixes or pitfall
ids; none means every rule. A directive that silenced nothing can be reported
(--report-unused-disables) so stale ones do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linter.model import Finding
from linter.report.base import LineIndex

_WORDS = r"msglint-(?P<what>disable-next-line|disable|enable)(?:[ \t]+(?P<rules>[^\n]*?))?"
_FORMS = {
    "html": re.compile(r"<!--[ \t]*" + _WORDS + r"[ \t]*-->"),
    "jinja": re.compile(r"\{#-?[ \t]*" + _WORDS + r"[ \t]*-?#\}"),
    "line": re.compile(r"^[ \t]*" + _WORDS + r"[ \t]*\r?$", re.M),
}
FORMS_BY_KIND = {
    "markdown": ("html",),
    "html": ("html",),
    "text": ("line",),
    "email": ("line",),
}
UNUSED_RULE = "msglint.unused-disable"


@dataclass
class Directive:
    what: str  # disable, enable, disable-next-line
    rules: tuple[str, ...]  # empty: every rule
    line: int
    start: int
    end: int
    used: bool = field(default=False, compare=False)

    def names(self, finding: Finding) -> bool:
        if not self.rules:
            return True
        return any(_matches(sel, finding) for sel in self.rules)


def _matches(selector: str, finding: Finding) -> bool:
    prefix = selector if selector.endswith(".") else selector + "."
    return selector in (finding.pitfall, finding.rule) or finding.rule.startswith(prefix)


def parse(text: str, kind: str, template: bool = False) -> list[Directive]:
    if "msglint-" not in text:  # every form spells it; most messages have none
        return []
    forms = list(FORMS_BY_KIND.get(kind, ("line",)))
    if template:
        forms.append("jinja")
    index = LineIndex(text)
    found = []
    for form in forms:
        for m in _FORMS[form].finditer(text):
            rules = tuple(r.strip() for r in (m.group("rules") or "").split(",") if r.strip())
            line, _ = index.position(m.start())
            found.append(Directive(m.group("what"), rules, line, m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def own_line_spans(text: str) -> list[tuple[int, int]]:
    """Where the plain-text directives are, so the reader can keep them out of the prose."""
    return [(m.start(), m.end()) for m in _FORMS["line"].finditer(text)]


def apply(findings: list[Finding], directives: list[Directive], text: str) -> list[Finding]:
    """The findings no directive silences; marks the directives that silenced something."""
    if not directives:
        return findings
    index = LineIndex(text)
    kept = []
    for finding in findings:
        line, _ = index.position(finding.start)
        silencer = _silencer(finding, line, directives)
        if silencer is None:
            kept.append(finding)
        else:
            silencer.used = True
    return kept


def _silencer(finding: Finding, line: int, directives: list[Directive]) -> Directive | None:
    for d in directives:
        if d.what == "disable-next-line" and d.line + 1 == line and d.names(finding):
            return d
    active: Directive | None = None
    for d in directives:
        if d.line > line:
            break
        if d.what == "disable" and d.names(finding):
            if d.line < line or finding.start >= d.end:
                active = d
        elif d.what == "enable" and active is not None and (not d.rules or d.names(finding)):
            active = None
    return active


def unused(directives: list[Directive]) -> list[Finding]:
    return [
        Finding(
            rule=UNUSED_RULE,
            pitfall="unused-disable",
            severity="warning",
            message=f"msglint-{d.what}"
            + (f" {','.join(d.rules)}" if d.rules else "")
            + " silenced nothing",
            suggestion="Remove the directive, or name the rule it is meant for.",
            start=d.start,
            end=d.end,
        )
        for d in directives
        if d.what != "enable" and not d.used
    ]
