"""Project config: msglint.yaml, .msglint.yaml or [tool.msglint] in pyproject.toml, found by
walking up from the linted file (the nearest one wins, as with ruff and ESLint).

Invalid config is an error that names the file, the line and the key, and exits 2.
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from linter.errors import MsglintError

NAMES = ("msglint.yaml", ".msglint.yaml", "pyproject.toml")


class ConfigError(MsglintError):
    """An invalid config file: `FILE:LINE: key 'KEY': problem`."""

    def __init__(self, path: str, line: int | None, key: str | None, problem: str) -> None:
        where = path + (f":{line}" if line else "")
        what = f"key '{key}': " if key else ""
        super().__init__(f"{where}: {what}{problem}")
        self.path, self.line, self.key, self.problem = path, line, key, problem


@dataclass
class ProjectConfig:
    """A loaded config file; `line_of` points at the line of a key for later errors."""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple, int] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent

    def line_of(self, *keys: Any) -> int | None:
        path = tuple(keys)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def settings_for(self, file: Path | None) -> dict[str, Any]:
        """The top-level settings with every matching `overrides` entry applied in order."""
        settings = {k: v for k, v in self.data.items() if k != "overrides"}
        settings["severity"] = dict(settings.get("severity", {}))
        if file is None:
            return settings
        try:
            rel = file.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            rel = file.name
        for entry in self.data.get("overrides", []):
            globs = _as_list(entry["files"])
            if not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(file.name, g) for g in globs):
                continue
            for key, value in entry.items():
                if key == "files":
                    continue
                if key == "severity":
                    settings["severity"].update(value)
                elif key == "ignore":
                    settings["ignore"] = _as_list(settings.get("ignore")) + _as_list(value)
                else:
                    settings[key] = value
        return settings

    def rule_dirs(self) -> list[str]:
        return [str((self.root / p).resolve()) for p in _as_list(self.data.get("rules"))]


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def find(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file's folder, or the folder itself)."""
    folder = start if start.is_dir() else start.parent
    return _find_in(folder.resolve())


def _find_in(folder: Path) -> Path | None:
    for name in NAMES:
        candidate = folder / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
            return candidate
    return None if folder.parent == folder else _find_in(folder.parent)


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\.msglint\s*[\].]", text, re.M) is not None


def load(path: Path) -> ProjectConfig:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, None, None, f"cannot read config file: {exc}") from None
    if path.name == "pyproject.toml":
        data, lines = _from_pyproject(text, source)
    else:
        try:
            from linter.yamlfile import load_yaml  # PyYAML only when a config file is read

            doc = load_yaml(text, source)
        except MsglintError as exc:  # invalid YAML, duplicate key, anchors
            detail = str(exc).split(": ", 1)[-1] if ": " in str(exc) else str(exc)
            raise ConfigError(source, _line_in(str(exc)), None, detail) from None
        data = doc.data if doc.data is not None else {}
        lines = doc.lines
    config = ProjectConfig(path, data if isinstance(data, dict) else data, lines)
    _validate(config)
    for i, entry in enumerate(_as_list(config.data.get("rules"))):
        if not (config.root / entry).exists():
            line = config.line_of("rules", i) or config.line_of("rules")
            raise ConfigError(source, line, "rules", f"no such rule file or directory: {entry}")
    return config


def _line_in(message: str) -> int | None:
    m = re.search(r":(\d+):", message)
    return int(m.group(1)) if m else None


def _from_pyproject(text: str, source: str) -> tuple[Any, dict[tuple, int]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            source, int(m.group(1)) if m else None, None, f"invalid TOML: {exc}"
        ) from None
    table = data.get("tool", {}).get("msglint", {})
    return table, _toml_lines(text, table)


def _toml_lines(text: str, table: Any) -> dict[tuple, int]:
    """TOML parsers keep no positions: find each key's line in the [tool.msglint...] tables."""
    lines: dict[tuple, int] = {}
    section: tuple = ()
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$", line)
        if header:
            parts = tuple(
                p.strip().strip('"') for p in re.findall(r'"[^"]*"|[^.]+', header.group(1))
            )
            inside = parts[:2] == ("tool", "msglint")
            section = parts[2:]
            if inside and section:
                lines.setdefault(section, number)
            continue
        key = re.match(r'\s*("[^"]+"|[A-Za-z0-9_-]+)\s*=', line)
        if inside and key:
            lines.setdefault((*section, key.group(1).strip('"')), number)
    return lines


@cache
def _schema_validator():
    from jsonschema import Draft202012Validator

    schema = json.loads((Path(__file__).parent / "schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _validate(config: ProjectConfig) -> None:
    source = str(config.path)
    if not isinstance(config.data, dict):
        raise ConfigError(source, 1, None, "the config must be a mapping of keys")
    errors = sorted(
        _schema_validator().iter_errors(config.data),
        key=lambda e: config.line_of(*e.absolute_path) or 0,
    )
    if not errors:
        return
    error = errors[0]
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        key = extra[0] if extra else ""
        line = config.line_of(*path, key)
        where = ".".join(str(p) for p in [*path, key] if not isinstance(p, int))
        raise ConfigError(source, line, where, "unknown key" + _hint(key, error.schema))
    key = ".".join(str(p) for p in path if not isinstance(p, int)) or None
    line = config.line_of(*path)
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        problem = f"must be one of: {allowed} (got {error.instance!r})"
    elif error.validator in ("type", "oneOf"):
        problem = f"has the wrong type (got {type(error.instance).__name__} {error.instance!r})"
    elif error.validator == "required":
        problem = error.message.replace("is a required property", "is required")
    else:
        problem = error.message
    raise ConfigError(source, line, key, problem)


def _hint(key: str, schema: dict) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(schema.get("properties", {})), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


STARTER = """\
# msglint project config. msglint uses the nearest msglint.yaml, .msglint.yaml or
# [tool.msglint] table in pyproject.toml found by walking up from each linted file.
# Every key is optional; command-line options win over this file.

# Language of the messages: auto (detected per paragraph), zh or en.
lang: auto

# Only these rules (rule ids, id prefixes such as zh.bypass, or pitfall ids such as flattery).
# select: [zh, en]

# Skip these rules (same selectors as select).
ignore: []

# Change the severity of a rule, a prefix or a whole pitfall: error | warning | info.
severity: {}
#   zh.value.ask-without-value: error
#   flattery: info

# Extra rule files or directories (your team's own pack), relative to this file.
rules: []

# Exit 1 when a finding is at or above this severity: error | warning | info | never.
fail-on: error

# Exit 1 when a message scores below this (0-100). Remove the key to not check scores.
# min-score: 80

# How to read files: auto (by suffix: .md .html .eml .txt, and .j2 .jinja .tmpl .mustache .hbs
# templates), text, markdown, html, email or template.
input-type: auto

# Settings for some files only; globs are relative to this file's folder ("*" crosses folders).
overrides: []
#   - files: ["announcements/*.md"]
#     input-type: template
#     severity: {template-defect: error}

# Who works where, for the bypass check on emails: a request whose Cc holds the manager of the
# person in To (when that manager is not the person) goes over your contact's head.
org: {}
#   li.si@example.com: {name: 李四, department: 数据平台部, manager: wang.wu@example.com}
#   wang.wu@example.com: {name: 王五, department: 数据平台部}
"""


@dataclass(frozen=True)
class Effective:
    """The settings one file is linted with, after config file, overrides and command line."""

    lang: str = "auto"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    rule_dirs: tuple[str, ...] = ()
    fail_on: str = "error"
    min_score: int | None = None
    input_type: str = "auto"
    org: Any = None  # OrgMap
    source: Path | None = None  # the config file, for errors


def effective(project: ProjectConfig | None, file: Path | None, cli: dict[str, Any]) -> Effective:
    """Command-line values win: --select replaces the file's select, --ignore and --rules add
    to the file's, and --lang, --fail-on, --min-score and --input-type replace the file's."""
    from linter.org import OrgMap

    s = project.settings_for(file) if project else {}
    org = OrgMap.from_config(s["org"]) if s.get("org") else None
    return Effective(
        lang=cli.get("lang") or s.get("lang", "auto"),
        select=tuple(cli.get("select") or _as_list(s.get("select"))),
        ignore=tuple(_as_list(s.get("ignore")) + list(cli.get("ignore") or ())),
        severity=tuple(sorted(s.get("severity", {}).items())),
        rule_dirs=tuple((project.rule_dirs() if project else []) + list(cli.get("rules") or ())),
        fail_on=cli.get("fail_on") or s.get("fail-on", "error"),
        min_score=cli["min_score"] if cli.get("min_score") is not None else s.get("min-score"),
        input_type=cli.get("input_type") or s.get("input-type", "auto"),
        org=org,
        source=project.path if project else None,
    )


def blame(project: ProjectConfig | None, selector: str) -> ConfigError | None:
    """A ConfigError pointing at the key of the config file that holds a bad selector."""
    if project is None:
        return None
    places = [("select",), ("ignore",), ("severity",)]
    places += [
        ("overrides", i, k)
        for i in range(len(project.data.get("overrides", [])))
        for k in ("select", "ignore", "severity")
    ]
    for place in places:
        value: Any = project.data
        for part in place:
            value = (
                value[part]
                if isinstance(value, dict | list)
                and (part in value if isinstance(value, dict) else part < len(value))
                else None
            )
        values = list(value) if isinstance(value, dict) else _as_list(value)
        if any(selector in [p.strip() for p in str(v).split(",")] for v in values):
            key = ".".join(str(p) for p in place if not isinstance(p, int))
            line = (
                project.line_of(*place, selector)
                if isinstance(value, dict)
                else project.line_of(*place)
            )
            return ConfigError(
                str(project.path), line, key, f"'{selector}' names no rule, rule prefix or pitfall"
            )
    return None
