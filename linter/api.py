"""The library entry point: the CLI, and later the language server and hooks, all call this."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from linter.checks.base import Hit
from linter.checks.cache import load_ruleset_cached
from linter.checks.loader import RuleSet
from linter.config import Config
from linter.context import LintContext
from linter.engine import matches, run_checks, score, select_checks
from linter.errors import RuleError, UsageError
from linter.model import SEVERITIES, Finding, LintResult
from linter.nlp.analysis import Analysis, FeatureSpan
from linter.nlp.analyzer import Analyzer
from linter.sources.inputs import Message
from linter.sources.placeholders import mask, scan
from linter.userregex import attach_scanner


class Linter:
    """Compiled rules and pipelines, built once and reused for every message."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        if self.config.lang not in ("auto", "zh", "en"):
            raise UsageError(f"unknown language '{self.config.lang}' (use auto, zh or en)")
        self.ruleset: RuleSet = load_ruleset_cached(
            [Path(d) for d in self.config.rule_dirs], self.config.bundled_rules
        )
        attach_scanner(self.ruleset.patterns())
        self.analyzer = Analyzer(
            self.ruleset.features,
            words={lang: self.ruleset.words(lang) for lang in ("zh", "en")},
            models=dict(self.config.models),
        )
        self.checks = select_checks(self.ruleset.checks, self.config.select, self.config.ignore)
        self._weights = {c.rule.id: c.rule.weight for c in self.checks}
        for selector, severity in self.config.severity:
            if severity not in SEVERITIES:
                raise UsageError(f"severity for '{selector}' must be error, warning or info")
            select_checks(self.ruleset.checks, [selector])  # a selector that names nothing
        if self.config.rule_dirs:
            self._verify_extra_rules()

    def analyze(
        self, text: str, lang: str | None = None, context: LintContext | None = None
    ) -> Analysis:
        """Placeholders are masked first (same offsets), so they never trigger a rule."""
        placeholders = scan(text)
        masked = mask(text, placeholders)
        analysis = self.analyzer.analyze(masked, lang or self.config.lang)
        analysis.context = context or LintContext(org=self.config.org, today=self.config.today)
        analysis.context.placeholders = placeholders
        analysis.original = text if masked != text else None
        values = [p for p in placeholders if not p.control]
        for name, group in (
            ("placeholder", values),
            ("placeholder_date", [p for p in values if p.date_like]),
        ):
            analysis.features[name] = [
                FeatureSpan(name, p.start, p.end, analysis.lang_at(p.start)) for p in group
            ]
        return analysis

    def lint_text(self, text: str, lang: str | None = None) -> LintResult:
        return self.lint_message(message_from_text(text, lang=lang))

    def lint_file(
        self, path: str | Path, input_type: str = "auto", variables: dict | None = None
    ) -> LintResult:
        """Reads one file as `msglint check` would (by suffix, or `input_type`) and lints it;
        raises InputError when it cannot be read."""
        from linter.errors import InputError
        from linter.sources import iter_messages
        from linter.sources.inputs import ReadOptions

        options = ReadOptions(input_type=input_type, variables=variables)
        for item in iter_messages([str(path)], options=options):
            if isinstance(item, InputError):
                raise item
            return self.lint_message(item)
        raise InputError(str(path), "nothing to lint")

    def lint_message(self, message: Message) -> LintResult:
        """Lints what a reader extracted and maps every finding back to the file's text; the
        one place offsets are translated, so no reporter ever has to."""
        from linter import suppress

        context = LintContext(
            template=message.template,
            envelope=message.envelope,
            org=self.config.org,
            # --today wins; an email is read against the day it was sent.
            today=self.config.today or (message.envelope.date if message.envelope else None),
            front_matter=dict(message.front_matter),
        )
        analysis = self.analyze(message.lint_text, message.lang or self.config.lang, context)
        findings = run_checks(analysis, self.checks)
        if message.offsets is not None:
            findings = [_mapped(f, message) for f in findings]
        findings += self._missing_variables(message, analysis, findings)
        findings = [self._with_severity(f) for f in findings]
        directives = suppress.parse(message.text, message.kind, message.template)
        findings = suppress.apply(findings, directives, message.text)
        result_score = score(findings, self._weights)
        if self.config.report_unused_disables:
            findings += suppress.unused(directives)
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return LintResult(
            text=message.text, lang=analysis.lang, findings=findings, score=result_score
        )

    def _missing_variables(
        self, message: Message, analysis: Analysis, found: list[Finding]
    ) -> list[Finding]:
        """--vars: a variable the template uses but the vars file lacks is a finding at its
        placeholder, reported by the unresolved-placeholder rule of the message's language
        (unless the rendered text already showed it there)."""
        if not message.missing:
            return []
        checks = [c for c in self.checks if c.rule.kind == "placeholder"]
        checks = [c for c in checks if c.rule.lang == analysis.lang] or checks[:1]
        out = []
        for check in checks:
            for name, start, end in message.missing:
                if any(f.rule == check.rule.id and f.start < end and start < f.end for f in found):
                    continue
                finding = check.finding(
                    analysis, Hit(start, end, {"match": message.text[start:end], "value": name})
                )
                out.append(finding)
        return out

    def _with_severity(self, finding: Finding) -> Finding:
        """The most specific severity override that names the finding's rule wins."""
        best, rank = None, -1
        check = next((c for c in self.checks if c.rule.id == finding.rule), None)
        if check is None:
            return finding
        for selector, severity in self.config.severity:
            if not matches(selector, check):
                continue
            r = (
                10_000
                if selector == finding.rule
                else 0
                if selector == finding.pitfall
                else len(selector)
            )
            if r > rank:
                best, rank = severity, r
        return replace(finding, severity=best) if best else finding

    def _verify_extra_rules(self) -> None:
        """A team's own rule must fire on its own flag examples, or it is an error."""
        from linter.examples import run_examples

        extra = [c for c in self.ruleset.checks if not getattr(c, "bundled", False)]
        for failure in run_examples(self, extra):
            if failure.expected == "flag":
                rule = failure.check.rule
                raise RuleError(
                    f"rule never fires on its flag example {failure.example!r}",
                    rule.source,
                    rule.line,
                    rule.id,
                )


def _mapped(finding: Finding, message: Message) -> Finding:
    start, end = message.offsets.span(finding.start, finding.end)  # type: ignore[union-attr]
    return replace(finding, start=start, end=end)


def message_from_text(
    text: str,
    name: str = "<text>",
    kind: str = "text",
    template: bool = False,
    lang: str | None = None,
) -> Message:
    """A Message for text already in memory (an editor buffer, a hook's draft), read by the same
    reader a file of that kind gets."""
    from linter.sources.inputs import message_from_text as read_message

    return replace(read_message(text, name, kind, template), lang=lang)


@lru_cache(maxsize=8)
def _cached_linter(config: Config) -> Linter:
    return Linter(config)


def lint_text(text: str, lang: str = "auto", config: Config | None = None) -> LintResult:
    """Lints one message; the compiled rules and pipelines are cached per configuration."""
    return _cached_linter(config or Config()).lint_text(text, lang)
