"""The editor's msglint settings -> a Config, checked so a typo is one clear message.

Settings arrive as `initializationOptions`, in `workspace/didChangeConfiguration` (pushed, as
Neovim and Helix do) or from `workspace/configuration` (pulled, section "msglint"). Each may be
wrapped in a `{"msglint": {...}}` object or not. Keys (camelCase, as editors write them):

    lang: auto | zh | en
    select, ignore: rule ids, id prefixes or pitfall ids (a list, or a comma-separated string)
    rules: extra rule files or directories; relative paths are from the workspace root
    spacyModels: {"en": "en_core_web_sm"}  installed trained pipelines, never downloaded
    debounce: milliseconds to wait after the last keystroke before linting (default 300)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from linter.config import Config
from linter.errors import UsageError

# Files whose change means "reload the configuration"; msglint.yaml and .msglint.yaml are the
# config files of issue 4, pyproject.toml holds [tool.msglint].
CONFIG_FILE_NAMES = ("msglint.yaml", ".msglint.yaml", "pyproject.toml")
RULE_SUFFIXES = (".yaml", ".yml")
KNOWN_KEYS = ("lang", "select", "ignore", "rules", "spacyModels", "debounce")
DEFAULT_DEBOUNCE_MS = 300


@dataclass(frozen=True)
class Settings:
    """What the editor asked for; `given` names the keys it set, so that only those override
    the configuration files."""

    lang: str = "auto"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    models: tuple[tuple[str, str], ...] = ()
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    given: frozenset[str] = frozenset()
    unknown: tuple[str, ...] = ()

    def config(self, base: Config) -> Config:
        """The base configuration (from files) with the editor's settings on top."""
        changes: dict[str, Any] = {}
        if "lang" in self.given:
            changes["lang"] = self.lang
        if "select" in self.given:
            changes["select"] = self.select
        if "ignore" in self.given:
            changes["ignore"] = self.ignore
        if "rules" in self.given:
            changes["rule_dirs"] = tuple(base.rule_dirs) + self.rules
        if "spacyModels" in self.given:
            changes["models"] = self.models
        return replace(base, **changes)


def base_config(root: Path | None) -> Config:
    """The configuration the workspace's files give (msglint.yaml, .msglint.yaml or
    [tool.msglint] in pyproject.toml, found by walking up from the root), as the CLI reads it."""
    from linter import configfile

    found = configfile.find(root) if root is not None else None
    if found is None:
        return Config()
    eff = configfile.effective(configfile.load(found), None, {})
    return Config(
        lang=eff.lang,
        select=eff.select,
        ignore=eff.ignore,
        rule_dirs=eff.rule_dirs,
        severity=eff.severity,
        org=eff.org,
    )


def unwrap(raw: Any) -> Any:
    """`{"msglint": {...}}` or the settings object itself; None for nothing set."""
    if isinstance(raw, Mapping) and isinstance(raw.get("msglint"), Mapping):
        return raw["msglint"]
    return raw


def names_settings(raw: Any) -> bool:
    """Whether a pushed settings object says anything to msglint; clients also send null, {}
    or other servers' sections, which mean "ask me" (workspace/configuration) instead."""
    if not isinstance(raw, Mapping):
        return False
    return isinstance(raw.get("msglint"), Mapping) or any(k in raw for k in KNOWN_KEYS)


def parse_settings(raw: Any, root: Path | None = None) -> Settings:
    """Checks and normalises the settings; raises UsageError naming the key at fault."""
    raw = unwrap(raw)
    if raw is None:
        return Settings()
    if not isinstance(raw, Mapping):
        raise UsageError(f"settings must be an object, not {type(raw).__name__}")
    given = frozenset(k for k in KNOWN_KEYS if raw.get(k) is not None)
    unknown = tuple(sorted(str(k) for k in raw if k not in KNOWN_KEYS))
    lang = raw.get("lang") or "auto"
    if lang not in ("auto", "zh", "en"):
        raise UsageError(f"setting 'lang' is {lang!r}; use auto, zh or en")
    return Settings(
        lang=lang,
        select=_selectors(raw, "select"),
        ignore=_selectors(raw, "ignore"),
        rules=tuple(_path(p, root) for p in _strings(raw, "rules")),
        models=_models(raw.get("spacyModels")),
        debounce_ms=_debounce(raw.get("debounce")),
        given=given,
        unknown=unknown,
    )


def _strings(raw: Mapping, key: str) -> list[str]:
    value = raw.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise UsageError(f"setting '{key}' must be a string or a list of strings")


def _selectors(raw: Mapping, key: str) -> tuple[str, ...]:
    parts = (p.strip() for item in _strings(raw, key) for p in item.split(","))
    return tuple(p for p in parts if p)


def _path(value: str, root: Path | None) -> str:
    path = Path(value).expanduser()
    if not path.is_absolute() and root is not None:
        path = root / path
    return str(path)


def _models(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping) or not all(
        k in ("zh", "en") and isinstance(v, str) and v for k, v in value.items()
    ):
        raise UsageError(
            'setting \'spacyModels\' must map zh/en to a pipeline name, e.g. {"en": "en_core_web_sm"}'
        )
    return tuple(sorted(value.items()))


def _debounce(value: Any) -> int:
    if value is None:
        return DEFAULT_DEBOUNCE_MS
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000:
        raise UsageError("setting 'debounce' must be a whole number of milliseconds, 0 to 10000")
    return value


def is_config_file(path: Path, rule_dirs: tuple[str, ...]) -> bool:
    """Whether a changed file can change the lint: a config file, or a rule file in (or
    named by) the configured rule paths."""
    if path.name in CONFIG_FILE_NAMES:
        return True
    if path.suffix not in RULE_SUFFIXES:
        return False
    return any(path == rules or rules in path.parents for rules in map(Path, rule_dirs))
