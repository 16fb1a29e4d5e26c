"""The library entry point: the CLI, and later the language server and hooks, all call this."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from linter.checks.loader import RuleSet, load_ruleset
from linter.config import Config
from linter.engine import run_checks, select_checks
from linter.errors import RuleError, UsageError
from linter.model import LintResult
from linter.nlp.analysis import Analysis
from linter.nlp.analyzer import Analyzer


class Linter:
    """Compiled rules and pipelines, built once and reused for every message."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        if self.config.lang not in ("auto", "zh", "en"):
            raise UsageError(f"unknown language '{self.config.lang}' (use auto, zh or en)")
        self.ruleset: RuleSet = load_ruleset(
            [Path(d) for d in self.config.rule_dirs], self.config.bundled_rules
        )
        self.analyzer = Analyzer(
            self.ruleset.features,
            words={lang: self.ruleset.words(lang) for lang in ("zh", "en")},
            models=dict(self.config.models),
        )
        self.checks = select_checks(self.ruleset.checks, self.config.select, self.config.ignore)
        if self.config.rule_dirs:
            self._verify_extra_rules()

    def analyze(self, text: str, lang: str | None = None) -> Analysis:
        return self.analyzer.analyze(text, lang or self.config.lang)

    def lint_text(self, text: str, lang: str | None = None) -> LintResult:
        return run_checks(self.analyze(text, lang), self.checks)

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


@lru_cache(maxsize=8)
def _cached_linter(config: Config) -> Linter:
    return Linter(config)


def lint_text(text: str, lang: str = "auto", config: Config | None = None) -> LintResult:
    """Lints one message; the compiled rules and pipelines are cached per configuration."""
    return _cached_linter(config or Config()).lint_text(text, lang)
