"""What a lint run is configured with; the CLI, the library and project config files fill it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from linter.org import OrgMap


@dataclass(frozen=True)
class Config:
    lang: str = "auto"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    # Trained spaCy pipelines per language, e.g. {"en": "en_core_web_sm"}; never downloaded.
    models: tuple[tuple[str, str], ...] = ()
    bundled_rules: bool = True
    fail_on: str = "error"
    # Severity overrides: (selector, severity) pairs; a selector is a rule id, prefix or pitfall.
    severity: tuple[tuple[str, str], ...] = ()
    min_score: int | None = None
    org: OrgMap | None = None
    # The date the weekday rule resolves a year-less date against (--today); None: the real date.
    today: dt.date | None = None
    report_unused_disables: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)
