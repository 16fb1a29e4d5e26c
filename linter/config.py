"""What a lint run is configured with; the CLI, the library and later config files fill it."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    extra: dict = field(default_factory=dict, compare=False, hash=False)
